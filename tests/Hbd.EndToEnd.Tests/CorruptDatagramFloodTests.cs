using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hbd.EndToEnd.Tests;

/// <summary>
/// One million random, truncated and bit-flipped datagrams, made from valid signed beats with a fixed seed, go to a real hbd
/// (with a key) over loopback while 100 hosts beat through them. Every good beat is taken, every bad datagram is counted
/// under the reason the protocol gives it, no host is invented, none goes late, and memory stays flat. Loopback would drop
/// what overflows hbd's receive buffer: the sender watches that buffer's fill in /proc/net/udp and waits while it is a
/// quarter full, and the kernel's drop counter for the socket is read and allowed for, so the accounting stays exact.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class CorruptDatagramFloodTests(ITestOutputHelper output) : IDisposable
{
    private const int Garbage = 1_000_000;
    private const int BeatingHosts = 100;
    private const int Seed = 20261202;
    private const string Key = "flood-test-secret";

    /// <summary>The pace aimed at; the receive buffer's fill may slow it down.</summary>
    private static readonly TimeSpan FloodTime = TimeSpan.FromSeconds(20);

    /// <summary>The beating hosts' interval: late after twice that.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>hbd asks for 8 MiB; with a quarter in use the sender waits.</summary>
    private const long ReceiveQueueLimit = 2 * 1024 * 1024;

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_million_corrupt_datagrams_are_each_counted_by_reason_while_100_hosts_beat_and_none_goes_late()
    {
        using var server = await ServerProcess.StartAsync(_dir, $"key: {Key}\n");
        var flood = new Flood(server.HeartbeatEndpoint);
        flood.BeatAll(); // the hosts exist before the flood
        await server.Eventually(async () => (await server.Api.StatusAsync()).GetProperty("hosts").GetProperty("up").GetInt32() == BeatingHosts,
            "the beating hosts are up");

        var warmUpReads = await WarmUpAsync(server);

        var watch = Stopwatch.StartNew();
        var sending = Task.Factory.StartNew(flood.Run, TaskCreationOptions.LongRunning);
        Memory? warm = null;
        while (!sending.IsCompleted)
        {
            if (warm is null && flood.GarbageSent >= Garbage / 10)
                warm = await Memory.ReadAsync(server);
            await Task.Delay(20);
        }
        await sending;
        var floodSeconds = watch.Elapsed.TotalSeconds;
        var stoppedBeating = DateTimeOffset.UtcNow;
        var sent = flood.GoodSent + Garbage;
        var (status, drops) = await WaitUntilCounted(server, sent);
        var end = await Memory.ReadAsync(server);

        var datagrams = status.GetProperty("datagrams");
        var rejected = datagrams.GetProperty("rejected");
        var accepted = datagrams.GetProperty("accepted").GetInt64();
        var counted = accepted + datagrams.GetProperty("messages").GetInt64() + datagrams.GetProperty("rejected_total").GetInt64();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Garbage:N0} corrupt + {flood.GoodSent:N0} good datagrams in {floodSeconds:F1} s; waits for the receive buffer {flood.Waits:N0}; "
            + $"loopback drops {drops}; warm-up reads of /api/hosts {warmUpReads}; after warm-up {warm}; at the end {end}"));
        output.WriteLine("expected by reason: " + string.Join(", ", flood.Expected.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:N0}")));
        output.WriteLine($"counted: {datagrams}");

        // Every datagram is accounted for: counted by hbd, or dropped by the kernel before hbd could read it.
        Assert.Equal(sent, counted + drops);
        Assert.Equal(0, flood.ValidByChance);
        Assert.InRange(accepted, flood.GoodSent - drops, flood.GoodSent);
        foreach (var (reason, expected) in flood.Expected)
            Assert.InRange(rejected.GetProperty(reason).GetInt64(), expected - drops, expected);
        Assert.Equal(BeatingHosts, status.GetProperty("hosts").GetProperty("total").GetInt32()); // none invented by a flipped bit
        if (drops == 0)
        {
            Assert.Equal(flood.Expected.Values.Sum(), datagrams.GetProperty("rejected_total").GetInt64());
            Assert.Equal(flood.GoodSent, accepted);
            for (var h = 0; h < BeatingHosts; h += 9)
            {
                var host = Flood.HostName(h);
                // The API shows what was committed: the last beat within a store write (250 ms).
                await server.Eventually(async () => (await server.Api.HostAsync(host))!.Value.GetProperty("sequence").GetUInt64() == flood.LastSequence(h),
                    $"{host} at sequence {flood.LastSequence(h)}");
            }
        }
        var lateOrDown = (await server.Api.GetAsync("/api/journal?kind=host_late&limit=1000")).EnumerateArray()
            .Concat((await server.Api.GetAsync("/api/journal?kind=host_down&limit=1000")).EnumerateArray())
            .Where(e => e.GetProperty("time").GetDateTimeOffset() < stoppedBeating + Interval)
            .Select(e => e.ToString()).ToList();
        Assert.Empty(lateOrDown);
        Assert.True(Math.Abs(end.ResidentMiB - warm!.ResidentMiB) <= warm.ResidentMiB * 0.10, $"RSS after warm-up {warm}, at the end {end}");
    }

    /// <summary>
    /// Reads the host list until hbd's garbage collector has collected once: until then every allocation touches fresh pages
    /// (the first gen0 budget is some 25 MB on a machine with a 32 MB L3), and RSS would grow with garbage, not with what hbd
    /// keeps. Returns the reads it took.
    /// </summary>
    private static async Task<int> WarmUpAsync(ServerProcess server)
    {
        var collections = (await Memory.ReadAsync(server)).Gen0Collections;
        for (var reads = 1; reads <= 500; reads++)
        {
            await server.Api.GetAsync("/api/hosts?limit=1000");
            if (reads % 10 == 0 && (await Memory.ReadAsync(server)).Gen0Collections > collections)
                return reads;
        }
        throw new InvalidOperationException("hbd did not collect garbage within 500 reads of the host list");
    }

    /// <summary>Polls until hbd's counters and the kernel's drops add up to what was sent; returns /api/status and the drops.</summary>
    private static async Task<(JsonElement Status, long Drops)> WaitUntilCounted(ServerProcess server, long sent)
    {
        var deadline = DateTime.UtcNow + Poll.DefaultTimeout;
        while (true)
        {
            var status = await server.Api.StatusAsync();
            var datagrams = status.GetProperty("datagrams");
            var counted = datagrams.GetProperty("accepted").GetInt64() + datagrams.GetProperty("messages").GetInt64()
                + datagrams.GetProperty("rejected_total").GetInt64();
            var drops = UdpSocketStats.Read(server.HbPort).Drops;
            if (counted + drops >= sent || DateTime.UtcNow > deadline)
                return (status, drops);
            await Task.Delay(100);
        }
    }

    /// <summary>hbd's resident memory (/proc/PID/status) and what its garbage collector reports in /metrics.</summary>
    private sealed record Memory(double ResidentMiB, double AllocatedMiB, double HeapMiB, string Collections, string Parts)
    {
        public int Gen0Collections => int.Parse(Collections.Split('/')[0], CultureInfo.InvariantCulture);

        public static async Task<Memory> ReadAsync(ServerProcess server)
        {
            var rss = RssMiB(server.Pid);
            var parts = string.Join(" ", File.ReadLines($"/proc/{server.Pid}/status").Where(l => l.StartsWith("Rss", StringComparison.Ordinal))
                .Select(l => string.Join("", l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
            using var http = new HttpClient { BaseAddress = server.Api.BaseAddress };
            var lines = (await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');
            double Value(string series) =>
                double.Parse(lines.Single(l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..], CultureInfo.InvariantCulture);
            var collections = string.Join("/", Enumerable.Range(0, 3).Select(g => Value($"dotnet_gc_collections_total{{generation=\"{g}\"}}")));
            return new Memory(rss, Value("dotnet_gc_allocated_bytes_total") / 1048576, Value("dotnet_gc_heap_size_bytes") / 1048576, collections, parts);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"RSS {ResidentMiB:F1} MiB, allocated {AllocatedMiB:F1} MiB, heap {HeapMiB:F1} MiB, collections {Collections} ({Parts})");
    }

    private static double RssMiB(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;

    /// <summary>The sender: beats on schedule, corrupt datagrams at the flood's pace, each classified as it is made.</summary>
    private sealed class Flood(IPEndPoint target)
    {
        private readonly byte[] _key = Encoding.UTF8.GetBytes(Key);
        private readonly ulong[] _sequences = new ulong[BeatingHosts];
        private readonly HeartbeatEncoder _encoder = new();
        private readonly Random _random = new(Seed);
        private readonly byte[] _buffer = new byte[20_000];

        public Dictionary<string, long> Expected { get; } = new();

        public long GoodSent { get; private set; }

        public long ValidByChance { get; private set; }

        public long Waits { get; private set; }

        private int _garbageSent;

        public int GarbageSent => Volatile.Read(ref _garbageSent);

        public static string HostName(int host) => $"beating-{host:D3}";

        public ulong LastSequence(int host) => _sequences[host] - 1;

        public void BeatAll()
        {
            using var socket = Connect();
            using var signer = new HeartbeatSigner(_key);
            for (var h = 0; h < BeatingHosts; h++)
                Beat(socket, signer, h);
        }

        public void Run()
        {
            using var socket = Connect();
            using var signer = new HeartbeatSigner(_key);
            using var verifier = new HeartbeatSigner(_key);
            var templates = Templates(signer);
            var clock = Stopwatch.StartNew();
            var beats = 0L;
            var garbage = 0;
            while (garbage < Garbage)
            {
                // The hosts beat in turn, one every Interval / 100: each host every Interval.
                while (clock.Elapsed >= Interval * beats / BeatingHosts)
                    Beat(socket, signer, (int)(beats++ % BeatingHosts));
                var due = (int)Math.Min(Garbage, Garbage * clock.Elapsed.Ticks / FloodTime.Ticks);
                if (garbage >= due)
                {
                    Thread.Sleep(1);
                    continue;
                }
                if (UdpSocketStats.Read(target.Port).ReceiveQueue > ReceiveQueueLimit)
                {
                    Waits++;
                    Thread.Sleep(1);
                    continue;
                }
                for (var i = 0; i < 256 && garbage < due; i++, garbage++)
                {
                    var datagram = Corrupt(templates);
                    Classify(datagram, verifier);
                    socket.Send(datagram.Span);
                }
                Volatile.Write(ref _garbageSent, garbage);
            }
        }

        private Socket Connect()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(target);
            return socket;
        }

        private void Beat(Socket socket, HeartbeatSigner signer, int host)
        {
            var beat = new Heartbeat
            {
                HostName = HostName(host),
                RunId = 1000 + (ulong)host,
                Sequence = _sequences[host]++,
                SentAt = DateTimeOffset.UtcNow,
                Interval = Interval,
                Metrics = [new("cpu", [new("usage", host % 100)]), new("memory", [new("used_pct", 40.5)])],
            };
            socket.Send(_encoder.Encode(beat, signer).Span);
            GoodSent++;
        }

        /// <summary>Valid datagrams to corrupt: signed beats small and large (with inventory), a signed message, an unsigned beat.</summary>
        private byte[][] Templates(HeartbeatSigner signer)
        {
            var now = DateTimeOffset.UtcNow;
            var typical = new Heartbeat
            {
                HostName = "template-web.example.net", RunId = 77, Sequence = 5, SentAt = now, Interval = TimeSpan.FromSeconds(10),
                Level = AlertLevel.Warning,
                Metrics =
                [
                    new("cpu", [new("usage", 12.5), new("iowait", 0.8), new("load1", 0.42), new("cores", 4)]),
                    new("memory", [new("total", 8_323_002_368), new("used_pct", 38.4)]),
                    new("disk:/", [new("used_pct", 40.8), new("inodes_used_pct", 21.3)]),
                    new("disk:/var", [new("used_pct", 87.1, AlertLevel.Warning)]),
                    new("net:eth0", [new("rx_bps", 1_843_212), new("tx_bps", 9_877_310)]),
                ],
                Checks = [new("ssh", AlertLevel.Ok, "SSH OK"), new("apt", AlertLevel.Warning, "APT WARNING: 7 packages")],
            };
            var withInventory = typical with
            {
                HostName = "template-db", Sequence = 6,
                Inventory = new Dictionary<string, object?>
                {
                    ["os"] = new Dictionary<string, object?> { ["pretty_name"] = "Debian GNU/Linux 12 (bookworm)", ["kernel"] = "6.1.0-28-amd64" },
                    ["filesystems"] = new List<object?> { "ext4", "xfs", "vfat" },
                },
            };
            var message = new Heartbeat
            {
                HostName = "template-web.example.net", RunId = 77, Sequence = 7, SentAt = now, Message = "disk replaced", IsMessageOnly = true,
            };
            return
            [
                _encoder.Encode(typical, signer).ToArray(),
                _encoder.Encode(withInventory, signer).ToArray(),
                _encoder.Encode(message, signer).ToArray(),
                _encoder.Encode(typical with { HostName = "template-unsigned", Sequence = 8 }).ToArray(),
            ];
        }

        /// <summary>
        /// A corrupt datagram in the reused buffer: random bytes (some behind a valid header), a truncated template, or a template
        /// with bits flipped. None is the template itself, so none is a valid beat (a replay of it would create its host).
        /// </summary>
        private ReadOnlyMemory<byte> Corrupt(byte[][] templates)
        {
            var r = _random;
            var kind = r.Next(100);
            if (kind < 30)
            {
                var length = r.Next(1000) == 0 ? r.Next(WireFormat.MaxDatagramSize + 1, _buffer.Length) : r.Next(1, 1400);
                r.NextBytes(_buffer.AsSpan(0, length));
                if (kind < 10 && length >= WireFormat.HeaderSize)
                {
                    _buffer[0] = WireFormat.Magic0;
                    _buffer[1] = WireFormat.Magic1;
                    _buffer[2] = WireFormat.Version;
                    _buffer[3] = (byte)(kind < 8 ? r.Next(6) : r.Next(256)); // mostly known flags, so the body is read
                }
                return _buffer.AsMemory(0, length);
            }
            var template = templates[r.Next(templates.Length)];
            if (kind < 65)
                return template.AsMemory(0, r.Next(1, template.Length));
            template.CopyTo(_buffer, 0);
            // One to four bits, each in a byte of its own: two flips of one bit would give the template back, a valid beat.
            Span<int> positions = stackalloc int[4];
            var flips = r.Next(1, 5);
            for (var i = 0; i < flips; i++)
            {
                do
                    positions[i] = r.Next(template.Length);
                while (positions[..i].Contains(positions[i]));
                _buffer[positions[i]] ^= (byte)(1 << r.Next(8));
            }
            return _buffer.AsMemory(0, template.Length);
        }

        /// <summary>The reason hbd must give: the decoder's verdict, then the key's (hbd requires signing, as it has a key).</summary>
        private void Classify(ReadOnlyMemory<byte> datagram, HeartbeatSigner verifier)
        {
            var reason = HeartbeatDecoder.TryDecode(datagram, out var frame) switch
            {
                DecodeStatus.TooShort => "too_short",
                DecodeStatus.TooLarge => "too_large",
                DecodeStatus.BadMagic => "bad_magic",
                DecodeStatus.UnsupportedVersion => "unsupported_version",
                DecodeStatus.UnsupportedFlags => "unsupported_flags",
                DecodeStatus.Malformed => "malformed",
                _ when !frame.IsSigned => "unsigned",
                _ when !verifier.Verify(frame) => "bad_signature",
                _ => null,
            };
            if (reason is null)
                ValidByChance++;
            else
                Expected[reason] = Expected.GetValueOrDefault(reason) + 1;
        }
    }

    /// <summary>hbd's UDP socket as the kernel sees it (/proc/net/udp): bytes waiting in its receive queue, datagrams dropped.</summary>
    private readonly record struct UdpSocketStats(long ReceiveQueue, long Drops)
    {
        public static UdpSocketStats Read(int port)
        {
            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops"
            var local = $"0100007F:{port:X4}";
            foreach (var line in File.ReadLines("/proc/net/udp"))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 13 && fields[1] == local)
                {
                    var queue = long.Parse(fields[4].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    return new UdpSocketStats(queue, long.Parse(fields[12], CultureInfo.InvariantCulture));
                }
            }
            throw new InvalidOperationException($"no UDP socket on 127.0.0.1:{port} in /proc/net/udp");
        }
    }
}
