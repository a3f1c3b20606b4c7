using System.Text;
using Hbd.Common.Protocol;

namespace Hbd.Common.Tests.Protocol;

/// <summary>
/// What the decoder accepts besides what the reference encoder writes (every width the protocol allows, metric
/// names in both forms), and that a datagram cut short is never accepted.
/// </summary>
public sealed class DecoderTests
{
    private const string Header = "48 42 01 00";
    private const string Host = "00 a3 64 62 31";
    private const string RunId = "01 cf 01 23 45 67 89 ab cd ef";
    private const string Sequence = "02 2a";
    private const string SentAt = "03 cf 00 00 01 94 69 d5 b2 00";
    private const string Interval = "04 cd 27 10";
    private const string Level = "05 00";

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>Vector A's fields after a map header of <paramref name="map"/>, with some replaced, and more appended.</summary>
    private static byte[] Beat(string map = "86", string host = Host, string sequence = Sequence, string level = Level, string extra = "") =>
        Hex($"{Header} {map} {host} {RunId} {sequence} {SentAt} {Interval} {level} {extra}");

    private static Heartbeat ReadOk(byte[] datagram)
    {
        var beat = HeartbeatReader.Read(datagram, out var status);
        Assert.Equal(DecodeStatus.Ok, status);
        return beat!;
    }

    [Theory]
    [InlineData("05")]
    [InlineData("cc 05")]
    [InlineData("cd 00 05")]
    [InlineData("ce 00 00 00 05")]
    [InlineData("cf 00 00 00 00 00 00 00 05")]
    [InlineData("d0 05")]
    [InlineData("d1 00 05")]
    [InlineData("d2 00 00 00 05")]
    [InlineData("d3 00 00 00 00 00 00 00 05")]
    public void Integers_are_accepted_in_every_width(string five)
    {
        var datagram = Beat(map: "87", sequence: "02 " + five, extra: $"06 81 a3 63 70 75 81 07 {five}");
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(datagram, out var frame));
        Assert.Equal(5ul, frame.Sequence);
        Assert.Equal(new Metric("cores", 5), ReadOk(datagram).Metrics.Single().Values.Single());
    }

    [Theory]
    [InlineData("01")]
    [InlineData("cc 01")]
    [InlineData("d3 00 00 00 00 00 00 00 01")]
    public void Levels_are_accepted_in_every_width(string one)
    {
        Assert.Equal(AlertLevel.Warning, ReadOk(Beat(level: "05 " + one)).Level);
    }

    [Theory]
    [InlineData("a3 64 62 31")]
    [InlineData("d9 03 64 62 31")]
    [InlineData("da 00 03 64 62 31")]
    [InlineData("db 00 00 00 03 64 62 31")]
    public void Strings_are_accepted_in_every_width(string db1)
    {
        var datagram = Beat(host: "00 " + db1);
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(datagram, out var frame));
        Assert.Equal("db1", Encoding.ASCII.GetString(frame.HostName.Span));
    }

    [Theory]
    [InlineData("88", "81", "81", "92")]
    [InlineData("de 00 08", "de 00 01", "de 00 01", "dc 00 02")]
    [InlineData("df 00 00 00 08", "df 00 00 00 01", "df 00 00 00 01", "dd 00 00 00 02")]
    public void Maps_and_arrays_are_accepted_in_every_width(string body, string groups, string values, string pair)
    {
        var datagram = Beat(map: body, extra: $"06 {groups} a3 63 70 75 {values} 04 01 08 {groups} a3 73 73 68 {pair} 00 a2 6f 6b");
        var beat = ReadOk(datagram);
        Assert.Equal(new Metric("load1", 1), beat.Metrics.Single().Values.Single());
        Assert.Equal(new CheckResult("ssh", AlertLevel.Ok, "ok"), beat.Checks.Single());
    }

    [Fact]
    public void Floats_are_accepted_as_float32_and_float64()
    {
        var beat = ReadOk(Beat(map: "87", extra: "06 81 a3 63 70 75 82 04 ca 41 48 00 00 05 cb 40 29 00 00 00 00 00 00"));
        Assert.Equal([12.5, 12.5], beat.Metrics[0].Values.Select(m => m.Value));
    }

    public static TheoryData<int> FixInts()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i <= 0x7f; i++)
            data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(FixInts))]
    public void A_metric_name_index_reads_as_its_name_and_one_outside_the_table_is_malformed(int index)
    {
        var known = index > 0 && index < WireFormat.WellKnownMetricNames.Length;
        var code = index.ToString("x2", null);
        var inMetrics = Beat(map: "87", extra: $"06 81 a3 63 70 75 81 {code} cd 01 00");
        var inLevels = Beat(map: "88", extra: $"06 81 a3 63 70 75 81 a1 78 01 07 81 a3 63 70 75 81 {code} 03");
        var both = Beat(map: "88", extra: $"06 81 a3 63 70 75 81 {code} cd 01 00 07 81 a3 63 70 75 81 {code} 03");
        var expected = known ? DecodeStatus.Ok : DecodeStatus.Malformed;
        Assert.Equal(expected, HeartbeatDecoder.TryDecode(inMetrics, out _));
        Assert.Equal(expected, HeartbeatDecoder.TryDecode(inLevels, out _));
        if (known)
        {
            var name = WireFormat.WellKnownMetricNames[index];
            Assert.Equal(new Metric(name, 256), ReadOk(inMetrics).Metrics.Single().Values.Single());
            Assert.Equal(new Metric(name, 256, AlertLevel.Unknown), ReadOk(both).Metrics.Single().Values.Single());
        }
    }

    [Fact]
    public void A_well_known_name_sent_as_text_reads_as_the_same_name()
    {
        var beat = ReadOk(Beat(map: "88", extra: "06 81 a3 63 70 75 82 a5 75 73 61 67 65 01 02 02 07 81 a3 63 70 75 81 a5 75 73 61 67 65 02"));
        Assert.Equal([new Metric("usage", 1, AlertLevel.Critical), new Metric("iowait", 2)], beat.Metrics[0].Values);
    }

    [Theory]
    [InlineData("cc 01")]
    [InlineData("d0 01")]
    [InlineData("cd 00 01")]
    [InlineData("ff")]
    [InlineData("c0")]
    [InlineData("c3")]
    [InlineData("ca 3f 80 00 00")]
    [InlineData("a0")]
    public void A_metric_name_that_is_neither_a_fixint_index_nor_text_is_malformed(string name)
    {
        Assert.Equal(DecodeStatus.Malformed, HeartbeatDecoder.TryDecode(Beat(map: "87", extra: $"06 81 a3 63 70 75 81 {name} 01"), out _));
    }

    [Theory]
    [InlineData("01")]
    [InlineData("a0")]
    public void Group_and_check_names_are_text_and_not_empty(string name)
    {
        Assert.Equal(DecodeStatus.Malformed, HeartbeatDecoder.TryDecode(Beat(map: "87", extra: $"06 81 {name} 81 01 01"), out _));
        Assert.Equal(DecodeStatus.Malformed, HeartbeatDecoder.TryDecode(Beat(map: "87", extra: $"08 81 {name} 92 00 a0"), out _));
    }

    [Fact]
    public void A_name_of_any_length_with_invalid_utf8_anywhere_is_malformed_and_valid_utf8_is_not()
    {
        for (var length = 1; length <= 40; length++)
        {
            for (var at = 0; at < length; at++)
            {
                var name = Enumerable.Repeat((byte)'a', length).ToArray();
                name[at] = 0xff;
                Assert.Equal(DecodeStatus.Malformed, HeartbeatDecoder.TryDecode(WithGroup(name), out _));
                if (at + 1 < length)
                {
                    name[at] = 0xc3; // é
                    name[at + 1] = 0xa9;
                    Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(WithGroup(name), out _));
                    name[at + 1] = (byte)'a'; // a lead byte without its continuation
                    Assert.Equal(DecodeStatus.Malformed, HeartbeatDecoder.TryDecode(WithGroup(name), out _));
                }
            }
        }

        static byte[] WithGroup(byte[] name) =>
            Beat(map: "87", extra: $"06 81 d9 {name.Length:x2} {Convert.ToHexStringLower(name)} 81 04 01");
    }

    /// <summary>Valid datagrams of every kind: the vectors, and the typical beats encoded with and without a tag.</summary>
    public static TheoryData<string, string> ValidDatagrams()
    {
        // Named, and each datagram once: several encoded beats are vectors too, and xunit skips a case whose arguments
        // repeat another's as a duplicate id.
        var datagrams = new List<(string Name, string Hex)>();
        foreach (var vector in TestVectors.All.Where(v => v.Status == DecodeStatus.Ok))
            datagrams.Add(("vector " + vector.Name, Convert.ToHexStringLower(vector.Bytes)));
        var encoder = new HeartbeatEncoder();
        using var signer = new HeartbeatSigner("secret"u8);
        var beats = new[] { ("typical", TypicalBeats.Typical()), ("metric names", TypicalBeats.MetricNames()), ("inventory and message", TypicalBeats.WithInventory() with { Message = "m" }) };
        foreach (var (name, beat) in beats)
        {
            datagrams.Add((name + ", unsigned", Convert.ToHexStringLower(encoder.Encode(beat).Span)));
            datagrams.Add((name + ", signed", Convert.ToHexStringLower(encoder.Encode(beat, signer).Span)));
        }
        var data = new TheoryData<string, string>();
        foreach (var (name, hex) in datagrams.DistinctBy(d => d.Hex))
            data.Add(name, hex);
        return data;
    }

    [Theory]
    [MemberData(nameof(ValidDatagrams))]
    public void A_valid_datagram_cut_at_any_byte_is_never_accepted(string name, string hex)
    {
        var datagram = Convert.FromHexString(hex);
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(datagram, out _));
        for (var length = 0; length < datagram.Length; length++)
        {
            var status = HeartbeatDecoder.TryDecode(datagram.AsMemory(0, length), out var frame);
            Assert.True(status != DecodeStatus.Ok, $"{name} cut to {length} of {datagram.Length} bytes: accepted");
            Assert.True(frame.Body.IsEmpty && frame.HostName.IsEmpty && frame.Sequence == 0, "a rejected frame carries nothing");
        }
    }
}
