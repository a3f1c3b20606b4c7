using Hbd.Server.History;

namespace Hbd.Server.Tests.History;

/// <summary>
/// Compares a decoded block with the one encoded: min, max and raw values bit for bit, averages within half a unit of
/// the decimal the codec rounds them to (see <see cref="AverageColumn"/>) and still between min and max.
/// </summary>
internal static class BlockAssert
{
    public static HistoryColumns RoundTrips(HistoryTier tier, HistoryColumns block)
    {
        var decoded = HistoryBlockCodec.Decode(tier, HistoryBlockCodec.Encode(tier, block));
        Assert.Equal(block.Times, decoded.Times);
        Assert.Equal(block.IntervalMs, decoded.IntervalMs);
        Assert.Equal(block.Series.Select(s => s.SeriesId), decoded.Series.Select(s => s.SeriesId));
        for (var s = 0; s < block.Series.Count; s++)
        {
            var (expected, actual) = (block.Series[s], decoded.Series[s]);
            Same(expected.Min, actual.Min);
            Same(expected.Max, actual.Max);
            if (tier == HistoryTier.Raw)
                Assert.True(ReferenceEquals(actual.Min, actual.Avg) && ReferenceEquals(actual.Min, actual.Max));
            else
                Averages(expected, actual.Avg);
        }
        return decoded;
    }

    /// <summary>
    /// Each decoded avg within half a unit of the (k + 1)th decimal of the true one, k being the decimals the series' min
    /// and max columns have in common (plus half a float32 step when those are float32), and between its min and max when
    /// the true one was; float32 when min and max have no common decimals.
    /// </summary>
    private static void Averages(SeriesColumns expected, double[] actual)
    {
        Assert.Equal(expected.Avg.Length, actual.Length);
        var present = Enumerable.Range(0, actual.Length)
            .Where(i => !double.IsNaN(expected.Min[i]) || !double.IsNaN(expected.Avg[i]) || !double.IsNaN(expected.Max[i])).ToArray();
        double[] bounds = [.. present.Select(i => expected.Min[i]), .. present.Select(i => expected.Max[i])];
        var single = ValueColumn.AllSingle(bounds);
        var rounded = ValueColumn.TryDecimals(bounds, single, new long[bounds.Length], out var k)
            && k < DecimalScaling.MaxDecimals && present.All(i => double.IsFinite(expected.Avg[i]));
        foreach (var i in present)
        {
            var (min, avg, max, got) = (expected.Min[i], expected.Avg[i], expected.Max[i], actual[i]);
            if (!rounded)
            {
                Assert.True(BitConverter.DoubleToInt64Bits((float)avg) == BitConverter.DoubleToInt64Bits(got),
                    $"avg [{i}]: {got:R} instead of the float32 {(float)avg:R}");
                continue;
            }
            var tolerance = (0.5 * Math.Pow(10, -(k + 1))) + (single ? MathF.BitIncrement((float)got) - (double)(float)got : 0) + (Math.Abs(avg) * 1e-15);
            Assert.True(Math.Abs(got - avg) <= tolerance, $"avg [{i}]: {got:R} is not {avg:R} to {k + 1} decimals");
            if (min <= avg && avg <= max)
                Assert.True(min <= got && got <= max, $"avg [{i}]: {got:R} is not within [{min:R}, {max:R}]");
        }
    }

    private static void Same(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]))
                Assert.True(double.IsNaN(actual[i]), $"[{i}]: {actual[i]:R} instead of absent");
            else
                Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                    $"[{i}]: {actual[i]:R} instead of {expected[i]:R}");
        }
    }
}
