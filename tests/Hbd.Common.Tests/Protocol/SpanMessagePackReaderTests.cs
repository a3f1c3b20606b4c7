using Hbd.Common.Protocol;
using MessagePack;

namespace Hbd.Common.Tests.Protocol;

/// <summary>
/// The decoder's reader: every width of every form the protocol uses, and for anything cut short, of another
/// kind, or declaring more than remains, false with nothing consumed, never an exception.
/// </summary>
public sealed class SpanMessagePackReaderTests
{
    private delegate bool ReadOne(ref SpanMessagePackReader reader);

    /// <summary>Each TryRead… with the kinds it can accept.</summary>
    private static readonly (string Name, MessagePackKind[] Kinds, ReadOne Read)[] Readers =
    [
        ("nil", [MessagePackKind.Nil], (ref SpanMessagePackReader r) => r.TryReadNil()),
        ("boolean", [MessagePackKind.Boolean], (ref SpanMessagePackReader r) => r.TryReadBoolean(out _)),
        ("positive fixint", [MessagePackKind.Integer], (ref SpanMessagePackReader r) => r.TryReadPositiveFixInt(out _)),
        ("int64", [MessagePackKind.Integer], (ref SpanMessagePackReader r) => r.TryReadInt64(out _)),
        ("uint64", [MessagePackKind.Integer], (ref SpanMessagePackReader r) => r.TryReadUInt64(out _)),
        ("double", [MessagePackKind.Integer, MessagePackKind.Float], (ref SpanMessagePackReader r) => r.TryReadDouble(out _)),
        ("string", [MessagePackKind.String], (ref SpanMessagePackReader r) => r.TryReadString(out _)),
        ("map header", [MessagePackKind.Map], (ref SpanMessagePackReader r) => r.TryReadMapHeader(out _)),
        ("array header", [MessagePackKind.Array], (ref SpanMessagePackReader r) => r.TryReadArrayHeader(out _)),
    ];

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static readonly (string Hex, long Value)[] IntegerCases =
    [
        ("00", 0), ("01", 1), ("7f", 127), ("ff", -1), ("e0", -32),
        ("cc 00", 0), ("cc 80", 128), ("cc ff", 255),
        ("cd 00 05", 5), ("cd 01 00", 256), ("cd ff ff", 65_535),
        ("ce 00 00 00 05", 5), ("ce 00 01 00 00", 65_536), ("ce ff ff ff ff", 4_294_967_295),
        ("cf 00 00 00 00 00 00 00 05", 5), ("cf 00 00 00 01 00 00 00 00", 4_294_967_296),
        ("cf 7f ff ff ff ff ff ff ff", long.MaxValue),
        ("d0 05", 5), ("d0 80", -128), ("d0 ff", -1),
        ("d1 00 05", 5), ("d1 80 00", -32_768), ("d1 ff 7f", -129),
        ("d2 00 00 00 05", 5), ("d2 80 00 00 00", int.MinValue), ("d2 7f ff ff ff", int.MaxValue),
        ("d3 00 00 00 00 00 00 00 05", 5), ("d3 80 00 00 00 00 00 00 00", long.MinValue),
        ("d3 7f ff ff ff ff ff ff ff", long.MaxValue),
    ];

    public static TheoryData<string, long> Integers()
    {
        var data = new TheoryData<string, long>();
        foreach (var (hex, value) in IntegerCases)
            data.Add(hex, value);
        return data;
    }

    [Theory]
    [MemberData(nameof(Integers))]
    public void Every_integer_width_reads_as_its_value(string hex, long expected)
    {
        var bytes = Hex(hex);
        var reader = new SpanMessagePackReader(bytes);
        Assert.Equal(MessagePackKind.Integer, reader.NextKind);
        Assert.True(reader.TryReadInt64(out var value));
        Assert.Equal(expected, value);
        Assert.True(reader.End);

        reader = new SpanMessagePackReader(bytes);
        Assert.True(reader.TryReadDouble(out var number));
        Assert.Equal(expected, number);
        Assert.Equal(bytes.Length, reader.Consumed);

        reader = new SpanMessagePackReader(bytes);
        Assert.Equal(expected >= 0, reader.TryReadUInt64(out var unsigned));
        Assert.Equal(expected >= 0 ? (ulong)expected : 0, unsigned);
        Assert.Equal(expected >= 0 ? bytes.Length : 0, reader.Consumed);

        reader = new SpanMessagePackReader(bytes);
        var isFixInt = bytes.Length == 1 && expected >= 0;
        Assert.Equal(isFixInt, reader.TryReadPositiveFixInt(out var fixInt));
        Assert.Equal(isFixInt ? expected : 0, fixInt);
    }

    [Fact]
    public void Uint64_above_long_max_is_a_uint64_and_a_double_but_not_an_int64()
    {
        var bytes = Hex("cf ff ff ff ff ff ff ff ff");
        var reader = new SpanMessagePackReader(bytes);
        Assert.False(reader.TryReadInt64(out _));
        Assert.Equal(0, reader.Consumed);
        Assert.True(reader.TryReadUInt64(out var value));
        Assert.Equal(ulong.MaxValue, value);

        reader = new SpanMessagePackReader(bytes);
        Assert.True(reader.TryReadDouble(out var number));
        Assert.Equal(1.8446744073709552E+19, number);
    }

    [Theory]
    [InlineData("ca 41 48 00 00", 12.5)]
    [InlineData("ca 3e d7 0a 3d", 0.41999998688697815)]
    [InlineData("ca c2 c8 00 00", -100.0)]
    [InlineData("cb 40 29 00 00 00 00 00 00", 12.5)]
    [InlineData("cb 48 07 82 87 f4 9c 4a 1d", 1e39)]
    [InlineData("cb 80 00 00 00 00 00 00 00", -0.0)]
    public void Float32_and_float64_read_as_doubles(string hex, double expected)
    {
        var reader = new SpanMessagePackReader(Hex(hex));
        Assert.Equal(MessagePackKind.Float, reader.NextKind);
        Assert.True(reader.TryReadDouble(out var value));
        Assert.Equal(expected, value);
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData("ca 7f c0 00 00")]
    [InlineData("ca 7f 80 00 00")]
    [InlineData("cb 7f f0 00 00 00 00 00 00")]
    [InlineData("cb ff f8 00 00 00 00 00 00")]
    public void Non_finite_floats_are_read_for_the_caller_to_judge(string hex)
    {
        var reader = new SpanMessagePackReader(Hex(hex));
        Assert.True(reader.TryReadDouble(out var value));
        Assert.False(double.IsFinite(value));
    }

    [Fact]
    public void Nil_and_booleans_read()
    {
        var reader = new SpanMessagePackReader(Hex("c0 c2 c3"));
        Assert.Equal(MessagePackKind.Nil, reader.NextKind);
        Assert.True(reader.TryReadNil());
        Assert.Equal(MessagePackKind.Boolean, reader.NextKind);
        Assert.True(reader.TryReadBoolean(out var no));
        Assert.False(no);
        Assert.True(reader.TryReadBoolean(out var yes));
        Assert.True(yes);
        Assert.True(reader.End);
        Assert.Equal(MessagePackKind.None, reader.NextKind);
    }

    private static List<(string Hex, int Length)> StringCases()
    {
        var data = new List<(string, int)>();
        foreach (var length in new[] { 0, 1, 31 })
            data.Add((Convert.ToHexStringLower([(byte)(0xa0 | length)]) + new string('6', 2 * length), length));
        foreach (var length in new[] { 0, 3, 32, 255 })
            data.Add(("d9" + length.ToString("x2", null) + new string('6', 2 * length), length));
        foreach (var length in new[] { 0, 3, 256, 1024 })
            data.Add(("da" + length.ToString("x4", null) + new string('6', 2 * length), length));
        foreach (var length in new[] { 0, 3, 65_536 })
            data.Add(("db" + length.ToString("x8", null) + new string('6', 2 * length), length));
        return data;
    }

    public static TheoryData<string, int> Strings()
    {
        var data = new TheoryData<string, int>();
        foreach (var (hex, length) in StringCases())
            data.Add(hex, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(Strings))]
    public void Every_string_width_reads_its_bytes(string hex, int length)
    {
        var bytes = Hex(hex);
        var reader = new SpanMessagePackReader(bytes);
        Assert.Equal(MessagePackKind.String, reader.NextKind);
        Assert.True(reader.TryReadString(out var utf8));
        Assert.Equal(length, utf8.Length);
        Assert.True(utf8.SequenceEqual(bytes.AsSpan(bytes.Length - length)));
        Assert.True(reader.End);
    }

    /// <summary>Headers followed by the smallest entries: one byte per array item, two per map entry.</summary>
    private static List<(string Hex, int Count, bool IsMap)> CollectionCases()
    {
        var data = new List<(string, int, bool)>();
        foreach (var count in new[] { 0, 1, 15 })
        {
            data.Add((Convert.ToHexStringLower([(byte)(0x80 | count)]) + new string('0', 4 * count), count, true));
            data.Add((Convert.ToHexStringLower([(byte)(0x90 | count)]) + new string('0', 2 * count), count, false));
        }
        foreach (var count in new[] { 0, 1, 16, 1024 })
        {
            data.Add(("de" + count.ToString("x4", null) + new string('0', 4 * count), count, true));
            data.Add(("dc" + count.ToString("x4", null) + new string('0', 2 * count), count, false));
            data.Add(("df" + count.ToString("x8", null) + new string('0', 4 * count), count, true));
            data.Add(("dd" + count.ToString("x8", null) + new string('0', 2 * count), count, false));
        }
        return data;
    }

    public static TheoryData<string, int, bool> Collections()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var (hex, count, isMap) in CollectionCases())
            data.Add(hex, count, isMap);
        return data;
    }

    [Theory]
    [MemberData(nameof(Collections))]
    public void Every_map_and_array_width_reads_its_count(string hex, int count, bool isMap)
    {
        var bytes = Hex(hex);
        var reader = new SpanMessagePackReader(bytes);
        Assert.Equal(isMap ? MessagePackKind.Map : MessagePackKind.Array, reader.NextKind);
        Assert.True(isMap ? reader.TryReadMapHeader(out var read) : reader.TryReadArrayHeader(out read));
        Assert.Equal(count, read);
        for (var i = 0; i < count * (isMap ? 2 : 1); i++)
            Assert.True(reader.TryReadInt64(out _));
        Assert.True(reader.End);
    }

    /// <summary>One complete item of each kind and width, with contents where it has them.</summary>
    public static TheoryData<string> Items()
    {
        var data = new TheoryData<string>();
        foreach (var (hex, _) in IntegerCases)
            data.Add(hex);
        foreach (var hex in new[] { "c0", "c2", "c3", "ca 41 48 00 00", "cb 40 29 00 00 00 00 00 00" })
            data.Add(hex);
        foreach (var (hex, length) in StringCases())
            if (length <= 32)
                data.Add(hex);
        foreach (var (hex, count, _) in CollectionCases())
            if (count <= 16)
                data.Add(hex);
        return data;
    }

    [Theory]
    [MemberData(nameof(Items))]
    public void An_item_cut_short_anywhere_is_refused_without_consuming_anything(string hex)
    {
        var bytes = Hex(hex);
        var full = new SpanMessagePackReader(bytes);
        var kind = full.NextKind;
        foreach (var (_, kinds, read) in Readers.Where(r => r.Kinds.Contains(kind)))
        {
            for (var length = 0; length < bytes.Length; length++)
            {
                // A map or array header is refused too when the entries it declares no longer fit.
                var reader = new SpanMessagePackReader(bytes.AsSpan(0, length));
                Assert.False(read(ref reader), $"{hex} cut to {length} bytes");
                Assert.Equal(0, reader.Consumed);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Items))]
    public void Readers_of_another_kind_refuse_without_consuming_anything(string hex)
    {
        var bytes = Hex(hex);
        var kind = new SpanMessagePackReader(bytes).NextKind;
        foreach (var (name, kinds, read) in Readers.Where(r => !r.Kinds.Contains(kind)))
        {
            var reader = new SpanMessagePackReader(bytes);
            Assert.False(read(ref reader), $"{name} read {hex}");
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Theory]
    [InlineData("a3 61 62")]
    [InlineData("d9 05 61 62 63 64")]
    [InlineData("da 00 05 61")]
    [InlineData("db ff ff ff ff 61")]
    [InlineData("db 80 00 00 00 61")]
    [InlineData("82 00 00 00")]
    [InlineData("de 00 02 00 00 00")]
    [InlineData("df ff ff ff ff 00 00")]
    [InlineData("92 00")]
    [InlineData("dc 00 03 00 00")]
    [InlineData("dd 80 00 00 00 00")]
    [InlineData("dd ff ff ff ff 00")]
    public void Lengths_beyond_the_remaining_bytes_are_refused(string hex)
    {
        var bytes = Hex(hex);
        foreach (var (_, _, read) in Readers)
        {
            var reader = new SpanMessagePackReader(bytes);
            Assert.False(read(ref reader));
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Theory]
    [InlineData("c4 01 00")]
    [InlineData("c5 00 01 00")]
    [InlineData("c6 00 00 00 01 00")]
    [InlineData("c7 01 01 00")]
    [InlineData("c8 00 01 01 00")]
    [InlineData("c9 00 00 00 01 01 00")]
    [InlineData("d4 01 00")]
    [InlineData("d5 01 00 00")]
    [InlineData("d6 ff 00 00 00 00")]
    [InlineData("d7 ff 00 00 00 00 00 00 00 00")]
    [InlineData("d8 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")]
    [InlineData("c1")]
    [InlineData("")]
    public void Bin_ext_the_unused_code_and_nothing_are_never_read(string hex)
    {
        var bytes = Hex(hex);
        var kind = new SpanMessagePackReader(bytes).NextKind;
        Assert.Contains(kind, new[] { MessagePackKind.Binary, MessagePackKind.Extension, MessagePackKind.None });
        foreach (var (_, _, read) in Readers)
        {
            var reader = new SpanMessagePackReader(bytes);
            Assert.False(read(ref reader));
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Fact]
    public void Kind_of_every_first_byte_is_the_one_the_messagepack_spec_gives()
    {
        for (var code = 0; code <= 0xff; code++)
        {
            var expected = MessagePackCode.ToMessagePackType((byte)code) switch
            {
                MessagePackType.Integer => MessagePackKind.Integer,
                MessagePackType.Nil => MessagePackKind.Nil,
                MessagePackType.Boolean => MessagePackKind.Boolean,
                MessagePackType.Float => MessagePackKind.Float,
                MessagePackType.String => MessagePackKind.String,
                MessagePackType.Binary => MessagePackKind.Binary,
                MessagePackType.Array => MessagePackKind.Array,
                MessagePackType.Map => MessagePackKind.Map,
                MessagePackType.Extension => MessagePackKind.Extension,
                _ => MessagePackKind.None,
            };
            Assert.Equal(expected, new SpanMessagePackReader([(byte)code]).NextKind);
        }
    }

    [Fact]
    public void Reads_what_messagepack_csharp_writes()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        long[] integers = [0, 1, -1, 127, 128, -32, -33, 255, 256, -128, -129, 65_535, 65_536, -32_768, -32_769,
            uint.MaxValue, 1L + uint.MaxValue, int.MinValue, int.MinValue - 1L, long.MaxValue, long.MinValue];
        writer.WriteMapHeader(integers.Length);
        foreach (var value in integers)
        {
            writer.Write(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.Write(value);
        }
        writer.WriteArrayHeader(3);
        writer.Write(0.1f);
        writer.Write(0.1);
        writer.Write(ulong.MaxValue);
        writer.Flush();

        var reader = new SpanMessagePackReader(buffer.WrittenSpan);
        Assert.True(reader.TryReadMapHeader(out var count));
        Assert.Equal(integers.Length, count);
        foreach (var value in integers)
        {
            Assert.True(reader.TryReadString(out var text));
            Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Text.Encoding.UTF8.GetString(text));
            Assert.True(reader.TryReadInt64(out var read));
            Assert.Equal(value, read);
        }
        Assert.True(reader.TryReadArrayHeader(out var items));
        Assert.Equal(3, items);
        Assert.True(reader.TryReadDouble(out var single));
        Assert.Equal(0.1f, single);
        Assert.True(reader.TryReadDouble(out var @double));
        Assert.Equal(0.1, @double);
        Assert.True(reader.TryReadUInt64(out var max));
        Assert.Equal(ulong.MaxValue, max);
        Assert.True(reader.End);
    }
}
