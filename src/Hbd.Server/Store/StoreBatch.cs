using Hbd.Server.Journal;

namespace Hbd.Server.Store;

/// <summary>What the store writer collected since its last write; written in one transaction.</summary>
public sealed record StoreBatch(IReadOnlyList<PersistedHost> Hosts, IReadOnlyList<JournalEntry> Journal, IReadOnlyList<string> RemovedHosts)
{
    public bool IsEmpty => Hosts.Count == 0 && Journal.Count == 0 && RemovedHosts.Count == 0;
}
