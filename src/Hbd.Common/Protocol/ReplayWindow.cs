namespace Hbd.Common.Protocol;

/// <summary>
/// Per-host replay protection, as IPsec does it: the highest sequence of the current run and a
/// 64-wide bitmap of those just below it, so reordered datagrams pass and repeated ones do not.
/// A new run id is believed only when its send time is within the clock-skew window and later than
/// the current run's last beat, so an old run cannot be replayed over a new one; a verified beat of
/// the current run must be within the clock-skew window too.
/// </summary>
public struct ReplayWindow
{
    private const int Width = 64;
    private ulong _seenBelow;

    public ulong RunId { get; private set; }

    public ulong HighestSequence { get; private set; }

    public long LastSentAtUnixMs { get; private set; }

    public bool HasRun { get; private set; }

    /// <summary>Restores the state kept in the store after a restart (the bitmap is not kept: only newer sequences pass).</summary>
    public static ReplayWindow Restore(ulong runId, ulong highestSequence, long lastSentAtUnixMs) =>
        new() { RunId = runId, HighestSequence = highestSequence, LastSentAtUnixMs = lastSentAtUnixMs, HasRun = true, _seenBelow = ulong.MaxValue };

    /// <summary>
    /// Judges without changing state. <paramref name="checkClock"/> is on for verified datagrams: then every beat, not
    /// only the first of a run, must be sent within <paramref name="maxSkewMs"/> of the server's clock, so one beat with a
    /// wild clock cannot push the latest send time years ahead and lock every later run out.
    /// </summary>
    public readonly ReplayVerdict Check(ulong runId, ulong sequence, long sentAtUnixMs, long nowUnixMs, long maxSkewMs, bool checkClock)
    {
        var outsideSkew = checkClock && IsOutsideSkew(sentAtUnixMs, nowUnixMs, maxSkewMs);
        if (HasRun && runId == RunId)
        {
            if (sequence > HighestSequence)
                return outsideSkew ? ReplayVerdict.Stale : ReplayVerdict.Fresh;
            var behind = HighestSequence - sequence;
            if (behind == 0 || behind > Width || (_seenBelow & (1UL << (int)(behind - 1))) != 0)
                return ReplayVerdict.Replayed;
            return outsideSkew ? ReplayVerdict.Stale : ReplayVerdict.Fresh;
        }
        if (outsideSkew)
            return ReplayVerdict.Stale;
        // A latest send time beyond the skew window cannot come from an agent with a good clock (it was stored unsigned,
        // before a key was set, or by an older server): it must not hold back a run that is sent on time.
        if (checkClock && HasRun && sentAtUnixMs <= LastSentAtUnixMs && !IsAhead(LastSentAtUnixMs, nowUnixMs, maxSkewMs))
            return ReplayVerdict.Stale;
        return ReplayVerdict.NewRun;
    }

    /// <summary>Whether a send time lies outside the skew window around now (no Math.Abs: it may overflow).</summary>
    public static bool IsOutsideSkew(long sentAtUnixMs, long nowUnixMs, long maxSkewMs) =>
        sentAtUnixMs < nowUnixMs - maxSkewMs || IsAhead(sentAtUnixMs, nowUnixMs, maxSkewMs);

    private static bool IsAhead(long sentAtUnixMs, long nowUnixMs, long maxSkewMs) => sentAtUnixMs > nowUnixMs + maxSkewMs;

    /// <summary>Records a datagram that <see cref="Check"/> let through.</summary>
    public void Accept(ulong runId, ulong sequence, long sentAtUnixMs)
    {
        if (!HasRun || runId != RunId)
        {
            RunId = runId;
            HighestSequence = sequence;
            _seenBelow = 0;
            HasRun = true;
            // The window speaks of the current run: a signed new run is later than the old one anyway, and a latest
            // send time that Check had to disregard is dropped here rather than kept.
            LastSentAtUnixMs = sentAtUnixMs;
            return;
        }
        else if (sequence > HighestSequence)
        {
            var shift = sequence - HighestSequence;
            _seenBelow = shift >= Width ? 0 : _seenBelow << (int)shift;
            if (shift <= Width)
                _seenBelow |= 1UL << (int)(shift - 1); // the previous highest
            HighestSequence = sequence;
        }
        else
        {
            _seenBelow |= 1UL << (int)(HighestSequence - sequence - 1);
        }
        LastSentAtUnixMs = Math.Max(LastSentAtUnixMs, sentAtUnixMs);
    }
}
