namespace Hbd.Common.Protocol;

/// <summary>What the replay window says of a datagram's run id, sequence and send time.</summary>
public enum ReplayVerdict
{
    /// <summary>Next in the current run, or a reordered one not seen before.</summary>
    Fresh,

    /// <summary>A run id not seen before, sent within the clock-skew window: the agent restarted.</summary>
    NewRun,

    /// <summary>A sequence already seen (or too old to tell) in the current run.</summary>
    Replayed,

    /// <summary>Sent outside the clock-skew window (verified datagrams), or a new run older than the current run's last beat.</summary>
    Stale,
}
