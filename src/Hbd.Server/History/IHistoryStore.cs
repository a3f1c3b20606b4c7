namespace Hbd.Server.History;

/// <summary>
/// Where metric history is kept: blocks of encoded samples, one per host, tier and period, and the catalog of series names.
/// One batch write is the unit of work; reads run beside it. Implementations are thread-safe.
/// </summary>
public interface IHistoryStore : IDisposable
{
    /// <summary>Creates or migrates the schema; a file that is not hbd's history, or not usable, is refused with a <see cref="StartupException"/>.</summary>
    void Open();

    /// <summary>Every series ever named, for the writer's catalog at start.</summary>
    IReadOnlyList<HistorySeries> LoadSeries();

    /// <summary>Writes the batch in one transaction.</summary>
    void Write(HistoryBatch batch);

    /// <summary>The host's blocks of <paramref name="tier"/> whose period overlaps [fromMs, untilMs], by start. Host names compare case-insensitively.</summary>
    IReadOnlyList<HistoryBlock> ReadBlocks(string host, HistoryTier tier, long fromMs, long untilMs);

    /// <summary>The hosts that have a block of <paramref name="tier"/> starting at <paramref name="startMs"/> or later and before <paramref name="untilMs"/>.</summary>
    IReadOnlyList<string> HostsWithBlocks(HistoryTier tier, long startMs, long untilMs);

    /// <summary>Blocks and bytes held, for /api/status and the benchmarks.</summary>
    HistoryStoreSize Size();
}

/// <summary>How much history is held: blocks per tier, the encoded bytes in them, and the file's size.</summary>
public sealed record HistoryStoreSize(IReadOnlyDictionary<HistoryTier, (long Blocks, long Bytes)> Tiers, long FileBytes);
