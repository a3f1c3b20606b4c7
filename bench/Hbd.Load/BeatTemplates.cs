using System.Buffers.Binary;
using Hbd.Common.Protocol;
using Hbd.Common.Tests.Protocol;

namespace Hbd.Load;

/// <summary>
/// The typical beat of docs/protocol.md encoded once in a few variants (CPU, load and eth0's rates differ), with the
/// offsets of the fields that change from beat to beat: host name, run id, sequence and sent_at. Those come first in
/// the body, so their offsets are the same in every variant, and they are written in fixed-width forms (the name
/// has one length per run; run id, sequence and sent_at are 64-bit integers ≥ 2^32), so a beat for any host, round and
/// time is a copy, four patches and, when signed, one HMAC: about a microsecond instead of a full encode.
/// </summary>
internal sealed class BeatTemplates
{
    /// <summary>A host's first sequence number; its beat of round r carries FirstSequence + r.</summary>
    public const ulong FirstSequence = 1UL << 32;

    /// <summary>The smallest run id: any larger one keeps the 9-byte uint64 form the offsets assume.</summary>
    public const ulong MinRunId = 1UL << 32;

    private const int Variants = 16;
    private const byte FixStr = 0xa0;
    private const byte UInt64 = 0xcf;
    private const byte Int64 = 0xd3;

    private readonly byte[][] _variants;
    private readonly int _nameDigitsOffset;
    private readonly int _nameDigits;
    private readonly int _runIdOffset;
    private readonly int _sequenceOffset;
    private readonly int _sentAtOffset;
    private readonly bool _signed;

    public BeatTemplates(int nameDigits, TimeSpan interval, byte[]? key)
    {
        _nameDigits = nameDigits;
        _signed = key is not null;
        // The encoder needs a signer to set the signed flag and leave room for the tag; Write computes the real tag.
        using var signer = key is null ? null : new HeartbeatSigner(key);
        var encoder = new HeartbeatEncoder();
        _variants = new byte[Variants][];
        for (var v = 0; v < Variants; v++)
            _variants[v] = encoder.Encode(Variant(v, nameDigits, interval), signer).ToArray();

        var beat = _variants[0];
        var name = LoadHosts.Prefix.Length + nameDigits;
        // Header (4 bytes), fixmap, key 0 and the host name as a fixstr; then keys 1–3, each a 9-byte integer.
        Expect(beat, 5, [WireFormat.KeyHost, (byte)(FixStr | name)], "host name");
        _nameDigitsOffset = 7 + LoadHosts.Prefix.Length;
        _runIdOffset = ExpectInteger(beat, 7 + name, WireFormat.KeyRunId, "run id");
        _sequenceOffset = ExpectInteger(beat, _runIdOffset + 8, WireFormat.KeySequence, "sequence");
        _sentAtOffset = ExpectInteger(beat, _sequenceOffset + 8, WireFormat.KeySentAt, "sent_at");
    }

    /// <summary>The longest variant: the size of a send slot.</summary>
    public int MaxLength => _variants.Max(v => v.Length);

    /// <summary>The variants' mean length, as sent on average.</summary>
    public double MeanLength => _variants.Average(v => v.Length);

    /// <summary>The length of every beat, or 0 when the variants differ in length.</summary>
    public int CommonLength => _variants.All(v => v.Length == _variants[0].Length) ? _variants[0].Length : 0;

    /// <summary>
    /// Writes host <paramref name="host"/>'s beat of round <paramref name="round"/> into <paramref name="slot"/>, signed
    /// with <paramref name="signer"/> when the templates are; returns its length. The variant moves with host and round,
    /// so a host's values change from beat to beat.
    /// </summary>
    public int Write(Span<byte> slot, int host, ulong runId, ulong round, long sentAtMilliseconds, HeartbeatSigner? signer)
    {
        var variant = _variants[(int)((ulong)host + round) % Variants];
        variant.CopyTo(slot);
        LoadHosts.WriteDigits(slot.Slice(_nameDigitsOffset, _nameDigits), host);
        BinaryPrimitives.WriteUInt64BigEndian(slot[_runIdOffset..], runId);
        BinaryPrimitives.WriteUInt64BigEndian(slot[_sequenceOffset..], FirstSequence + round);
        BinaryPrimitives.WriteInt64BigEndian(slot[_sentAtOffset..], sentAtMilliseconds);
        if (_signed)
        {
            var signedLength = variant.Length - WireFormat.TagSize;
            signer!.ComputeTag(slot[..signedLength], slot.Slice(signedLength, WireFormat.TagSize));
        }
        return variant.Length;
    }

    /// <summary>Variant <paramref name="v"/>: CPU usage, load and eth0's rates on a wave, as in the other benchmarks.</summary>
    private static Heartbeat Variant(int v, int nameDigits, TimeSpan interval)
    {
        var template = TypicalBeats.Typical();
        var wave = Math.Sin(v * 0.7);
        var metrics = template.Metrics.ToArray();
        metrics[0] = new MetricGroup("cpu",
        [
            new("usage", Fraction(Math.Round(30 + (25 * wave), 1))), new("iowait", Fraction(Math.Round(0.8 + (0.5 * Math.Cos(v)), 1))),
            new("load1", Fraction(Math.Round(1.2 + wave, 2))), new("load5", 0.35), new("load15", 0.31), new("cores", 4),
        ]);
        var eth0 = metrics.Length > 6 && metrics[6].Name == "net:eth0" ? 6 : throw new InvalidOperationException("typical beat changed");
        metrics[eth0] = new MetricGroup("net:eth0",
        [
            new("rx_bps", Math.Round(1_843_212 * (1.5 + wave))), new("tx_bps", Math.Round(9_877_310 * (1.5 - wave))),
            new("rx_pps", Math.Round(2_413 * (1.5 + wave))), new("tx_pps", Math.Round(7_851 * (1.5 - wave))),
            new("errors", 0), new("drops", 0),
        ]);
        return template with
        {
            HostName = LoadHosts.Name(0, nameDigits),
            RunId = MinRunId,
            Sequence = FirstSequence,
            SentAt = DateTimeOffset.UtcNow,
            Interval = interval,
            Metrics = metrics,
        };
    }

    /// <summary>
    /// A value with a fractional part, so that it is always sent as a float32: whole numbers are sent as integers of
    /// another length, and every variant must have one length for segmentation offload (<see cref="BatchSocket"/>).
    /// </summary>
    private static double Fraction(double value) => value % 1 == 0 ? value + 0.1 : value;

    /// <summary>Returns the offset of the 8 value bytes of the integer after <paramref name="key"/> at <paramref name="at"/>.</summary>
    private static int ExpectInteger(byte[] beat, int at, int key, string what)
    {
        if (beat.Length < at + 10 || beat[at] != key || beat[at + 1] is not (UInt64 or Int64))
            throw new InvalidOperationException($"the encoder no longer writes the {what} where hbload patches it");
        return at + 2;
    }

    private static void Expect(byte[] beat, int at, ReadOnlySpan<byte> expected, string what)
    {
        if (beat.Length < at + expected.Length || !beat.AsSpan(at, expected.Length).SequenceEqual(expected))
            throw new InvalidOperationException($"the encoder no longer writes the {what} where hbload patches it");
    }
}
