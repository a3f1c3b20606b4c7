using Hbd.Server.Api;

namespace Hbd.Server.Commits;

/// <summary>A host as last committed, with the list view made once per commit rather than once per request.</summary>
public sealed record HostRecord(HostSnapshot Snapshot, HostSummaryView Summary)
{
    public string Name => Snapshot.Name;
}
