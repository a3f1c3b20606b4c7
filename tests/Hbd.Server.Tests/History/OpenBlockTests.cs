using Hbd.Server.History;

namespace Hbd.Server.Tests.History;

/// <summary>A host's open minute: columns as the beats name series, absent values, growth, and letting go.</summary>
public sealed class OpenBlockTests
{
    [Fact]
    public void Samples_become_columns_with_a_series_absent_before_it_first_appears()
    {
        var block = new OpenBlock();
        block.Reset(60_000);
        block.Add(60_000, 10_000, [1, 2], [1.5, 10]);
        block.Add(70_000, 10_000, [1, 2, 3], [2.5, 20, 7]);
        block.Add(80_000, 10_000, [3, 1], [8, 3.5]);

        var columns = block.ToColumns();

        Assert.Equal([60_000L, 70_000, 80_000], columns.Times);
        Assert.Equal(10_000, columns.IntervalMs);
        Assert.Equal([1, 2, 3], columns.Series.Select(s => s.SeriesId));
        Assert.Equal([1.5, 2.5, 3.5], columns.Series[0].Avg);
        Assert.Equal(20, columns.Series[1].Avg[1]);
        Assert.True(double.IsNaN(columns.Series[1].Avg[2]));
        Assert.True(double.IsNaN(columns.Series[2].Avg[0]));
        Assert.Equal([7.0, 8.0], columns.Series[2].Avg.Skip(1));
    }

    [Fact]
    public void More_beats_than_a_minute_of_the_interval_and_more_series_than_the_first_beat_fit()
    {
        var block = new OpenBlock();
        block.Reset(0);
        for (var i = 0; i < 100; i++)
            block.Add(i * 500L, 30_000, [.. Enumerable.Range(1, 1 + (i % 70))], [.. Enumerable.Range(1, 1 + (i % 70)).Select(v => (double)v)]);

        var columns = block.ToColumns();

        Assert.Equal(100, columns.Times.Length);
        Assert.Equal(70, columns.Series.Count);
        Assert.Equal(70, columns.Series[69].Avg[69]);
    }

    [Fact]
    public void A_released_block_holds_nothing_and_fills_again()
    {
        var block = new OpenBlock();
        block.Reset(0);
        block.Add(1_000, 10_000, [1, 2, 3], [1, 2, 3]);
        Assert.True(block.Bytes > 0);

        block.Release();

        Assert.Equal(0, block.Bytes);
        Assert.Equal(0, block.Samples);
        block.Reset(60_000);
        block.Add(61_000, 10_000, [4], [9]);
        Assert.Equal([9.0], block.ToColumns().Series.Single().Avg);
    }
}
