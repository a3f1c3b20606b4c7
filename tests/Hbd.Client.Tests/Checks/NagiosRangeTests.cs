using Hbd.Client.Checks;

namespace Hbd.Client.Tests.Checks;

public sealed class NagiosRangeTests
{
    [Theory]
    // "10": outside 0..10
    [InlineData("10", -1, true)]
    [InlineData("10", 0, false)]
    [InlineData("10", 10, false)]
    [InlineData("10", 10.01, true)]
    // "10:": below 10
    [InlineData("10:", 9.9, true)]
    [InlineData("10:", 10, false)]
    [InlineData("10:", 1e9, false)]
    // "~:10": above 10
    [InlineData("~:10", -1e9, false)]
    [InlineData("~:10", 10, false)]
    [InlineData("~:10", 11, true)]
    // "10:20": outside 10..20
    [InlineData("10:20", 9, true)]
    [InlineData("10:20", 10, false)]
    [InlineData("10:20", 20, false)]
    [InlineData("10:20", 21, true)]
    // "@10:20": inside 10..20, inclusive
    [InlineData("@10:20", 9, false)]
    [InlineData("@10:20", 10, true)]
    [InlineData("@10:20", 15, true)]
    [InlineData("@10:20", 20, true)]
    [InlineData("@10:20", 20.5, false)]
    // an empty start is 0; negative and decimal bounds
    [InlineData(":5", -0.5, true)]
    [InlineData(":5", 5, false)]
    [InlineData("-5:-1", -3, false)]
    [InlineData("-5:-1", 0, true)]
    [InlineData("0.5:1.5", 1.6, true)]
    [InlineData("@~:0", -7, true)]
    [InlineData("@~:0", 0.1, false)]
    [InlineData(" 10 ", 11, true)]
    public void A_value_alerts_as_the_nagios_guidelines_say(string text, double value, bool alerts)
    {
        Assert.True(NagiosRange.TryParse(text, out var range));
        Assert.Equal(alerts, range.Alerts(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("@")]
    [InlineData("abc")]
    [InlineData("20:10")]
    [InlineData("1,5")]
    [InlineData("1e3")]
    [InlineData("10:x")]
    [InlineData("~")]
    [InlineData("NaN")]
    public void Malformed_ranges_are_refused(string text)
    {
        Assert.False(NagiosRange.TryParse(text, out _));
    }

    [Fact]
    public void Nan_never_alerts()
    {
        Assert.True(NagiosRange.TryParse("10", out var range));
        Assert.False(range.Alerts(double.NaN));
    }
}
