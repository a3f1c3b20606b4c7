using System.Runtime.InteropServices;
using Hbd.Common.Config;
using Hbd.Server.Cli;
using Hbd.Server.Config;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Journal;
using Hbd.Server.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Hosting;

/// <summary>
/// SIGHUP: read the config again and swap timeouts, classes, watched hosts, keys, metrics_export and the TLS certificate at
/// once. A bad file is refused with a journal entry and the old settings stay in force. Ports, addresses, the
/// data directory and whether HTTP is TLS at all are fixed at start; a change to them is reported as needing a restart.
/// </summary>
public sealed partial class ConfigReloader(
    ServerOptions initial, string? explicitPath, HostRegistry registry, DatagramPipeline pipeline, StoreWriter journal,
    ServerCertificate? certificate, TimeProvider time, ILogger<ConfigReloader> logger,
    Metrics.MetricsExportSetting? metricsExport = null) : IHostedService, IDisposable
{
    private readonly Lock _sync = new();
    private PosixSignalRegistration? _registration;
    private ServerOptions _current = initial;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                ThreadPool.QueueUserWorkItem(_ => Reload());
            });
        return Task.CompletedTask;
    }

    /// <summary>Reloads now; true when the new settings were taken.</summary>
    public bool Reload()
    {
        lock (_sync)
        {
            ServerOptions next;
            try
            {
                next = ServerMain.LoadOptions(explicitPath ?? _current.ConfigPath, out _);
            }
            catch (ConfigException e)
            {
                LogRejected(logger, e.Message);
                journal.Append(new JournalEntry(0, time.GetUtcNow(), null, JournalKinds.ConfigRejected, "warning",
                    $"new configuration refused, the old one stays in force: {e.Message}"));
                return false;
            }
            registry.Reconfigure(SettingsFactory.Monitor(next));
            pipeline.UseKeys(SettingsFactory.Keys(next));
            metricsExport?.Value = next.MetricsExport;
            // Renewed certificates (certbot and the like) are the common case: taken without a restart.
            if (certificate is not null && next.Tls is { } tls)
            {
                certificate.Use(tls);
                certificate.Report(logger, time.GetUtcNow());
            }
            if (RestartOnly(_current, next) is { Length: > 0 } changed)
                LogNeedsRestart(logger, changed);
            _current = next;
            LogReloaded(logger, next.ConfigPath ?? "embedded defaults");
            journal.Append(new JournalEntry(0, time.GetUtcNow(), null, JournalKinds.ConfigReloaded, null,
                $"configuration reloaded from {next.ConfigPath ?? "embedded defaults"}"));
            return true;
        }
    }

    /// <summary>The keys, comma-separated, whose change waits for a restart; empty when there is none.</summary>
    internal static string RestartOnly(ServerOptions current, ServerOptions next)
    {
        var changed = new List<string>();
        if (!next.Listen.Equals(current.Listen))
            changed.Add("listen");
        if (next.HbPort != current.HbPort)
            changed.Add("hb_port");
        if (next.HbdPort != current.HbdPort)
            changed.Add("hbd_port");
        if (next.DataDir != current.DataDir)
            changed.Add("data_dir");
        if (next.HistoryDays != current.HistoryDays)
            changed.Add("history_days");
        if (next.Notify.Fingerprint() != current.Notify.Fingerprint()
            || next.Classes.Select(c => c.Notify).SequenceEqual(current.Classes.Select(c => c.Notify)) == false)
            changed.Add("the notification settings");
        if (next.Dns.Fingerprint() != current.Dns.Fingerprint())
            changed.Add("the dynamic DNS settings");
        // The listeners are plain or TLS from the start; a certificate for a plain one has nowhere to go.
        if ((next.Tls is null) != (current.Tls is null))
            changed.Add("tls_cert and tls_key");
        return string.Join(", ", changed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _registration?.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration refused, the old one stays in force: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration reloaded from {Path}")]
    private static partial void LogReloaded(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Changed {Keys}: they take effect at the next restart")]
    private static partial void LogNeedsRestart(ILogger logger, string keys);
}
