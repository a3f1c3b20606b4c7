using System.Text;
using Hbd.Common.Protocol;

namespace Hbd.Common.Tests.Protocol;

/// <summary>encode → decode → read gives back what went in, as far as the wire carries it.</summary>
public sealed class RoundTripTests
{
    private readonly HeartbeatEncoder _encoder = new();

    public static TheoryData<string> Beats => new() { "minimal", "message", "typical", "inventory" };

    private static Heartbeat Build(string name) => name switch
    {
        "minimal" => TypicalBeats.Minimal(),
        "message" => TypicalBeats.MessageOnly(),
        "typical" => TypicalBeats.Typical(),
        _ => TypicalBeats.WithInventory(),
    };

    private Heartbeat RoundTrip(Heartbeat beat, HeartbeatSigner? signer = null)
    {
        var datagram = _encoder.Encode(beat, signer).ToArray();
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(datagram, out var frame));
        if (signer is not null)
            Assert.True(signer.Verify(frame));
        return HeartbeatReader.Read(frame);
    }

    [Theory]
    [MemberData(nameof(Beats))]
    public void Beat_reads_back_as_it_was_sent(string name)
    {
        var beat = Build(name);
        BeatAssert.Equal(beat, RoundTrip(beat));
    }

    [Theory]
    [MemberData(nameof(Beats))]
    public void Signed_beat_reads_back_as_it_was_sent(string name)
    {
        using var signer = new HeartbeatSigner("another key"u8);
        var beat = Build(name);
        BeatAssert.Equal(beat, RoundTrip(beat, signer));
    }

    [Fact]
    public void Frame_carries_the_header_fields_without_reading_the_body()
    {
        var datagram = _encoder.Encode(TypicalBeats.Typical()).ToArray();
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(datagram, out var frame));
        Assert.Equal("web-01.example.net", Encoding.ASCII.GetString(frame.HostName.Span));
        Assert.Equal(TypicalBeats.RunId, frame.RunId);
        Assert.Equal(TypicalBeats.Sequence, frame.Sequence);
        Assert.Equal(TypicalBeats.SentAt.ToUnixTimeMilliseconds(), frame.SentAtUnixMs);
        Assert.Equal(10_000u, frame.IntervalMs);
        Assert.Equal(AlertLevel.Warning, frame.Level);
        Assert.False(frame.IsSigned);
        Assert.True(frame.Tag.IsEmpty);
        Assert.True(frame.Inventory.IsEmpty);
        Assert.True(frame.Message.IsEmpty);
        Assert.Equal(datagram.Length - WireFormat.HeaderSize, frame.Body.Length);
    }

    [Theory]
    [InlineData(AlertLevel.Ok)]
    [InlineData(AlertLevel.Warning)]
    [InlineData(AlertLevel.Critical)]
    [InlineData(AlertLevel.Unknown)]
    public void Every_level_survives_on_beat_metric_and_check(AlertLevel level)
    {
        var beat = TypicalBeats.Minimal() with
        {
            Level = level,
            Metrics = [new("cpu", [new("usage_pct", 99.5, level), new("load1", 3, AlertLevel.Ok)])],
            Checks = [new("ssh", level, "text")],
        };
        BeatAssert.Equal(beat, RoundTrip(beat));
    }

    [Fact]
    public void Levels_key_is_left_out_when_every_metric_is_ok()
    {
        var ok = TypicalBeats.Minimal() with { Metrics = [new("cpu", [new("load1", 0.5)])] };
        var warning = TypicalBeats.Minimal() with { Metrics = [new("cpu", [new("load1", 0.5, AlertLevel.Warning)])] };
        var okLength = _encoder.Encode(ok).Length;
        var warningLength = _encoder.Encode(warning).Length;
        // key 7, fixmap 1, "cpu", fixmap 1, load1 as its index, level: 1 + 1 + 4 + 1 + 1 + 1 bytes.
        Assert.Equal(okLength + 9, warningLength);
    }

    [Fact]
    public void Empty_metric_groups_are_left_out()
    {
        var beat = TypicalBeats.Minimal() with { Metrics = [new("cpu", []), new("memory", [new("used_pct", 1)])] };
        Assert.Equal(["memory"], RoundTrip(beat).Metrics.Select(g => g.Name));
    }

    [Theory]
    [InlineData(0.1, 0.10000000149011612)]
    [InlineData(38.4, 38.400001525878906)]
    [InlineData(-2.5, -2.5)]
    [InlineData(3.0, 3.0)]
    [InlineData(-7.0, -7.0)]
    [InlineData(1e15, 1e15)]
    [InlineData(9007199254740993.0, 9007199254740992.0)]
    [InlineData(-0.0, 0.0)]
    [InlineData(1e-50, 1e-50)]
    [InlineData(-1e-50, -1e-50)]
    [InlineData(1.5e-45, 1.401298464324817E-45)]
    [InlineData(1e39, 1e39)]
    [InlineData(-1e39, -1e39)]
    [InlineData(3.4e38, 3.3999999521443642E+38)]
    [InlineData(1e300, 1e300)]
    [InlineData(double.MaxValue, double.MaxValue)]
    [InlineData(double.NaN, 0.0)]
    [InlineData(double.PositiveInfinity, 0.0)]
    [InlineData(double.NegativeInfinity, 0.0)]
    [InlineData(1.8446744073709552E+19, 1.8446744073709552E+19)]
    public void Numbers_travel_as_integers_or_float32_or_float64_beyond_float32_range(double sent, double received)
    {
        var beat = TypicalBeats.Minimal() with { Metrics = [new("x", [new("v", sent)])] };
        Assert.Equal(received, RoundTrip(beat).Metrics[0].Values[0].Value);
    }

    [Fact]
    public void Integral_values_use_the_smallest_integer_encoding()
    {
        static int Size(double value) =>
            new HeartbeatEncoder().Encode(TypicalBeats.Minimal() with { Metrics = [new("x", [new("v", value)])] }).Length;
        var fixint = Size(5);
        Assert.Equal(fixint + 1, Size(200));       // uint8
        Assert.Equal(fixint + 2, Size(60_000));    // uint16
        Assert.Equal(fixint + 4, Size(4e9));       // uint32
        Assert.Equal(fixint + 8, Size(5e9));       // uint64
        Assert.Equal(fixint, Size(-5));            // negative fixint
        Assert.Equal(fixint + 4, Size(0.5));       // float32
        Assert.Equal(fixint + 8, Size(1e39));      // float64: float32 would be infinite
        Assert.Equal(fixint + 8, Size(1e-50));     // float64: float32 would be 0
    }

    [Fact]
    public void Message_on_a_heartbeat_travels_with_it()
    {
        var beat = TypicalBeats.Minimal() with { Message = "config reloaded" };
        var read = RoundTrip(beat);
        Assert.False(read.IsMessageOnly);
        Assert.Equal("config reloaded", read.Message);
    }

    [Fact]
    public void Message_only_datagram_has_no_interval_or_level()
    {
        var datagram = _encoder.Encode(TypicalBeats.MessageOnly()).ToArray();
        Assert.Equal(WireFormat.FlagMessage, datagram[3]);
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(datagram, out var frame));
        Assert.True(frame.IsMessageOnly);
        Assert.Equal(0u, frame.IntervalMs);
        Assert.Equal("disk replaced in bay 2, md0 rebuilding", Encoding.UTF8.GetString(frame.Message.Span));
    }

    [Fact]
    public void Interval_below_one_millisecond_is_sent_as_one()
    {
        var read = RoundTrip(TypicalBeats.Minimal() with { Interval = TimeSpan.Zero });
        Assert.Equal(TimeSpan.FromMilliseconds(1), read.Interval);
    }

    [Fact]
    public void Send_time_keeps_milliseconds()
    {
        var sentAt = new DateTimeOffset(2030, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(2));
        var read = RoundTrip(TypicalBeats.Minimal() with { SentAt = sentAt });
        Assert.Equal(sentAt, read.SentAt);
    }

    [Theory]
    [InlineData("x", 5000)]
    [InlineData("€", 2000)]
    [InlineData("😀", 1000)]
    [InlineData("a😀", 1000)]
    public void Long_text_is_cut_to_the_limit_on_a_character_boundary(string unit, int repeat)
    {
        var text = string.Concat(Enumerable.Repeat(unit, repeat));
        var beat = TypicalBeats.Minimal() with
        {
            Message = text,
            Checks = [new("long", AlertLevel.Ok, text)],
            Inventory = new Dictionary<string, object?> { [text] = text },
        };
        var read = RoundTrip(beat);
        foreach (var cut in new[] { read.Message!, read.Checks[0].Message, read.Inventory!.Keys.Single(), (string)read.Inventory!.Values.Single()! })
        {
            var bytes = Encoding.UTF8.GetByteCount(cut);
            Assert.InRange(bytes, WireFormat.MaxStringBytes - 6, WireFormat.MaxStringBytes);
            Assert.EndsWith("…", cut, StringComparison.Ordinal);
            Assert.StartsWith(cut[..^1], text, StringComparison.Ordinal);
            Assert.DoesNotContain('\uFFFD', cut);
        }
    }

    [Fact]
    public void Text_exactly_at_the_limit_is_not_cut()
    {
        var text = new string('y', WireFormat.MaxStringBytes);
        Assert.Equal(text, RoundTrip(TypicalBeats.Minimal() with { Message = text }).Message);
    }

    [Fact]
    public void Inventory_nests_four_levels_of_maps_and_lists()
    {
        var inventory = new Dictionary<string, object?>
        {
            ["a"] = new Dictionary<string, object?>
            {
                ["b"] = new List<object?> { new Dictionary<string, object?> { ["c"] = 1, ["d"] = "level 4" } },
            },
            ["e"] = new List<object?> { 1, -2, 0.5, "s", true, null, new List<object?> { new List<object?> { "deep" } } },
            ["f"] = ulong.MaxValue,
            ["g"] = long.MinValue,
        };
        var beat = TypicalBeats.Minimal() with { Inventory = inventory };
        BeatAssert.Equal(beat, RoundTrip(beat));
    }

    [Fact]
    public void Inventory_deeper_than_four_levels_is_sent_as_text_not_rejected()
    {
        var fifth = new Dictionary<string, object?> { ["e"] = 1 };
        var inventory = new Dictionary<string, object?>
        {
            ["a"] = new Dictionary<string, object?> { ["b"] = new Dictionary<string, object?> { ["c"] = new Dictionary<string, object?> { ["d"] = fifth } } },
        };
        var read = RoundTrip(TypicalBeats.Minimal() with { Inventory = inventory });
        var c = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)read.Inventory!["a"]!)["b"]!)["c"]!;
        Assert.IsType<string>(c["d"]);
    }

    [Fact]
    public void Inventory_collections_are_cut_to_the_limit()
    {
        var big = Enumerable.Range(0, 3000).ToDictionary(i => "k" + i, i => (object?)i);
        var inventory = new Dictionary<string, object?>
        {
            ["map"] = big,
            ["list"] = Enumerable.Range(0, 3000).Cast<object?>().ToList(),
        };
        var beat = TypicalBeats.Minimal() with { Inventory = inventory };
        var read = RoundTrip(beat);
        Assert.Equal(WireFormat.MaxCollectionCount, ((IReadOnlyDictionary<string, object?>)read.Inventory!["map"]!).Count);
        Assert.Equal(WireFormat.MaxCollectionCount, ((List<object?>)read.Inventory!["list"]!).Count);
    }

    [Fact]
    public void Beat_over_16_KiB_is_encoded_but_rejected_as_too_large()
    {
        var inventory = Enumerable.Range(0, 40).ToDictionary(i => "k" + i, _ => (object?)new string('z', 1000));
        var datagram = _encoder.Encode(TypicalBeats.Minimal() with { Inventory = inventory }).ToArray();
        Assert.True(datagram.Length > WireFormat.MaxDatagramSize);
        Assert.Equal(DecodeStatus.TooLarge, HeartbeatDecoder.TryDecode(datagram, out _));
    }

    [Fact]
    public void Inventory_times_travel_as_iso_8601_text()
    {
        var inventory = new Dictionary<string, object?> { ["boot"] = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)) };
        var read = RoundTrip(TypicalBeats.Minimal() with { Inventory = inventory });
        Assert.Equal("2025-01-02T02:04:05.0000000Z", read.Inventory!["boot"]);
    }

    [Fact]
    public void Encoder_reuses_its_buffer_and_gives_the_same_bytes_each_time()
    {
        var first = _encoder.Encode(TypicalBeats.Typical()).ToArray();
        _encoder.Encode(TypicalBeats.MessageOnly());
        Assert.Equal(first, _encoder.Encode(TypicalBeats.Typical()).ToArray());
    }
}
