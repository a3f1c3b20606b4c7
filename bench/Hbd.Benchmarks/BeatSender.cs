using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hbd.Common.Protocol;
using Hbd.Common.Tests.Protocol;

namespace Hbd.Benchmarks;

/// <summary>
/// Hosts h000000… beating every 10 s over loopback UDP, paced evenly: a small burst every few milliseconds, so the
/// server sees a steady stream as from real agents rather than one spike per interval. Each beat is the typical beat,
/// signed, with sent_at now, its own sequence number and a few values moving, so the history stores something that
/// changes. Beat k goes to host k mod HOSTS: the first HOSTS beats are one round of every host.
/// </summary>
internal sealed class BeatSender : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(4);

    private readonly string[] _names;
    private readonly ulong _runId;
    private readonly Socket _socket;
    private readonly HeartbeatSigner _signer;
    private readonly HeartbeatEncoder _encoder = new();
    private readonly Heartbeat _template = TypicalBeats.Typical();
    private readonly long[] _lastSentTicks;
    private long _sent;

    public BeatSender(int hosts, int port, byte[] key)
    {
        _names = [.. Enumerable.Range(0, hosts).Select(i => $"h{i:D6}")];
        _lastSentTicks = new long[hosts];
        _runId = (ulong)Random.Shared.NextInt64();
        _signer = new HeartbeatSigner(key);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
    }

    /// <summary>Hosts that no longer beat (set by the caller): their turns pass without a datagram.</summary>
    public Func<int, bool>? Stopped { get; init; }

    /// <summary>When host <paramref name="host"/>'s latest datagram left (UTC ticks), 0 before its first.</summary>
    public long LastSentTicks(int host) => Interlocked.Read(ref _lastSentTicks[host]);

    public static string Name(int host) => $"h{host:D6}";

    /// <summary>Datagrams sent so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Beats per second the pace aims at: every host once per interval.</summary>
    public double Rate => _names.Length / Interval.TotalSeconds;

    /// <summary>Sends on a thread of its own until <paramref name="stop"/>; behind the pace, it catches up at once.</summary>
    public Task RunAsync(CancellationToken stop) => Task.Factory.StartNew(() =>
    {
        var clock = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * Rate);
            for (var k = _sent; k < due; k++)
            {
                var host = (int)(k % _names.Length);
                if (Stopped?.Invoke(host) != true)
                {
                    _socket.Send(_encoder.Encode(Beat(k), _signer).Span);
                    Interlocked.Exchange(ref _lastSentTicks[host], DateTime.UtcNow.Ticks);
                }
                Interlocked.Exchange(ref _sent, k + 1);
            }
            Thread.Sleep(Tick);
        }
    }, stop, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Beats <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1 at once, unpaced (a
    /// round of every host, or a burst of changes), outside the paced stream of <see cref="RunAsync"/>.
    /// </summary>
    public void SendAtOnce(long first, int count)
    {
        for (var k = first; k < first + count; k++)
            _socket.Send(_encoder.Encode(Beat(k), _signer).Span);
    }

    public void Dispose()
    {
        _socket.Dispose();
        _signer.Dispose();
    }

    /// <summary>Beat <paramref name="k"/>: CPU usage, load and eth0's rates wander per host and per beat.</summary>
    private Heartbeat Beat(long k)
    {
        var host = (int)(k % _names.Length);
        var sequence = (ulong)(k / _names.Length);
        var phase = (host % 97) + (sequence * 0.3);
        var wave = Math.Sin(phase);
        var metrics = _template.Metrics.ToArray();
        metrics[0] = new MetricGroup("cpu",
        [
            new("usage", Math.Round(30 + (25 * wave), 1)), new("iowait", Math.Round(0.8 + (0.5 * Math.Cos(phase)), 1)),
            new("load1", Math.Round(1.2 + wave, 2)), new("load5", 0.35), new("load15", 0.31), new("cores", 4),
        ]);
        var eth0 = metrics.Length > 6 && metrics[6].Name == "net:eth0" ? 6 : throw new InvalidOperationException("typical beat changed");
        metrics[eth0] = new MetricGroup("net:eth0",
        [
            new("rx_bps", Math.Round(1_843_212 * (1.5 + wave))), new("tx_bps", Math.Round(9_877_310 * (1.5 - wave))),
            new("rx_pps", Math.Round(2_413 * (1.5 + wave))), new("tx_pps", Math.Round(7_851 * (1.5 - wave))),
            new("errors", 0), new("drops", 0),
        ]);
        return _template with
        {
            HostName = _names[host],
            RunId = _runId + (ulong)host,
            Sequence = sequence,
            SentAt = DateTimeOffset.UtcNow,
            Metrics = metrics,
        };
    }
}
