using System.Runtime;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;

namespace Hbd.Server.Store;

/// <summary>
/// Puts the stored hosts back at start, before hbd serves: the registry's entries and the read model's records, built side
/// by side from the same rows (they share every row's body and share nothing mutable), so a million hosts take the time of
/// the slower half rather than of both.
/// </summary>
public static class HostRestore
{
    public static void Run(IHostStore store, HostRegistry registry, CommittedHosts model)
    {
        // Everything made here lives on: the background collector would trace a growing heap again and again for nothing.
        var latency = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        try
        {
            Run(store.LoadHosts(), registry, model);
        }
        finally
        {
            GCSettings.LatencyMode = latency;
        }
    }

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
