using System.Globalization;
using System.Text;
using Hbd.Common.Protocol;
using Xunit.Abstractions;

namespace Hbd.Common.Tests.Protocol;

/// <summary>docs/protocol.md's vectors are what the encoder writes and the decoder reads, byte for byte.</summary>
public sealed class TestVectorTests(ITestOutputHelper output)
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(TypicalBeats.Secret);

    public static TheoryData<string> Encoded => TestVectors.Names(v => TestVectors.BuiltFrom(v.Name) is not null);

    public static TheoryData<string> Valid => TestVectors.Names(v => v.Status == DecodeStatus.Ok && !v.HasBadSignature);

    public static TheoryData<string> Every => TestVectors.Names(_ => true);

    [Fact]
    public void Document_holds_every_kind_of_vector()
    {
        var names = TestVectors.All.Select(v => v.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "minimal", "minimal-signed", "message", "typical-signed", "inventory", "future", "metric-names" }, names);
        Assert.True(TestVectors.All.Count(v => v.Status != DecodeStatus.Ok) >= 10);
        Assert.Equal(names.Count, TestVectors.All.Count);
        Assert.Equal(44, TestVectors.Get("typical-signed").Metrics.Count);
        Assert.Equal(5, TestVectors.Get("typical-signed").Checks.Count);
    }

    [Theory]
    [MemberData(nameof(Encoded))]
    public void Encoder_writes_the_documented_bytes(string name)
    {
        var vector = TestVectors.Get(name);
        using var signer = vector.IsSigned ? new HeartbeatSigner(Key) : null;
        var encoded = new HeartbeatEncoder().Encode(TestVectors.BuiltFrom(name)!, signer);
        Assert.Equal(Convert.ToHexStringLower(vector.Bytes), Convert.ToHexStringLower(encoded.Span));
    }

    [Fact]
    public void Unsigned_typical_beat_is_the_signed_vector_without_flag_and_tag()
    {
        var signed = TestVectors.Get("typical-signed").Bytes;
        var expected = signed[..^WireFormat.TagSize];
        expected[3] = 0;
        var encoded = new HeartbeatEncoder().Encode(TypicalBeats.Typical());
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(encoded.Span));
        Assert.Equal(730, encoded.Length);
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Each_vector_decodes_to_its_documented_status(string name)
    {
        var vector = TestVectors.Get(name);
        Assert.Equal(vector.Status, HeartbeatDecoder.TryDecode(vector.Bytes, out _));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Each_valid_vector_carries_the_documented_fields(string name)
    {
        var vector = TestVectors.Get(name);
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(vector.Bytes, out var frame));
        Assert.NotEmpty(vector.Fields);
        foreach (var (key, text) in vector.Fields)
        {
            var actual = key switch
            {
                WireFormat.KeyHost => Encoding.UTF8.GetString(frame.HostName.Span),
                WireFormat.KeyRunId => frame.RunId.ToString(CultureInfo.InvariantCulture),
                WireFormat.KeySequence => frame.Sequence.ToString(CultureInfo.InvariantCulture),
                WireFormat.KeySentAt => frame.SentAtUnixMs.ToString(CultureInfo.InvariantCulture),
                WireFormat.KeyInterval => frame.IntervalMs.ToString(CultureInfo.InvariantCulture),
                WireFormat.KeyLevel => ((int)frame.Level).ToString(CultureInfo.InvariantCulture),
                WireFormat.KeyMessage => Encoding.UTF8.GetString(frame.Message.Span),
                _ => throw new InvalidOperationException($"The document lists key {key}, which this test does not know."),
            };
            Assert.Equal(text, actual);
        }
        Assert.Equal(vector.IsSigned, frame.IsSigned);
        Assert.Equal(name.StartsWith("message", StringComparison.Ordinal), frame.IsMessageOnly);
    }

    [Fact]
    public void Typical_vector_carries_the_documented_metrics_levels_and_checks()
    {
        var vector = TestVectors.Get("typical-signed");
        var beat = HeartbeatReader.Read(vector.Bytes, out var status);
        Assert.Equal(DecodeStatus.Ok, status);
        var metrics = beat!.Metrics.SelectMany(g => g.Values.Select(m => new DocMetric(g.Name, m.Name, m.Value, m.Level))).ToList();
        var documented = vector.Metrics.Select(m => m with { Value = BeatAssert.OnTheWire(m.Value) }).ToList();
        Assert.Equal(documented, metrics);
        Assert.Equal(vector.Checks, beat.Checks);
        Assert.Equal(["cpu", "memory", "disk:/", "disk:/var", "disk:/home", "disk:/boot", "net:eth0", "net:eth1", "net:wg0"],
            beat.Metrics.Select(g => g.Name));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Each_valid_vector_reads_back_as_the_beat_it_was_built_from(string name)
    {
        var beat = HeartbeatReader.Read(TestVectors.Get(name).Bytes, out var status);
        Assert.Equal(DecodeStatus.Ok, status);
        BeatAssert.Equal(TestVectors.ReadsAs(name)!, beat!);
    }

    [Fact]
    public void Signed_vectors_verify_with_the_documented_key_and_the_bad_tag_does_not()
    {
        using var signer = new HeartbeatSigner(Key);
        foreach (var vector in TestVectors.All.Where(v => v.IsSigned))
        {
            Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(vector.Bytes, out var frame));
            Assert.Equal(!vector.HasBadSignature, signer.Verify(frame));
        }
        Assert.Contains(TestVectors.All, v => v.HasBadSignature);
    }

    [Fact]
    public void Typical_signed_beat_fits_in_1200_bytes()
    {
        using var signer = new HeartbeatSigner(Key);
        var size = new HeartbeatEncoder().Encode(TypicalBeats.Typical(), signer).Length;
        output.WriteLine($"typical beat (4 mounts, 3 interfaces, 5 checks), signed: {size} bytes");
        Assert.True(size <= 1200, $"{size} bytes");
        Assert.Equal(TestVectors.Get("typical-signed").Bytes.Length, size);
    }

    [Fact]
    public void Datagrams_over_16_KiB_are_too_large_and_16_KiB_is_not()
    {
        var datagram = new byte[WireFormat.MaxDatagramSize + 1];
        TestVectors.Get("minimal").Bytes.CopyTo(datagram, 0);
        Assert.Equal(DecodeStatus.TooLarge, HeartbeatDecoder.TryDecode(datagram, out _));
        Assert.Equal(DecodeStatus.Malformed, HeartbeatDecoder.TryDecode(datagram.AsMemory(0, WireFormat.MaxDatagramSize), out _));
    }

    [Fact]
    public void Well_known_metric_names_are_the_table_in_the_document()
    {
        var rows = File.ReadAllLines(TestVectors.DocumentPath)
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^\| (\d+) \| `([a-z0-9_]+)` \|$"))
            .Where(m => m.Success)
            .Select(m => (Index: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Name: m.Groups[2].Value))
            .ToList();
        Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(r => r.Index));
        Assert.Equal(WireFormat.WellKnownMetricNames.Skip(1), rows.Select(r => r.Name));
        Assert.Equal("", WireFormat.WellKnownMetricNames[0]);
        Assert.InRange(WireFormat.WellKnownMetricNames.Length, 2, 128);
        Assert.Equal(WireFormat.WellKnownMetricNames.Length, WireFormat.WellKnownMetricNames.Distinct().Count());
    }

    [Fact]
    public void Vectors_are_parsed_from_fenced_hex_blocks_with_their_section_tables()
    {
        string[] doc =
        [
            "### X", "| key | field | value |", "| 2 | sequence | `7` |", "| `cpu` | `load1` | 0.5 | WARNING |",
            "| `ssh` | CRITICAL | down |", "```hex name=x status=Malformed signed=true", "48 42", "01 00", "```",
            "### Y", "```hex name=y", "ff", "```",
        ];
        var vectors = TestVectors.Parse(doc);
        Assert.Equal(2, vectors.Count);
        Assert.Equal([0x48, 0x42, 0x01, 0x00], vectors[0].Bytes);
        Assert.Equal(DecodeStatus.Malformed, vectors[0].Status);
        Assert.True(vectors[0].IsSigned);
        Assert.Equal("7", vectors[0].Fields[2]);
        Assert.Equal(new DocMetric("cpu", "load1", 0.5, AlertLevel.Warning), vectors[0].Metrics.Single());
        Assert.Equal(new CheckResult("ssh", AlertLevel.Critical, "down"), vectors[0].Checks.Single());
        Assert.Empty(vectors[1].Fields);
        Assert.Equal(DecodeStatus.Ok, vectors[1].Status);
    }
}
