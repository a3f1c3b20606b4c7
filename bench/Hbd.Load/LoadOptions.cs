using System.Net;

namespace Hbd.Load;

/// <summary>What one hbload run does, as given on the command line.</summary>
/// <param name="Server">where the beats go</param>
/// <param name="Hosts">simulated hosts, load-000001 …</param>
/// <param name="Rate">datagrams per second over all hosts; <see cref="double.PositiveInfinity"/> for as fast as possible</param>
/// <param name="Seconds">how long to send</param>
/// <param name="Key">the shared secret that signs the beats; null sends them unsigned</param>
/// <param name="DownPercent">the share of hosts that stop after their first beat</param>
/// <param name="Threads">sender threads, each with a socket of its own and a slice of the hosts</param>
/// <param name="Batch">datagrams per sendmmsg call</param>
/// <param name="Pool">encode and sign every beat before the clock starts, rather than as they go</param>
/// <param name="Offload">send batches with UDP segmentation offload where the kernel allows</param>
internal sealed record LoadOptions(
    IPEndPoint Server, int Hosts, double Rate, double Seconds, string? Key, double DownPercent, int Threads, int Batch, bool Pool,
    bool Offload)
{
    /// <summary>The announced interval when the rate is unbounded and so says nothing about it.</summary>
    public static readonly TimeSpan UnboundedInterval = TimeSpan.FromSeconds(10);

    public bool IsUnbounded => double.IsPositiveInfinity(Rate);

    /// <summary>
    /// The interval each beat announces: how often every host comes round at this rate, so that hbd's late and down
    /// deadlines fit the simulated hosts (hbd counts anything below 1 s as 1 s).
    /// </summary>
    public TimeSpan Interval => IsUnbounded ? UnboundedInterval : TimeSpan.FromMilliseconds(Math.Max(1, Math.Round(Hosts / Rate * 1000)));
}
