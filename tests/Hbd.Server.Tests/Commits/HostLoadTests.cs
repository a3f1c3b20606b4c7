using System.Buffers;
using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Api;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using MessagePack;

namespace Hbd.Server.Tests.Commits;

/// <summary>The list's glance at a host's load, read from a stored body without materialising the beat.</summary>
public sealed class HostLoadTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cpu_memory_and_the_fullest_disk_are_read()
    {
        var load = HostLoad.Read(Body(Beat(
            new MetricGroup("cpu", [new("iowait", 3), new("usage", 12.5)]),
            new MetricGroup("memory", [new("total", 8_323_002_368), new("used_pct", 38.4)]),
            new MetricGroup("disk:/", [new("size", 1e10), new("used_pct", 40.8)]),
            new MetricGroup("disk:/var", [new("used_pct", 87.1)]),
            new MetricGroup("disk:/home", [new("used_pct", 46.7)]),
            new MetricGroup("net:eth0", [new("used_pct", 99)]))));

        // Fractions travel as float32 and are shown with that float's shortest digits, as everywhere in the API.
        Assert.Equal((12.5, 38.4, 87.1), (load.CpuShown, load.MemoryShown, load.DiskShown));
        Assert.Equal(new HostLoad(12.5, 38.4f, 87.1f), load);
    }

    [Fact]
    public void What_the_beat_does_not_carry_is_absent()
    {
        var load = HostLoad.Read(Body(Beat(new MetricGroup("net:eth0", [new("rx_bps", 5)]), new MetricGroup("memory", [new("total", 5)]))));

        Assert.True(double.IsNaN(load.Cpu) && double.IsNaN(load.Memory) && double.IsNaN(load.Disk));
        Assert.Null(load.CpuShown);
        Assert.Equal(HostLoad.None, HostLoad.Read(ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void Metric_names_sent_as_text_count_as_well_as_their_index()
    {
        // The encoder sends well-known names by index; the protocol allows text too (docs/protocol.md §3.2).
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(1);
        writer.Write(WireFormat.KeyMetrics);
        writer.WriteMapHeader(2);
        writer.Write("cpu");
        writer.WriteMapHeader(1);
        writer.Write("usage");
        writer.Write(55);
        writer.Write("disk:/");
        writer.WriteMapHeader(1);
        writer.Write("used_pct");
        writer.Write(70.25);
        writer.Flush();

        var load = HostLoad.Read(buffer.WrittenMemory);

        Assert.Equal(55, load.Cpu);
        Assert.Equal(70.25, load.Disk);
        Assert.True(double.IsNaN(load.Memory));
    }

    [Fact]
    public void A_body_cut_short_gives_what_was_read_and_never_throws()
    {
        var body = Body(Beat(new MetricGroup("cpu", [new("usage", 12.5)]), new MetricGroup("memory", [new("used_pct", 38.4)])));

        for (var length = 0; length < body.Length; length++)
        {
            var load = HostLoad.Read(body[..length]);
            Assert.True(double.IsNaN(load.Cpu) || load.Cpu == 12.5);
        }
    }

    [Fact]
    public void Random_beats_read_as_the_full_reader_reads_them()
    {
        var random = new Random(20261202);
        string[] groups = ["cpu", "memory", "disk:/", "disk:/var", "disk:/srv", "net:eth0", "check:ssh"];
        string[] names = ["usage", "used_pct", "iowait", "total", "custom_metric"];
        for (var i = 0; i < 500; i++)
        {
            var beat = Beat(groups.Where(_ => random.Next(3) > 0)
                .Select(g => new MetricGroup(g, names.Where(_ => random.Next(2) > 0)
                    .Select(n => new Metric(n, random.Next(4) == 0 ? random.Next(0, 100) : Math.Round(random.NextDouble() * 100, 2))).ToArray()))
                .ToArray());
            var body = Body(beat);

            var load = HostLoad.Read(body);
            Assert.Equal(Reference(HeartbeatReader.ReadBody(body)), (load.CpuShown, load.MemoryShown, load.DiskShown));
        }
    }

    /// <summary>The load as the list computed it from the full beat before it was read from the body.</summary>
    private static (double? Cpu, double? Memory, double? Disk) Reference(Heartbeat beat)
    {
        double? Find(string group, string name) =>
            beat.Metrics.FirstOrDefault(g => g.Name == group)?.Values.Where(m => m.Name == name).Select(m => (double?)DisplayNumbers.Shortest(m.Value)).FirstOrDefault();
        var disks = beat.Metrics.Where(g => g.Name.StartsWith("disk:", StringComparison.Ordinal))
            .SelectMany(g => g.Values.Where(m => m.Name == "used_pct").Select(m => DisplayNumbers.Shortest(m.Value))).ToList();
        return (Find("cpu", "usage"), Find("memory", "used_pct"), disks.Count > 0 ? disks.Max() : null);
    }

    private static Heartbeat Beat(params MetricGroup[] groups) => new()
    {
        HostName = "web1",
        RunId = 1,
        Sequence = 1,
        SentAt = SentAt,
        Interval = TimeSpan.FromSeconds(10),
        Level = AlertLevel.Ok,
        Metrics = groups,
    };

    private static byte[] Body(Heartbeat beat)
    {
        var datagram = new HeartbeatEncoder().Encode(beat).ToArray();
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(datagram, out var frame));
        return frame.Body.ToArray();
    }
}
