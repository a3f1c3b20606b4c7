namespace Hbd.Server.Hosts;

/// <summary>How long a host may be silent before it is late, and before it is down.</summary>
public readonly record struct HostTimeouts(TimeSpan LateAfter, TimeSpan DownAfter)
{
    public const int LateFactor = 2;
    public const int DownFactor = 4;

    /// <summary>The interval assumed for a watched host that has never announced one.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The shortest interval deadlines are derived from. A peer may announce 1 ms; taken at its word,
    /// every missed beat would flap the host late → down → up and fill the journal.
    /// </summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Class settings beat global settings beat multiples of the announced interval, which counts as at
    /// least <see cref="MinInterval"/> here (the host's view still shows what it announced).
    /// A late_after at or past down_after would make "late" unreachable, so it is capped just below.
    /// </summary>
    public static HostTimeouts Resolve(TimeSpan interval, HostClassSettings? hostClass, TimeSpan? globalLate, TimeSpan? globalDown)
    {
        if (interval <= TimeSpan.Zero)
            interval = DefaultInterval;
        else if (interval < MinInterval)
            interval = MinInterval;
        var down = hostClass?.DownAfter ?? globalDown ?? interval * DownFactor;
        var late = hostClass?.LateAfter ?? globalLate ?? interval * LateFactor;
        if (late >= down)
            late = down * 0.75;
        return new HostTimeouts(late, down);
    }
}

/// <summary>What a host class (`classes`, docs/configuration.md) overrides for its members.</summary>
public sealed record HostClassSettings(string Name, TimeSpan? LateAfter, TimeSpan? DownAfter, bool Notify);
