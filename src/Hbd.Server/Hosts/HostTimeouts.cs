namespace Hbd.Server.Hosts;

/// <summary>How long a host may be silent before it is late, and before it is down.</summary>
public readonly record struct HostTimeouts(TimeSpan LateAfter, TimeSpan DownAfter)
{
    public const int LateFactor = 2;
    public const int DownFactor = 4;

    /// <summary>The interval assumed for a watched host that has never announced one.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Class settings beat global settings beat multiples of the announced interval.
    /// A late_after at or past down_after would make "late" unreachable, so it is capped just below.
    /// </summary>
    public static HostTimeouts Resolve(TimeSpan interval, HostClassSettings? hostClass, TimeSpan? globalLate, TimeSpan? globalDown)
    {
        if (interval <= TimeSpan.Zero)
            interval = DefaultInterval;
        var down = hostClass?.DownAfter ?? globalDown ?? interval * DownFactor;
        var late = hostClass?.LateAfter ?? globalLate ?? interval * LateFactor;
        if (late >= down)
            late = down * 0.75;
        return new HostTimeouts(late, down);
    }
}

/// <summary>What a host class (SPEC §3 `classes`) overrides for its members.</summary>
public sealed record HostClassSettings(string Name, TimeSpan? LateAfter, TimeSpan? DownAfter, bool Notify);
