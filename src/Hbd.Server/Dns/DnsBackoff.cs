namespace Hbd.Server.Dns;

/// <summary>
/// How long a failed update waits before it is tried again: 2 s doubling to 5 min, jittered by ±20 % so that many hosts
/// that failed together (a DNS server restarting) do not all come back in the same second.
/// </summary>
internal static class DnsBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    public static TimeSpan After(int failuresInARow)
    {
        var seconds = Math.Min(First.TotalSeconds * Math.Pow(2, Math.Max(0, failuresInARow - 1)), Max.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }
}
