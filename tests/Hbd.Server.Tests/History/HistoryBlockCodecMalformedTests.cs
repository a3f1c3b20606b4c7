using Hbd.Server.History;

namespace Hbd.Server.Tests.History;

public sealed class HistoryBlockCodecMalformedTests
{
    public static TheoryData<HistoryTier, bool> Encodings() => new()
    {
        { HistoryTier.Raw, false },
        { HistoryTier.Minute, false },
        { HistoryTier.Minute, true },
        { HistoryTier.Quarter, true },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Every_truncation_is_refused(HistoryTier tier, bool compressed)
    {
        var data = Valid(tier, compressed);

        for (var length = 0; length < data.Length; length++)
            Assert.Throws<InvalidDataException>(() => HistoryBlockCodec.Decode(tier, data.AsSpan(0, length)));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Damaged_bytes_decode_or_are_refused_never_anything_else(HistoryTier tier, bool compressed)
    {
        var data = Valid(tier, compressed);
        var random = new Random(7);

        for (var i = 0; i < 3000; i++)
        {
            var damaged = (byte[])data.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                damaged[random.Next(2, damaged.Length)] = (byte)random.Next(256);
            DecodesOrRefuses(tier, damaged);
        }
    }

    [Fact]
    public void Random_bytes_decode_or_are_refused_never_anything_else()
    {
        var random = new Random(11);

        for (var i = 0; i < 20_000; i++)
        {
            var data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            if (data.Length >= 2 && i % 4 != 0)
                (data[0], data[1]) = (HistoryBlockCodec.Version, (byte)(i % 2));
            DecodesOrRefuses(HistoryTiers.All[i % 3], data);
        }
    }

    [Theory]
    [InlineData("unknown version", new byte[] { 2, 0, 0, 0, 0 })]
    [InlineData("unknown flag", new byte[] { 1, 2, 0, 0, 0 })]
    [InlineData("bytes after the last series", new byte[] { 1, 0, 0, 0, 0, 0 })]
    [InlineData("times not ascending", new byte[] { 1, 0, 0, 2, 0, 0, 0 })]
    [InlineData("unknown column mode", new byte[] { 1, 0, 0, 1, 0, 1, 0, 0x7F, 0 })]
    [InlineData("bitmap of every time", new byte[] { 1, 0, 0, 1, 0, 1, 1, 1, 0, 0 })]
    [InlineData("overlong varint", new byte[] { 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0 })]
    [InlineData("stated payload beyond any block", new byte[] { 1, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0 })]
    public void Malformed_blocks_are_refused(string problem, byte[] data)
    {
        var error = Assert.Throws<InvalidDataException>(() => HistoryBlockCodec.Decode(HistoryTier.Raw, data));
        Assert.StartsWith("History block:", error.Message);
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void A_forged_count_is_refused_before_anything_is_allocated_for_it()
    {
        var forged = new List<byte> { HistoryBlockCodec.Version, 0, 0 };
        forged.AddRange([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]); // 2^42 times

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidDataException>(() => HistoryBlockCodec.Decode(HistoryTier.Quarter, forged.ToArray()));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100_000);
    }

    [Fact]
    public void Series_times_times_beyond_the_cell_limit_are_refused_before_allocating_the_columns()
    {
        // 4,000 times one interval apart, then 4,000 series that are absent throughout (one byte each): 16 M cells.
        var forged = new List<byte> { HistoryBlockCodec.Version, 0, 0, 0xA0, 0x1F, 0, 2 };
        forged.AddRange(Enumerable.Repeat((byte)0, 3_998));
        forged.AddRange([0xA0, 0x1F]);
        forged.AddRange(Enumerable.Repeat((byte)2, 4_000));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => HistoryBlockCodec.Decode(HistoryTier.Quarter, forged.ToArray()));
        Assert.Contains("cells", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
    }

    private static void DecodesOrRefuses(HistoryTier tier, byte[] data)
    {
        try
        {
            HistoryBlockCodec.Decode(tier, data);
        }
        catch (InvalidDataException)
        {
        }
    }

    /// <summary>An encoding with every kind of column, Brotli-compressed or not.</summary>
    private static byte[] Valid(HistoryTier tier, bool compressed)
    {
        const double Nan = double.NaN;
        var count = compressed ? 60 : 2;
        var times = HistoryBlockCodecTests.Times(count);
        double[] Values(Func<int, double> value) => [.. Enumerable.Range(0, count).Select(value)];
        SeriesColumns Series(int id, double[] values) => tier == HistoryTier.Raw
            ? SeriesColumns.Raw(id, values)
            : new SeriesColumns(id, values, [.. values.Select(v => v * 1.01)], [.. values.Select(v => v + 1)]);
        var block = HistoryBlockCodecTests.Block(times,
            Series(1, Values(i => (float)(12.5 + (i % 7 * 0.3)))),
            Series(2, Values(_ => 8_323_002_368)),
            Series(3, Values(i => i % 3 == 0 ? Nan : 1e-12 * i)),
            Series(4, Values(_ => Nan)),
            Series(300, Values(i => 1_843_212 + (i * 7919 % 10_000))));
        var data = HistoryBlockCodec.Encode(tier, block);
        Assert.Equal(compressed ? 1 : 0, data[1]);
        return data;
    }
}
