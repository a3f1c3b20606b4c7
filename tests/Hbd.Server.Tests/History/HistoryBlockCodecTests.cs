using Hbd.Server.History;

namespace Hbd.Server.Tests.History;

public sealed class HistoryBlockCodecTests
{
    private const double Nan = double.NaN;
    private const long Start = 1_736_899_200_000;

    private static readonly Dictionary<string, double[]> ValueSets = new()
    {
        ["negative"] = [-1, -12.5, -0.001, -8_323_002_368, -1e9, 3],
        ["zero and negative zero"] = [0, -0.0, 0, 0, -0.0, 0],
        ["huge integers"] = [9_007_199_254_740_992, 9_007_199_254_740_994, -9_007_199_254_740_992, 9.2e18, -9.2e18, 1e300],
        ["long range"] = [long.MaxValue, long.MinValue, 4_611_686_018_427_387_904, -1, 0, 1],
        ["tiny"] = [1e-12, 2e-12, 1e-300, double.Epsilon, 0, 5e-13],
        ["widened float32"] = [0.42f, 12.5f, 97.3f, 0.0123f, 1234.56f, -3.1f],
        ["float32 and doubles"] = [0.42f, 0.1, 8_323_002_368, 8_323_002_369, 0.42, 7],
        ["infinities"] = [double.PositiveInfinity, 1, double.NegativeInfinity, 2, 3, 4],
        ["constant"] = [8_323_002_368, 8_323_002_368, 8_323_002_368, 8_323_002_368, 8_323_002_368, 8_323_002_368],
        ["float32 of large integers"] = [8.323e9f, 8.324e9f, 1e10f, 3.4e38f, 16_777_217f, 0],
        ["one decimal noise"] = [12.5, 13.1, 2.0, 39.9, 0.1, 17.7],
    };

    public static TheoryData<HistoryTier, string> TiersAndValueSets()
    {
        var data = new TheoryData<HistoryTier, string>();
        foreach (var tier in HistoryTiers.All)
        {
            foreach (var name in ValueSets.Keys)
                data.Add(tier, name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TiersAndValueSets))]
    public void Values_decode_bit_for_bit(HistoryTier tier, string valueSet)
    {
        var values = ValueSets[valueSet];
        var avg = values.Select((v, i) => values[(i + 1) % values.Length]).ToArray();
        var max = values.Select((v, i) => values[(i + 2) % values.Length]).ToArray();

        BlockAssert.RoundTrips(tier, Block(Times(values.Length), Series(tier, 7, values, avg, max)));
    }

    [Theory]
    [InlineData(HistoryTier.Raw)]
    [InlineData(HistoryTier.Minute)]
    [InlineData(HistoryTier.Quarter)]
    public void Absent_values_stay_absent(HistoryTier tier)
    {
        var block = Block(Times(10),
            Series(tier, 1, [1, Nan, 3, Nan, Nan, 6, 7, 8, 9, Nan]),
            Series(tier, 2, [Nan, Nan, Nan, 4.5, 4.5, 4.5, Nan, Nan, Nan, Nan]),
            Series(tier, 3, [Nan, Nan, Nan, Nan, Nan, Nan, Nan, Nan, Nan, Nan]),
            Series(tier, 4, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, Nan]));

        BlockAssert.RoundTrips(tier, block);
    }

    [Theory]
    [InlineData(HistoryTier.Minute)]
    [InlineData(HistoryTier.Quarter)]
    public void A_point_absent_from_only_some_columns_keeps_its_other_values(HistoryTier tier)
    {
        var block = Block(Times(3), new SeriesColumns(5, [1, Nan, 3], [Nan, 2, 3], [1, 2, Nan]));

        BlockAssert.RoundTrips(tier, block);
    }

    [Theory]
    [InlineData(HistoryTier.Raw, 1)]
    [InlineData(HistoryTier.Minute, 1)]
    [InlineData(HistoryTier.Quarter, 1)]
    [InlineData(HistoryTier.Raw, 0)]
    [InlineData(HistoryTier.Minute, 0)]
    [InlineData(HistoryTier.Quarter, 0)]
    public void Blocks_of_one_time_or_none_round_trip(HistoryTier tier, int count)
    {
        var values = Enumerable.Repeat(0.42f, count).Select(v => (double)v).ToArray();

        BlockAssert.RoundTrips(tier, Block(Times(count), Series(tier, 1, values), Series(tier, int.MaxValue, values)));
    }

    [Theory]
    [InlineData(HistoryTier.Raw)]
    [InlineData(HistoryTier.Minute)]
    [InlineData(HistoryTier.Quarter)]
    public void A_block_without_series_round_trips(HistoryTier tier)
    {
        BlockAssert.RoundTrips(tier, Block(Times(6)));
    }

    [Fact]
    public void Irregular_and_negative_times_and_ids_round_trip()
    {
        var block = new HistoryColumns
        {
            Times = [-5_000_000, -1, 0, 9_999, 10_000, 31_000, long.MaxValue],
            IntervalMs = 60_000,
            Series = [SeriesColumns.Raw(-3, [1, 2, 3, 4, 5, 6, 7]), SeriesColumns.Raw(0, [1, 1, 1, 1, 1, 1, Nan])],
        };

        BlockAssert.RoundTrips(HistoryTier.Raw, block);
    }

    [Fact]
    public void A_float32_value_decodes_to_the_same_double()
    {
        var block = Block(Times(2), SeriesColumns.Raw(1, [0.41999998688697815, 12.5]));

        var decoded = HistoryBlockCodec.Decode(HistoryTier.Raw, HistoryBlockCodec.Encode(HistoryTier.Raw, block));

        Assert.Equal(0.41999998688697815, decoded.Series[0].Min[0]);
    }

    [Theory]
    [InlineData(1, 4.0 / 3, 2, 1.3f)]
    [InlineData(12.5f, (12.5f + 13.1f + 12.9f) / 3, 13.1f, 12.83f)]
    [InlineData(0.0123f, 0.012345f, 0.0125f, 0.01235f)]
    [InlineData(-3, -2.25, -2, -2.3f)]
    [InlineData(4096, 6_000.7, 8192, 6_000.7f)]
    public void Averages_are_kept_to_one_decimal_more_than_min_and_max(double min, double avg, double max, float expected)
    {
        var block = Block(Times(2), new SeriesColumns(1, [min, min], [avg, min], [max, max]));

        var decoded = HistoryBlockCodec.Decode(HistoryTier.Minute, HistoryBlockCodec.Encode(HistoryTier.Minute, block));

        Assert.Equal((double)expected, decoded.Series[0].Avg[0]);
    }

    [Fact]
    public void Averages_of_doubles_are_kept_as_decimal_doubles()
    {
        var block = Block(Times(1), new SeriesColumns(1, [0.1], [0.123456], [0.3]));

        var decoded = HistoryBlockCodec.Decode(HistoryTier.Minute, HistoryBlockCodec.Encode(HistoryTier.Minute, block));

        Assert.Equal(0.12, decoded.Series[0].Avg[0]);
    }

    [Fact]
    public void Averages_of_columns_without_common_decimals_are_kept_as_float32()
    {
        var block = Block(Times(2), new SeriesColumns(1, [1e-12, 1], [1.0 / 3, 1], [1, 1]));

        var decoded = HistoryBlockCodec.Decode(HistoryTier.Minute, HistoryBlockCodec.Encode(HistoryTier.Minute, block));

        Assert.Equal((double)(1f / 3), decoded.Series[0].Avg[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Rounded_averages_stay_within_half_a_unit_and_between_min_and_max(int decimals)
    {
        var random = new Random(decimals);
        var (min, avg, max) = (new double[500], new double[500], new double[500]);
        for (var i = 0; i < min.Length; i++)
        {
            var samples = Enumerable.Range(0, random.Next(1, 8))
                .Select(_ => (double)(float)Math.Round((random.NextDouble() * 2_000) - 1_000, decimals)).ToArray();
            (min[i], avg[i], max[i]) = (samples.Min(), samples.Average(), samples.Max());
        }
        var block = new HistoryColumns { Times = Times(500), IntervalMs = 10_000, Series = [new SeriesColumns(1, min, avg, max)] };

        BlockAssert.RoundTrips(HistoryTier.Quarter, block);
    }

    [Fact]
    public void Times_out_of_order_are_refused_when_encoding()
    {
        var block = Block([Start, Start]);

        Assert.Throws<ArgumentException>(() => HistoryBlockCodec.Encode(HistoryTier.Raw, block));
    }

    [Fact]
    public void A_series_without_a_value_per_time_is_refused_when_encoding()
    {
        var block = Block(Times(2), SeriesColumns.Raw(1, [1]));

        Assert.Throws<ArgumentException>(() => HistoryBlockCodec.Encode(HistoryTier.Raw, block));
    }

    internal static long[] Times(int count) => [.. Enumerable.Range(0, count).Select(i => Start + (i * 10_000L) + (i % 3))];

    internal static HistoryColumns Block(long[] times, params SeriesColumns[] series) =>
        new() { Times = times, IntervalMs = 10_000, Series = series };

    private static SeriesColumns Series(HistoryTier tier, int id, double[] values) =>
        Series(tier, id, values, [.. values.Select(v => v * 1.5)], [.. values.Select(v => v * 2)]);

    private static SeriesColumns Series(HistoryTier tier, int id, double[] min, double[] avg, double[] max) =>
        tier == HistoryTier.Raw ? SeriesColumns.Raw(id, min) : new SeriesColumns(id, min, avg, max);
}
