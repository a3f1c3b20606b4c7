namespace Hbd.Server.Notify;

/// <summary>
/// When to try a failed notification again: 5 s after the first attempt, doubling to at most an hour, each delay spread by
/// ±20 % so that many rows failing together do not retry together; a service's own "retry after" is honoured (up to the hour).
/// </summary>
public static class NotifyBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Max = TimeSpan.FromHours(1);
    public const double Jitter = 0.2;

    /// <param name="attempts">Attempts made so far, this one included (1 after the first).</param>
    /// <param name="retryAfter">What the service asked for, if anything.</param>
    /// <param name="random">A number in [0, 1) for the spread.</param>
    public static TimeSpan Delay(int attempts, TimeSpan? retryAfter, double random)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
            return asked < Max ? asked : Max;
        var exponent = Math.Clamp(attempts - 1, 0, 20);
        var delay = Math.Min(First.TotalSeconds * Math.Pow(2, exponent), Max.TotalSeconds);
        return TimeSpan.FromSeconds(delay * (1 - Jitter + (2 * Jitter * random)));
    }
}
