using System.Text;
using Hbd.Common.Protocol;

namespace Hbd.Common.Tests.Protocol;

/// <summary>How the encoder writes names, and that nothing an agent puts in a beat makes it unreadable.</summary>
public sealed class EncoderTests
{
    private readonly HeartbeatEncoder _encoder = new();

    private Heartbeat RoundTrip(Heartbeat beat)
    {
        var datagram = _encoder.Encode(beat).ToArray();
        var read = HeartbeatReader.Read(datagram, out var status);
        Assert.Equal(DecodeStatus.Ok, status);
        return read!;
    }

    private int Size(Heartbeat beat) => _encoder.Encode(beat).Length;

    [Fact]
    public void Every_well_known_name_goes_as_one_byte_and_reads_back_as_its_name()
    {
        var names = WireFormat.WellKnownMetricNames.Skip(1).ToList();
        var beat = TypicalBeats.Minimal() with
        {
            Level = AlertLevel.Critical,
            Metrics = [new("g", [.. names.Select((n, i) => new Metric(n, i, (AlertLevel)(i % 4)))])],
        };
        var read = RoundTrip(beat);
        BeatAssert.Equal(beat, read);
        Assert.Equal(names, read.Metrics[0].Values.Select(m => m.Name));
        Assert.Equal(names.Select((_, i) => (AlertLevel)(i % 4)), read.Metrics[0].Values.Select(m => m.Level));

        var withoutMetrics = Size(TypicalBeats.Minimal());
        // key 6, fixmap 1, "g", map16 of 31, then name byte + fixint value (0..30) per metric
        Assert.Equal(withoutMetrics + 1 + 1 + 2 + 3 + (names.Count * 2), Size(beat with { Metrics = [new("g", [.. names.Select((n, i) => new Metric(n, i))])] }));
    }

    [Fact]
    public void Both_name_forms_travel_side_by_side_in_metrics_and_levels()
    {
        var beat = TypicalBeats.MetricNames() with
        {
            Metrics =
            [
                new("cpu", [new("usage", 97.5, AlertLevel.Warning), new("temp_c", 41, AlertLevel.Critical), new("Usage", 1)]),
                new("check:http", [new("time", 0.25, AlertLevel.Warning), new("size", 1234)]),
            ],
        };
        BeatAssert.Equal(beat, RoundTrip(beat));
    }

    [Fact]
    public void Well_known_names_are_matched_exactly()
    {
        static Heartbeat With(string name) => TypicalBeats.Minimal() with { Metrics = [new("cpu", [new(name, 1)])] };
        var index = Size(With("usage"));
        Assert.Equal(index + 5, Size(With("Usage"))); // fixstr header + 5 bytes instead of one byte
        Assert.Equal(index + 6, Size(With("usage ")));
        Assert.Equal("Usage", RoundTrip(With("Usage")).Metrics[0].Values[0].Name);
    }

    [Fact]
    public void Entries_without_a_name_are_left_out_and_the_rest_arrives()
    {
        var beat = TypicalBeats.Minimal() with
        {
            Level = AlertLevel.Warning,
            Metrics =
            [
                new("", [new("load1", 1, AlertLevel.Warning)]),
                new("cpu", [new("", 5, AlertLevel.Critical), new("load1", 2, AlertLevel.Warning), new(null!, 3)]),
                new("memory", [new("", 5, AlertLevel.Critical)]),
                new(null!, [new("x", 1)]),
            ],
            Checks = [new("", AlertLevel.Critical, "gone"), new("ssh", AlertLevel.Ok, "fine"), new(null!, AlertLevel.Ok, "gone")],
        };
        var read = RoundTrip(beat);
        Assert.Equal([new MetricGroup("cpu", [new Metric("load1", 2, AlertLevel.Warning)])], read.Metrics,
            (a, b) => a.Name == b.Name && a.Values.SequenceEqual(b.Values));
        Assert.Equal([new CheckResult("ssh", AlertLevel.Ok, "fine")], read.Checks);
    }

    [Fact]
    public void A_beat_whose_only_entries_have_no_name_has_no_metrics_levels_or_checks_keys()
    {
        var beat = TypicalBeats.Minimal() with
        {
            Metrics = [new("", [new("load1", 1, AlertLevel.Warning)]), new("cpu", [new("", 1, AlertLevel.Warning)])],
            Checks = [new("", AlertLevel.Critical, "gone")],
        };
        Assert.Equal(TestVectors.Get("minimal").Bytes, _encoder.Encode(beat).ToArray());
    }

    [Theory]
    [InlineData("g", 2000)]
    [InlineData("€", 700)]
    [InlineData("😀", 600)]
    public void Long_names_are_cut_on_a_character_boundary_and_the_beat_stays_readable(string unit, int repeat)
    {
        var name = string.Concat(Enumerable.Repeat(unit, repeat));
        var beat = TypicalBeats.Minimal() with
        {
            Metrics = [new(name, [new(name, 1, AlertLevel.Warning)])],
            Checks = [new(name, AlertLevel.Ok, "text")],
        };
        var read = RoundTrip(beat);
        foreach (var cut in new[] { read.Metrics[0].Name, read.Metrics[0].Values[0].Name, read.Checks[0].Name })
        {
            Assert.InRange(Encoding.UTF8.GetByteCount(cut), WireFormat.MaxStringBytes - 6, WireFormat.MaxStringBytes);
            Assert.EndsWith("…", cut, StringComparison.Ordinal);
            Assert.StartsWith(cut[..^1], name, StringComparison.Ordinal);
        }
        Assert.Equal(AlertLevel.Warning, read.Metrics[0].Values[0].Level); // key 7 names the metric as key 6 does
    }

    [Fact]
    public void Message_only_datagram_without_text_carries_an_empty_message()
    {
        var read = RoundTrip(TypicalBeats.MessageOnly() with { Message = null });
        Assert.True(read.IsMessageOnly);
        Assert.Equal("", read.Message);
    }

    [Fact]
    public void Heartbeat_without_text_carries_no_message_key()
    {
        var datagram = _encoder.Encode(TypicalBeats.Minimal()).ToArray();
        Assert.Equal(0x86, datagram[WireFormat.HeaderSize]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Encoding_a_beat_without_inventory_allocates_nothing(bool signed)
    {
        using var signer = signed ? new HeartbeatSigner("secret"u8) : null;
        Heartbeat[] beats = [TypicalBeats.Typical(), TypicalBeats.MetricNames(), TypicalBeats.MessageOnly(), TypicalBeats.MessageOnly() with { Message = null }];
        foreach (var beat in beats)
            _encoder.Encode(beat, signer);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            foreach (var beat in beats)
                _encoder.Encode(beat, signer);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
