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
/// SIGHUP: read the config again and swap timeouts, classes, watched hosts, keys and metrics_export at once. A bad
/// file is refused with a journal entry and the old settings stay in force. Ports, addresses and the
/// data directory are bound at start; a change to them is reported as needing a restart.
/// </summary>
public sealed partial class ConfigReloader(
    ServerOptions initial, string? explicitPath, HostRegistry registry, DatagramPipeline pipeline, StoreWriter journal,
    TimeProvider time, ILogger<ConfigReloader> logger, Metrics.MetricsExportSetting? metricsExport = null) : IHostedService, IDisposable
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
                ServerOptionsSupport.EnsureSupported(next);
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
            if (!next.Listen.Equals(_current.Listen) || next.HbPort != _current.HbPort || next.HbdPort != _current.HbdPort
                || next.DataDir != _current.DataDir)
                LogNeedsRestart(logger);
            _current = next;
            LogReloaded(logger, next.ConfigPath ?? "embedded defaults");
            journal.Append(new JournalEntry(0, time.GetUtcNow(), null, JournalKinds.ConfigReloaded, null,
                $"configuration reloaded from {next.ConfigPath ?? "embedded defaults"}"));
            return true;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _registration?.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration refused, the old one stays in force: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration reloaded from {Path}")]
    private static partial void LogReloaded(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listen address, ports or data_dir changed: they take effect at the next restart")]
    private static partial void LogNeedsRestart(ILogger logger);
}
