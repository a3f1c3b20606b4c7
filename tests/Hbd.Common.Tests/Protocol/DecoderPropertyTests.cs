using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hbd.Common.Protocol;
using MessagePack;

namespace Hbd.Common.Tests.Protocol;

/// <summary>
/// Whatever arrives, <see cref="HeartbeatDecoder.TryDecode"/> returns a status and never throws, and what it
/// accepts <see cref="HeartbeatReader"/> and <see cref="HeartbeatSigner"/> can read without throwing either.
/// </summary>
public sealed class DecoderPropertyTests
{
    /// <summary>Decodes, and for accepted datagrams reads and verifies; any exception fails the property.</summary>
    internal static DecodeStatus DecodeCompletely(byte[] datagram)
    {
        var status = HeartbeatDecoder.TryDecode(datagram, out var frame);
        Assert.True(Enum.IsDefined(status));
        if (status == DecodeStatus.Ok)
        {
            var beat = HeartbeatReader.Read(frame);
            Assert.True(HostNames.IsValid(beat.HostName));
            Assert.Equal(frame.Sequence, beat.Sequence);
            using var signer = new HeartbeatSigner("secret"u8);
            signer.Verify(frame);
        }
        return status;
    }

    [Property(MaxTest = 3000)]
    public void Random_bytes_never_throw(byte[] bytes) => DecodeCompletely(bytes);

    [Property(MaxTest = 3000)]
    public void Random_bytes_behind_a_valid_header_never_throw(byte[] body, bool signed, bool message)
    {
        byte[] header = [WireFormat.Magic0, WireFormat.Magic1, WireFormat.Version,
            (byte)((signed ? WireFormat.FlagSigned : 0) | (message ? WireFormat.FlagMessage : 0))];
        DecodeCompletely([.. header, .. body]);
    }

    [Property(Arbitrary = [typeof(DatagramGenerators)], MaxTest = 5000)]
    public void Mutated_valid_datagrams_never_throw(MutatedDatagram datagram) => DecodeCompletely(datagram.Bytes);

    [Property(Arbitrary = [typeof(DatagramGenerators)], MaxTest = 3000)]
    public void Random_messagepack_bodies_never_throw(RandomBody body)
    {
        foreach (var flags in new byte[] { 0, WireFormat.FlagMessage })
            DecodeCompletely([WireFormat.Magic0, WireFormat.Magic1, WireFormat.Version, flags, .. body.Bytes]);
    }

    [Fact]
    public void Random_messagepack_bodies_are_sometimes_accepted()
    {
        // Guards the generator: a property that only ever sees rejects would test little.
        var bodies = DatagramGenerators.RandomBody().Generator.Sample(500, 20);
        var accepted = bodies.Count(b => DecodeCompletely([WireFormat.Magic0, WireFormat.Magic1, WireFormat.Version, 0, .. b.Bytes])
            == DecodeStatus.Ok);
        Assert.InRange(accepted, 50, 450);
    }

    public static TheoryData<string, byte[]> DeepNesting()
    {
        var data = new TheoryData<string, byte[]>();
        data.Add("body of 10,000 nested arrays", [.. Repeat([0x91], 10_000), 0x00]);
        data.Add("body of 5,000 nested maps", [.. Repeat([0x81, 0x00], 5_000), 0x00]);
        data.Add("unknown key of 10,000 nested arrays", [.. MinimalBody(extra: 1), 0x0b, .. Repeat([0x91], 10_000), 0x00]);
        data.Add("unknown key of 16-bit array headers", [.. MinimalBody(extra: 1), 0x0b, .. Repeat([0xdc, 0x00, 0x01], 5_000), 0x00]);
        data.Add("inventory of 5,000 nested maps", [.. MinimalBody(extra: 1), 0x09, .. Repeat([0x81, 0xa1, 0x6b], 5_000), 0x00]);
        data.Add("metrics of 5,000 nested maps", [.. MinimalBody(extra: 1), 0x06, .. Repeat([0x81, 0xa1, 0x6b], 5_000), 0x00]);
        data.Add("checks of 5,000 nested arrays", [.. MinimalBody(extra: 1), 0x08, 0x81, 0xa1, 0x6b, .. Repeat([0x92, 0x00], 5_000)]);
        return data;
    }

    [Theory]
    [MemberData(nameof(DeepNesting))]
    public void Deep_nesting_is_malformed_without_exhausting_the_stack(string what, byte[] body)
    {
        Assert.NotEmpty(what);
        Assert.Equal(DecodeStatus.Malformed, DecodeCompletely([.. "HB\x01\x00"u8, .. body]));
    }

    public static TheoryData<string, byte[]> HugeLengths()
    {
        byte[][] values =
        [
            [0xdb, 0xff, 0xff, 0xff, 0xff], // str32 of 4 GiB
            [0xda, 0xff, 0xff],             // str16
            [0xd9, 0xff],                   // str8
            [0xc6, 0xff, 0xff, 0xff, 0xff], // bin32
            [0xdd, 0xff, 0xff, 0xff, 0xff], // array32
            [0xdf, 0xff, 0xff, 0xff, 0xff], // map32
            [0xdf, 0x00, 0x00, 0x04, 0x01], // map32 of 1,025: over the count limit
            [0xc9, 0xff, 0xff, 0xff, 0xff, 0x01], // ext32
            [0xbf],                         // fixstr of 31
        ];
        var data = new TheoryData<string, byte[]>();
        data.Add("body map32", [0xdf, 0xff, 0xff, 0xff, 0xff]);
        data.Add("body map of 33", [0xde, 0x00, 0x21, .. Repeat([0x0b, 0x00], 33)]);
        foreach (var value in values)
        {
            var hex = Convert.ToHexStringLower(value);
            data.Add("host " + hex, [0x86, 0x00, .. value, .. MinimalBody(extra: 0)[6..]]);
            foreach (var key in new byte[] { 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b })
                data.Add($"key {key} {hex}", [.. MinimalBody(extra: 1), key, .. value]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HugeLengths))]
    public void Declared_lengths_beyond_the_datagram_are_malformed(string what, byte[] body)
    {
        Assert.NotEmpty(what);
        Assert.Equal(DecodeStatus.Malformed, DecodeCompletely([.. "HB\x01\x00"u8, .. body]));
    }

    [Fact]
    public void Minimal_body_helper_builds_vector_a()
    {
        byte[] built = [.. "HB\x01\x00"u8, .. MinimalBody(extra: 0)];
        Assert.Equal(TestVectors.Get("minimal").Bytes, built);
    }

    [Fact]
    public void Every_truncation_of_every_vector_is_handled()
    {
        foreach (var vector in TestVectors.All)
            for (var length = 0; length < vector.Bytes.Length; length++)
                DecodeCompletely(vector.Bytes[..length]);
    }

    [Fact]
    public void Decoding_and_verifying_an_accepted_datagram_allocates_nothing()
    {
        using var signer = new HeartbeatSigner("secret"u8);
        var datagram = TestVectors.Get("typical-signed").Bytes.AsMemory();
        for (var i = 0; i < 100; i++)
            DecodeAndVerify(datagram, signer);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            Assert.True(DecodeAndVerify(datagram, signer));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static bool DecodeAndVerify(ReadOnlyMemory<byte> datagram, HeartbeatSigner signer) =>
            HeartbeatDecoder.TryDecode(datagram, out var frame) == DecodeStatus.Ok && signer.Verify(frame);
    }

    /// <summary>The body of vector A (host, run id, sequence, sent_at, interval, level), its map header raised by <paramref name="extra"/>.</summary>
    private static byte[] MinimalBody(int extra)
    {
        var body = TestVectors.Get("minimal").Bytes[WireFormat.HeaderSize..];
        body[0] = (byte)(0x80 + 6 + extra);
        return body;
    }

    private static byte[] Repeat(byte[] unit, int count) => [.. Enumerable.Repeat(unit, count).SelectMany(u => u)];
}

/// <summary>A valid datagram after a few random edits; prints as hex so a failure can be replayed.</summary>
public sealed record MutatedDatagram(byte[] Bytes)
{
    public override string ToString() => Convert.ToHexStringLower(Bytes);
}

/// <summary>A random, mostly well-formed MessagePack map, often with the required fields, to get past the first checks.</summary>
public sealed record RandomBody(byte[] Bytes)
{
    public override string ToString() => Convert.ToHexStringLower(Bytes);
}

/// <summary>FsCheck generators for the decoder properties.</summary>
public static class DatagramGenerators
{
    private static readonly byte[] Interesting =
        [0x00, 0x01, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc6, 0xc7, 0xca, 0xcb,
         0xcc, 0xcf, 0xd0, 0xd3, 0xd4, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff];

    private static readonly Lazy<byte[][]> Seeds = new(BuildSeeds);

    public static Arbitrary<MutatedDatagram> Mutated() =>
        Gen.Elements(Seeds.Value)
            .SelectMany(seed => Gen.Choose(1, 6).SelectMany(times => MutateTimes(seed, times)))
            .Select(bytes => new MutatedDatagram(bytes))
            .ToArbitrary();

    public static Arbitrary<RandomBody> RandomBody() =>
        Gen.Sized(size => Gen.Choose(0, 6).SelectMany(count => Gen.ListOf(Entry(Math.Min(size, 20)), count)).Select(entries =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            var writer = new MessagePackWriter(buffer);
            var required = new (int Key, Node Value)[]
            {
                (0, new Text("db1")), (1, new Int(7)), (2, new Int(1)), (3, new Int(1_736_942_400_000)), (4, new Int(10_000)), (5, new Int(0)),
            };
            // Mostly distinct keys with the required ones present; now and then as generated (duplicates, missing keys).
            var distinct = entries.DistinctBy(e => e.Key).ToList();
            var all = entries.Count % 5 == 0 ? entries.ToList() : [.. required.Where(r => distinct.All(e => e.Key != r.Key)), .. distinct];
            writer.WriteMapHeader(all.Count);
            foreach (var (key, value) in all)
            {
                writer.Write(key);
                value.Write(ref writer);
            }
            writer.Flush();
            return new RandomBody(buffer.WrittenSpan.ToArray());
        })).ToArbitrary();

    private static Gen<(int Key, Node Value)> Entry(int size) =>
        Gen.Frequency(
            (6, Gen.Choose(6, 12).SelectMany(key => ShapedFor(key, size).Select(value => (key, value)))),
            (2, Gen.Choose(-3, 40).SelectMany(key => Value(size).Select(value => (key, value)))));

    /// <summary>Values shaped roughly as the key wants, with random leaves, so that many pass and the rest fail deep inside.</summary>
    private static Gen<Node> ShapedFor(int key, int size) => key switch
    {
        6 => MapOf(NameGen(), MapOf(MetricNameGen(), Number(), 6), 6),
        7 => MapOf(NameGen(), MapOf(MetricNameGen(), Level(), 4), 4),
        8 => MapOf(NameGen(), Gen.Zip(Level(), TextGen()).Select(p => (Node)new Arr([p.Item1, p.Item2])), 6),
        9 or 11 or 12 => MapOf(TextGen(), Value(size), 8),
        _ => TextGen(),
    };

    private static Gen<Node> Value(int size) =>
        size <= 0
            ? Leaf()
            : Gen.Frequency(
                (5, Leaf()),
                (1, Gen.ListOf(Value(size / 2), 4).Select(items => (Node)new Arr([.. items]))),
                (1, MapOf(TextGen(), Value(size / 2), 4)));

    private static Gen<Node> Leaf() =>
        Gen.Frequency(
            (20, Gen.OneOf(Number(), TextGen(), Level(), Gen.Elements<Node>(new Nil(), new Bool(true), new UInt(ulong.MaxValue), new Int(long.MinValue)))),
            (1, Gen.Elements<Node>(new Raw([0xc4, 0x01, 0x00]), new Raw([0xd4, 0x01, 0x00]), new Raw([0xca, 0x7f, 0xc0, 0x00, 0x00]),
                new Raw([0xcb, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0]), new Raw([0xc1]), new Raw([0xdb, 0xff, 0xff, 0xff, 0xff]))));

    private static Gen<Node> Number() =>
        Gen.OneOf(
            Gen.Choose(int.MinValue, int.MaxValue).Select(i => (Node)new Int(i)),
            Gen.Zip(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(0, 60)).Select(p => (Node)new Int((long)p.Item1 << p.Item2)),
            Gen.Choose(-100_000, 100_000).Select(i => (Node)new Float32(i / 7f)),
            Gen.Choose(-100_000, 100_000).Select(i => (Node)new Float64(i / 3.0)));

    private static Gen<Node> Level() =>
        Gen.Frequency((20, Gen.Choose(0, 3)), (1, Gen.Elements(-1, 4, 255))).Select(i => (Node)new Int(i));

    private static Gen<Node> NameGen() => Gen.Frequency((8, Gen.Elements("cpu", "load1", "disk:/", "x")), (1, Gen.Constant(""))).Select(s => (Node)new Text(s));

    /// <summary>Metric names as text or as an index into the well-known table; now and then an index outside it.</summary>
    private static Gen<Node> MetricNameGen() =>
        Gen.Frequency(
            (4, NameGen()),
            (4, Gen.Choose(1, WireFormat.WellKnownMetricNames.Length - 1).Select(i => (Node)new Int(i))),
            (1, Gen.Elements<Node>(new Int(0), new Int(WireFormat.WellKnownMetricNames.Length), new Int(127), new Raw([0xcc, 0x01]))));

    private static Gen<Node> TextGen() =>
        Gen.Frequency(
            (40, Gen.Elements<Node>(new Text("db1"), new Text("web-01.example.net"), new Text("38°C"), new Text(""), new Text("bad host"))),
            (1, Gen.Choose(1000, 1100).Select(n => (Node)new Text(new string('a', n)))),
            (2, Gen.Elements<Node>(new RawText([0xff, 0xfe]), new RawText([0xc3, 0x28]), new RawText([0xed, 0xa0, 0x80]))));

    private static Gen<Node> MapOf(Gen<Node> keys, Gen<Node> values, int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ListOf(Gen.Zip(keys, values), n)).Select(pairs => (Node)new Map([.. pairs]));

    private static Gen<byte[]> MutateTimes(byte[] input, int times) =>
        times == 0 ? Gen.Constant(input) : Mutate(input).SelectMany(mutated => MutateTimes(mutated, times - 1));

    private static Gen<byte[]> Mutate(byte[] input)
    {
        var length = input.Length;
        var anyByte = Gen.Choose(0, 255).Select(i => (byte)i);
        var insert = Gen.Zip(Gen.Choose(0, length), Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(anyByte, n)))
            .Select(p => (byte[])[.. input.AsSpan(0, p.Item1), .. p.Item2, .. input.AsSpan(p.Item1)]);
        if (length == 0)
            return insert;
        var position = Gen.Choose(0, length - 1);
        return Gen.OneOf(
            Gen.Choose(0, length * 8 - 1).Select(bit => With(input, a => a[bit / 8] ^= (byte)(1 << (bit % 8)))),
            position.Select(n => input[..n]),
            insert,
            Gen.Zip(position, position).Select(p => With(input, a => (a[p.Item1], a[p.Item2]) = (a[p.Item2], a[p.Item1]))),
            Gen.Zip(position, Gen.Elements(Interesting)).Select(p => With(input, a => a[p.Item1] = p.Item2)),
            Gen.Zip(position, Gen.Choose(1, 16)).Select(p => (byte[])[.. input.AsSpan(0, p.Item1), .. input.AsSpan(Math.Min(length, p.Item1 + p.Item2))]),
            Gen.Zip(position, Gen.Choose(1, 64)).Select(p =>
            {
                var slice = input.AsSpan(p.Item1, Math.Min(p.Item2, length - p.Item1));
                return (byte[])[.. input.AsSpan(0, p.Item1), .. slice, .. input.AsSpan(p.Item1)];
            }));
    }

    private static byte[] With(byte[] input, Action<byte[]> change)
    {
        var copy = (byte[])input.Clone();
        change(copy);
        return copy;
    }

    private static byte[][] BuildSeeds()
    {
        var encoder = new HeartbeatEncoder();
        using var signer = new HeartbeatSigner("secret"u8);
        var beats = new[] { TypicalBeats.Minimal(), TypicalBeats.MessageOnly(), TypicalBeats.Typical(), TypicalBeats.WithInventory() };
        return
        [
            .. beats.Select(b => encoder.Encode(b).ToArray()),
            .. beats.Select(b => encoder.Encode(b, signer).ToArray()),
            .. TestVectors.All.Select(v => v.Bytes),
        ];
    }

    /// <summary>A MessagePack value to write; Raw and RawText let invalid encodings through.</summary>
    private abstract record Node
    {
        public abstract void Write(ref MessagePackWriter writer);
    }

    private sealed record Int(long Value) : Node
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);
    }

    private sealed record UInt(ulong Value) : Node
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);
    }

    private sealed record Float32(float Value) : Node
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);
    }

    private sealed record Float64(double Value) : Node
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);
    }

    private sealed record Text(string Value) : Node
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);
    }

    private sealed record RawText(byte[] Utf8) : Node
    {
        public override void Write(ref MessagePackWriter writer) => writer.WriteString(Utf8);
    }

    private sealed record Nil : Node
    {
        public override void Write(ref MessagePackWriter writer) => writer.WriteNil();
    }

    private sealed record Bool(bool Value) : Node
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);
    }

    private sealed record Raw(byte[] Bytes) : Node
    {
        public override void Write(ref MessagePackWriter writer) => writer.WriteRaw(Bytes);
    }

    private sealed record Arr(Node[] Items) : Node
    {
        public override void Write(ref MessagePackWriter writer)
        {
            writer.WriteArrayHeader(Items.Length);
            foreach (var item in Items)
                item.Write(ref writer);
        }
    }

    private sealed record Map((Node Key, Node Value)[] Entries) : Node
    {
        public override void Write(ref MessagePackWriter writer)
        {
            writer.WriteMapHeader(Entries.Length);
            foreach (var (key, value) in Entries)
            {
                key.Write(ref writer);
                value.Write(ref writer);
            }
        }
    }
}
