using Hbd.Client.Checks;
using Hbd.Common;

namespace Hbd.Client.Tests.Checks;

public sealed class PerfDataItemTests
{
    [Theory]
    [InlineData(2.4, "5", "10", AlertLevel.Ok)]
    [InlineData(6, "5", "10", AlertLevel.Warning)]
    [InlineData(11, "5", "10", AlertLevel.Critical)]
    [InlineData(11, null, null, AlertLevel.Ok)]
    [InlineData(11, "5", null, AlertLevel.Warning)]
    [InlineData(11, null, "10", AlertLevel.Critical)]
    [InlineData(15, "@10:20", "@14:16", AlertLevel.Critical)]
    [InlineData(11, "@10:20", "@14:16", AlertLevel.Warning)]
    [InlineData(11, "garbage", "10", AlertLevel.Critical)]
    [InlineData(11, "5", "garbage", AlertLevel.Warning)]
    public void Level_comes_from_the_items_own_ranges(double value, string? warn, string? crit, AlertLevel expected)
    {
        Assert.Equal(expected, new PerfDataItem("x", value, "", warn, crit, null, null).Level());
    }

    [Fact]
    public void An_undetermined_value_is_ok()
    {
        Assert.Equal(AlertLevel.Ok, new PerfDataItem("x", null, "", "1", "2", null, null).Level());
    }
}
