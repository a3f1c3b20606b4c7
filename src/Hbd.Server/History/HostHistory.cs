namespace Hbd.Server.History;

/// <summary>
/// What the history writer holds of one host: the beat it recorded last (a commit that changed only the host's state
/// carries the same beat again) and the samples of the current minute. Queries read the open block under <see cref="Sync"/>.
/// </summary>
public sealed class HostHistory(string name)
{
    public Lock Sync { get; } = new();

    public string Name { get; } = name;

    public OpenBlock Open { get; } = new();

    /// <summary>A closed minute not yet in the store, encoded: still shown to queries until its write commits.</summary>
    public HistoryBlock? Closing { get; set; }

    public ulong RunId { get; set; }

    public ulong Sequence { get; set; }

    public long LastBeatMs { get; set; } = long.MinValue;
}
