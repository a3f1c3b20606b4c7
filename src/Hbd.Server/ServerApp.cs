using Hbd.Server.Api;
using Hbd.Server.Cli;
using Hbd.Server.Commits;
using Hbd.Server.Config;
using Hbd.Server.Dns;
using Hbd.Server.Hosting;
using Hbd.Server.History;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Live;
using Hbd.Server.Logging;
using Hbd.Server.Silences;
using Hbd.Server.Metrics;
using Hbd.Server.Notify;
using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;
using Hbd.Server.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Hbd.Server;

/// <summary>Wires the server together: store, registry, scheduler, ingest, API. Explicit, so the order of start is plain.</summary>
public static class ServerApp
{
    public static int Run(ServerOptions options, bool verbose, bool daemonChild, string? explicitConfigPath = null)
    {
        // Before the store is opened or a port bound: a second hbd on this data_dir must touch nothing.
        using var dataDirLock = DataDirLock.Acquire(options.DataDir);
        using var app = Build(options, verbose, explicitConfigPath);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (daemonChild)
                Daemon.WritePidFile(options);
        });
        app.Run();
        if (daemonChild)
            Daemon.RemovePidFile(options);
        return ServerCommandLine.Ok;
    }

    /// <summary>The whole server, built and not started. <paramref name="overrides"/> replaces registered services after the defaults (tests: a smaller feed queue, say).</summary>
    public static WebApplication Build(ServerOptions options, bool verbose, string? explicitConfigPath = null,
        Action<IServiceCollection>? overrides = null)
    {
        var time = TimeProvider.System;
        var feed = new ChangeFeed();
        var registry = new HostRegistry(feed, time, SettingsFactory.Monitor(options));
        var scheduler = new DeadlineScheduler(registry, time);
        var storePath = Path.Combine(options.DataDir, "hbd.db");
        var storeBytes = File.Exists(storePath) ? new FileInfo(storePath).Length : 0;
        IStore store = new SqliteStore(storePath);
        store.Open();
        IHistoryStore? history = null;
        ListenSockets sockets;
        try
        {
            history = HistorySetup.Open(options);
            sockets = ListenSockets.Bind(options.Listen, options.HbPort, options.HbdPort, options.WsPort);
        }
        catch
        {
            history?.Dispose();
            store.Dispose();
            throw;
        }

        var certificate = options.Tls is { } tls ? new ServerCertificate(tls) : null;
        // hbd's settings come from its own file, never appsettings.json: no file watcher on the content root (the
        // working directory, often data_dir), which would wake on every database write; and the root is the install
        // folder, not wherever hbd was started.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Under systemd: READY=1 at ApplicationStarted, when the sockets bound above listen and ingest runs.
        // Before our logging, because it sets systemd's console format and ours must win (it escapes peers' text).
        builder.Services.AddSystemd();
        ConfigureLogging(builder.Logging, verbose);
        builder.WebHost.UseSockets(transport => transport.CreateBoundListenSocket = sockets.TakeTcp);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Listen, options.HbdPort, listen => listen.UseHbdTls(certificate));
            kestrel.Listen(options.Listen, options.WsPort, listen => listen.UseHbdTls(certificate));
            RequestLimits.RaiseKestrelLimits(kestrel.Limits);
        });
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default);
            json.SerializerOptions.TypeInfoResolverChain.Add(RestJson.Default);
        });

        var metricsExport = new MetricsExportSetting(options.MetricsExport);
        var commits = new CommitFeed(new CommittedHosts(name => registry.Settings.ClassOf(name)?.Name, store,
            keepBodies: () => metricsExport.Value == MetricsExport.All));
        registry.Reconfigured += commits.Hosts.Reclassify;
        var restored = HostRestore.Run(store, registry, commits.Hosts, storeBytes);

        var counters = new IngestCounters();
        var pipeline = new DatagramPipeline(registry, counters, new RecentMessages(), time);
        pipeline.UseKeys(SettingsFactory.Keys(options));

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton(feed);
        services.AddSingleton(registry);
        services.AddSingleton(store);
        services.AddSingleton<IJournalStore>(store);
        services.AddSingleton<ISilenceStore>(store);
        services.AddSingleton<Hbd.Server.Notify.IOutboxStore>(sp => sp.GetRequiredService<IStore>());
        services.AddSingleton(new ActiveSilences(store));
        services.AddSingleton(commits);
        services.AddSingleton(commits.Hosts);
        services.AddSingleton(counters);
        services.AddSingleton(pipeline);
        services.AddSingleton(new ApiTokens(options.ApiToken, options.ReadToken));
        services.AddSingleton(new JournalRetention(TimeSpan.FromDays(options.JournalMaxDays), options.JournalMaxEntries));
        services.AddSingleton<StoreHealth>();
        services.AddSingleton(new LiveFeedSettings());
        services.AddSingleton<LiveClientSlots>();
        services.AddSingleton(metricsExport);
        services.AddSingleton<MetricsExposition>();
        services.AddNotifications(options);
        services.AddSingleton(sp => new StoreWriter(sp.GetRequiredService<IStore>(), registry, feed, commits, time,
            sp.GetRequiredService<JournalRetention>(), sp.GetRequiredService<StoreHealth>(), sp.GetRequiredService<ILogger<StoreWriter>>(),
            sp.GetService<NotificationRouter>(), sp.GetService<NotificationSignal>()));
        services.AddSingleton<ChangeLogger>();
        // Readers of the stream first, so they see every change from the first datagram on; stopped in reverse order, the
        // logger stops after the store writer's last flush and logs it too.
        services.AddHostedService(sp => sp.GetRequiredService<ChangeLogger>());
        services.AddHistory(history, options);
        services.AddDynamicDns(options); // reads the committed stream: subscribes before the store writer starts
        services.AddHostedService(sp => sp.GetRequiredService<StoreWriter>());
        if (options.Notify.Channels.Count > 0)
            services.AddHostedService(sp => sp.GetRequiredService<NotificationSender>());
        services.AddHostedService(_ => scheduler);
        services.AddHostedService<SilenceExpiry>();
        services.AddHostedService(sp => new UdpReceiver(sockets.Udp, pipeline, counters,
            sp.GetRequiredService<ILogger<UdpReceiver>>()));
        services.AddHostedService(sp => new ConfigReloader(options, explicitConfigPath, registry, pipeline,
            sp.GetRequiredService<StoreWriter>(), certificate, time, sp.GetRequiredService<ILogger<ConfigReloader>>(), metricsExport));
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        services.AddApiDescription();
        services.AddSingleton(UiAssets.Load(typeof(ServerApp).Assembly));
        overrides?.Invoke(services);

        var app = builder.Build();
        // Before routing: a request over the limits is answered without being matched; every bodiless error becomes JSON.
        app.Use(RequestLimits.Enforce);
        app.UseJsonStatusCodeErrors();
        app.UseLiveFeed(options.WsPort);
        app.UseRouting();
        app.MapHealthEndpoint(); // open, for load balancers and systemd watchdogs
        app.MapPingEndpoints(); // a host's key will do: outside the read_token guard
        app.MapUi(); // the page holds no data: outside the read_token guard too
        var api = app.MapGroup("").AddEndpointFilter<ReadAccessFilter>();
        api.MapHostsEndpoints();
        api.MapHistoryEndpoints();
        api.MapJournalEndpoints();
        api.MapStatusEndpoints();
        api.MapMetricsEndpoint();
        api.MapJournalPostEndpoint();
        api.MapSilencesEndpoints();
        api.MapNotificationsEndpoints();
        api.MapApiDescription();
        HostRestore.Log(app.Services.GetRequiredService<ILogger<HostRegistry>>(), restored);
        certificate?.Report(app.Services.GetRequiredService<ILogger<ServerCertificate>>(), time.GetUtcNow());
        app.Lifetime.ApplicationStopped.Register(store.Dispose);
        if (history is not null)
            app.Lifetime.ApplicationStopped.Register(history.Dispose);
        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        // Our own formatter: peers' text (host names, messages) is escaped so one call is one line.
        logging.AddConsole(console => console.FormatterName = LogLineFormatter.FormatterName);
        // What AddConsoleFormatter does, minus binding formatter options from configuration: that binding is
        // not trim- or AOT-safe, and this formatter has no options.
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, LogLineFormatter>());
        logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
    }
}
