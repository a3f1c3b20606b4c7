using System.Diagnostics;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Store;

/// <summary>
/// Puts the stored hosts back at start, before hbd serves: the registry's entries and the read model's records, built side
/// by side from the same rows (which neither changes), so a million hosts take the time of the slower half rather than of
/// both.
/// </summary>
public static partial class HostRestore
{
    /// <summary>How a restore went, for the start-up log: hosts put back, and the time the store's read and the whole took.</summary>
    public readonly record struct Summary(int Hosts, TimeSpan Read, TimeSpan Total);

    public static Summary Run(IHostStore store, HostRegistry registry, CommittedHosts model, long storeBytes = 0)
    {
        var started = Stopwatch.GetTimestamp();
        using var collector = RestoreCollector.Enter(storeBytes);
        var rows = store.LoadHosts();
        var read = Stopwatch.GetElapsedTime(started);
        Run(rows, registry, model);
        return new Summary(rows.Count, read, Stopwatch.GetElapsedTime(started));
    }

    public static void Log(ILogger logger, Summary summary) =>
        Restored(logger, summary.Hosts, summary.Total.TotalSeconds, summary.Read.TotalSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Hosts} hosts from the store in {Seconds:0.00} s (reading the rows {ReadSeconds:0.00} s)")]
    private static partial void Restored(ILogger logger, int hosts, double seconds, double readSeconds);

    public static void Run(IReadOnlyList<PersistedHost> rows, HostRegistry registry, CommittedHosts model)
    {
        var startedAt = registry.StartedAt;
        var records = Task.Factory.StartNew(() => model.Load(rows.Select(row => HostSnapshots.Restored(row, startedAt))),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        foreach (var row in rows)
            registry.Restore(HostSnapshots.Restore(row));
        records.GetAwaiter().GetResult();

        // Watched hosts never heard of: new entries, committed so that the API lists them before their deadline.
        registry.AddWatchHosts();
        foreach (var name in registry.Settings.WatchHosts)
        {
            if (registry.TryGet(name, out var entry) && !model.TryGet(name, out _))
                model.Load([HostSnapshots.Snapshot(entry)]);
        }
    }
}
