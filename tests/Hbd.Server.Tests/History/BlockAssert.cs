using Hbd.Server.History;

namespace Hbd.Server.Tests.History;

/// <summary>Bit-exact comparison of a decoded block with the one encoded (averages as their float32).</summary>
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
            Same(expected.Min, actual.Min, narrow: false);
            Same(expected.Max, actual.Max, narrow: false);
            Same(expected.Avg, actual.Avg, narrow: tier != HistoryTier.Raw);
            if (tier == HistoryTier.Raw)
                Assert.True(ReferenceEquals(actual.Min, actual.Avg) && ReferenceEquals(actual.Min, actual.Max));
        }
        return decoded;
    }

    private static void Same(double[] expected, double[] actual, bool narrow)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var want = narrow ? (double)(float)expected[i] : expected[i];
            if (double.IsNaN(want))
                Assert.True(double.IsNaN(actual[i]), $"[{i}]: {actual[i]:R} instead of absent");
            else
                Assert.True(BitConverter.DoubleToInt64Bits(want) == BitConverter.DoubleToInt64Bits(actual[i]),
                    $"[{i}]: {actual[i]:R} instead of {want:R}");
        }
    }
}
