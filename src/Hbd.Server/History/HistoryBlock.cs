namespace Hbd.Server.History;

/// <summary>
/// One stored block: a host's encoded samples or points of one tier over [<see cref="StartMs"/>, <see cref="EndMs"/>],
/// where StartMs is the aligned start of the block's period (<see cref="HistoryTiers.BlockStart"/>) and EndMs the time of
/// its last sample or point. <see cref="Data"/> is the block codec's encoding.
/// </summary>
public sealed record HistoryBlock(string Host, HistoryTier Tier, long StartMs, long EndMs, byte[] Data);

/// <summary>One transaction of the history writer.</summary>
public sealed record HistoryBatch
{
    /// <summary>Series named for the first time; written before the blocks that refer to them.</summary>
    public IReadOnlyList<HistorySeries> NewSeries { get; init; } = [];

    /// <summary>Blocks to write; one with the same host, tier and start as a stored block replaces it.</summary>
    public IReadOnlyList<HistoryBlock> Blocks { get; init; } = [];

    /// <summary>Hosts whose whole history goes (the host was deleted).</summary>
    public IReadOnlyList<string> RemovedHosts { get; init; } = [];

    /// <summary>Per tier, blocks whose period ended before this time (Unix ms) go: the tier's retention.</summary>
    public IReadOnlyList<HistoryPrune> Prune { get; init; } = [];
}

/// <summary>Blocks of <see cref="Tier"/> that start before <see cref="BeforeMs"/> are deleted.</summary>
public readonly record struct HistoryPrune(HistoryTier Tier, long BeforeMs);
