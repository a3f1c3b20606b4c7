using Hbd.Common;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Store;

namespace Hbd.Server.Tests.Api;

/// <summary>Read-model records for tests of the host list, made as a commit makes them.</summary>
internal static class HostRecords
{
    public static HostRecord Of(string name, HostState state = HostState.Up, AlertLevel level = AlertLevel.Ok) =>
        Of(new HostEntry(name) { State = state, Level = level });

    /// <summary>The record of a registry entry as the read model holds it after a commit.</summary>
    public static HostRecord Of(HostEntry entry)
    {
        var model = new CommittedHosts();
        model.Load([HostSnapshots.Snapshot(entry)]);
        Assert.True(model.TryGet(entry.Name, out var record));
        return record;
    }
}
