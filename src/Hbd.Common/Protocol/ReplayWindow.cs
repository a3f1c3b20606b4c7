namespace Hbd.Common.Protocol;

/// <summary>
/// Per-host replay protection, as IPsec does it: the highest sequence of the current run and a
/// 64-wide bitmap of those just below it, so reordered datagrams pass and repeated ones do not.
/// A new run id is believed only when its send time is within the clock-skew window and later than
/// the current run's last beat, so an old run cannot be replayed over a new one.
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

    /// <summary>Judges without changing state. <paramref name="checkClock"/> is on for signed datagrams.</summary>
    public readonly ReplayVerdict Check(ulong runId, ulong sequence, long sentAtUnixMs, long nowUnixMs, long maxSkewMs, bool checkClock)
    {
        if (HasRun && runId == RunId)
        {
            if (sequence > HighestSequence)
                return ReplayVerdict.Fresh;
            var behind = HighestSequence - sequence;
            if (behind == 0 || behind > Width)
                return ReplayVerdict.Replayed;
            return (_seenBelow & (1UL << (int)(behind - 1))) == 0 ? ReplayVerdict.Fresh : ReplayVerdict.Replayed;
        }
        if (checkClock)
        {
            if (sentAtUnixMs < nowUnixMs - maxSkewMs || sentAtUnixMs > nowUnixMs + maxSkewMs) // no Math.Abs: may overflow
                return ReplayVerdict.Stale;
            if (HasRun && sentAtUnixMs <= LastSentAtUnixMs)
                return ReplayVerdict.Stale;
        }
        return ReplayVerdict.NewRun;
    }

    /// <summary>Records a datagram that <see cref="Check"/> let through.</summary>
    public void Accept(ulong runId, ulong sequence, long sentAtUnixMs)
    {
        if (!HasRun || runId != RunId)
        {
            RunId = runId;
            HighestSequence = sequence;
            _seenBelow = 0;
            HasRun = true;
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
