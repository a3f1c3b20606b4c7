using Hbd.Server.History;
using Xunit.Abstractions;

namespace Hbd.Server.Tests.History;

/// <summary>
/// What a typical host's day costs per tier. The budgets are the measured sizes plus about 5 % headroom, a guard against
/// the format growing (or <see cref="TypicalHost"/> changing): noisy whole-number rates and byte counts (2-4 bytes a
/// value) are most of every tier.
/// </summary>
public sealed class HistoryBlockCodecSizeTests(ITestOutputHelper output)
{
    [Fact]
    public void A_typical_hosts_day_fits_the_budget_of_each_tier()
    {
        var beats = new TypicalHost().Day().ToList();
        var builder = new HistoryColumnsBuilder();

        var sizes = HistoryTiers.All.ToDictionary(t => t, t => Measure(t, builder.Blocks(t, beats, TypicalHost.IntervalMs)));

        foreach (var (tier, (blocks, bytes, values)) in sizes)
            output.WriteLine($"{tier}: {blocks} blocks, {bytes:N0} bytes ({values * 4:N0} as float32, {bytes * 100.0 / (values * 4):F1} %)");
        Assert.Equal(1440, sizes[HistoryTier.Raw].Blocks);
        Assert.Equal(24, sizes[HistoryTier.Minute].Blocks);
        Assert.Equal(1, sizes[HistoryTier.Quarter].Blocks);
        Assert.True(sizes[HistoryTier.Raw].Bytes <= 830_000, $"Raw tier: {sizes[HistoryTier.Raw].Bytes} bytes a day");
        Assert.True(sizes[HistoryTier.Minute].Bytes <= 222_000, $"Minute tier: {sizes[HistoryTier.Minute].Bytes} bytes a day");
        Assert.True(sizes[HistoryTier.Quarter].Bytes <= 15_400, $"Quarter tier: {sizes[HistoryTier.Quarter].Bytes} bytes a day");
    }

    /// <summary>The encoded bytes of the blocks, each checked to round-trip, and the values they hold (3 per aggregated point).</summary>
    private static (int Blocks, long Bytes, long Values) Measure(HistoryTier tier, IReadOnlyList<HistoryColumns> blocks)
    {
        long bytes = 0, values = 0;
        foreach (var block in blocks)
        {
            bytes += HistoryBlockCodec.Encode(tier, block).Length;
            BlockAssert.RoundTrips(tier, block);
            values += block.Times.Length * block.Series.Count * (tier == HistoryTier.Raw ? 1 : 3);
        }
        return (blocks.Count, bytes, values);
    }
}
