using Hbd.Server.Api;
using Hbd.Server.Cli;
using Hbd.Server.Commits;
using Hbd.Server.Config;
using Hbd.Server.Hosting;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Logging;
using Hbd.Server.Metrics;
using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;
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

    public static WebApplication Build(ServerOptions options, bool verbose, string? explicitConfigPath = null)
    {
        var time = TimeProvider.System;
        var feed = new ChangeFeed();
        var registry = new HostRegistry(feed, time, SettingsFactory.Monitor(options));
        var scheduler = new DeadlineScheduler(registry, time);
        IStore store = new SqliteStore(Path.Combine(options.DataDir, "hbd.db"));
        store.Open();
        ListenSockets sockets;
        try
        {
            sockets = ListenSockets.Bind(options.Listen, options.HbPort, options.HbdPort);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        var builder = WebApplication.CreateSlimBuilder();
        ConfigureLogging(builder.Logging, verbose);
        builder.WebHost.UseSockets(transport => transport.CreateBoundListenSocket = sockets.TakeHttp);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Listen, options.HbdPort);
            RequestLimits.RaiseKestrelLimits(kestrel.Limits);
        });
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default));

        foreach (var host in store.LoadHosts())
            registry.Restore(HostSnapshots.Restore(host));
        registry.AddWatchHosts();
        var commits = new CommitFeed(new CommittedHosts());
        commits.Hosts.Load(registry.All.Select(HostSnapshots.Snapshot));

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
        services.AddSingleton(commits);
        services.AddSingleton(commits.Hosts);
        services.AddSingleton(counters);
        services.AddSingleton(pipeline);
        services.AddSingleton(new ApiTokens(options.ApiToken, options.ReadToken));
        services.AddSingleton(new JournalRetention(TimeSpan.FromDays(options.JournalMaxDays), options.JournalMaxEntries));
        services.AddSingleton<StoreHealth>();
        var metricsExport = new MetricsExportSetting(options.MetricsExport);
        services.AddSingleton(metricsExport);
        services.AddSingleton<MetricsExposition>();
        services.AddSingleton<StoreWriter>();
        services.AddSingleton<ChangeLogger>();
        // Subscribers first, so they see every change from the first datagram on.
        services.AddHostedService(sp => sp.GetRequiredService<StoreWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<ChangeLogger>());
        services.AddHostedService(_ => scheduler);
        services.AddHostedService(sp => new UdpReceiver(sockets.Udp, pipeline, counters,
            sp.GetRequiredService<ILogger<UdpReceiver>>()));
        services.AddHostedService(sp => new ConfigReloader(options, explicitConfigPath, registry, pipeline,
            sp.GetRequiredService<StoreWriter>(), time, sp.GetRequiredService<ILogger<ConfigReloader>>(), metricsExport));
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        var app = builder.Build();
        // Before routing: a request over the limits is answered without being matched; every bodiless error becomes JSON.
        app.Use(RequestLimits.Enforce);
        app.UseJsonStatusCodeErrors();
        app.UseRouting();
        app.MapHealthEndpoint(); // open, for load balancers and systemd watchdogs
        var api = app.MapGroup("").AddEndpointFilter<ReadAccessFilter>();
        api.MapHostsEndpoints();
        api.MapJournalEndpoints();
        api.MapStatusEndpoints();
        api.MapMetricsEndpoint();
        app.Lifetime.ApplicationStopped.Register(store.Dispose);
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
