namespace Hbd.Server.Hosting;

/// <summary>
/// Lets the first <c>perSecond</c> lines of each second through and counts the rest, so a flood of host changes
/// writes a few lines and one summary per second instead of a line each. Used by one thread.
/// </summary>
public sealed class LogThrottle(int perSecond)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _taken;
    private int _suppressed;

    /// <summary>True when a line may be written at <paramref name="now"/>; false counts it for the summary.</summary>
    public bool TryTake(DateTimeOffset now)
    {
        // While lines are held back the window stays, until TakeSuppressed has reported them: the summary comes first.
        if (now - _windowStart >= Window && _suppressed == 0)
        {
            _windowStart = now;
            _taken = 0;
        }
        if (_taken < perSecond)
        {
            _taken++;
            return true;
        }
        _suppressed++;
        return false;
    }

    /// <summary>Once the second in which lines were held back is over: how many, and a fresh window. Else 0.</summary>
    public int TakeSuppressed(DateTimeOffset now)
    {
        if (_suppressed == 0 || now - _windowStart < Window)
            return 0;
        var count = _suppressed;
        _suppressed = 0;
        _windowStart = now;
        _taken = 0;
        return count;
    }
}
