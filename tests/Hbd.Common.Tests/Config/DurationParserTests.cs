using Hbd.Common.Config;

namespace Hbd.Common.Tests.Config;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("10", 10_000)]
    [InlineData("0", 0)]
    [InlineData("0.5", 500)]
    [InlineData(" 30 ", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("90s", 90_000)]
    [InlineData("5m", 300_000)]
    [InlineData("4h", 14_400_000)]
    [InlineData("7d", 604_800_000)]
    [InlineData("1w", 604_800_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1d2h3m4s5ms", 93_784_005)]
    [InlineData("1.5h", 5_400_000)]
    public void Accepts_seconds_and_unit_suffixes(string text, long expectedMs)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("-5")]
    [InlineData("-5s")]
    [InlineData("+5")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("5 m")]
    [InlineData("1e3")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1..5s")]
    [InlineData(".")]
    [InlineData("5M")]
    [InlineData("10 seconds")]
    [InlineData("99999999999999999999999d")]
    [InlineData("1h-30m")]
    public void Rejects_negatives_and_garbage(string? text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData(90, "1m30s")]
    [InlineData(10, "10s")]
    [InlineData(3600, "1h")]
    [InlineData(0.5, "500ms")]
    [InlineData(86_400 * 7, "7d")]
    public void Format_writes_what_a_user_would(double seconds, string expected)
    {
        var formatted = DurationParser.Format(TimeSpan.FromSeconds(seconds));

        Assert.Equal(expected, formatted);
        Assert.True(DurationParser.TryParse(formatted, out var back));
        Assert.Equal(TimeSpan.FromSeconds(seconds), back);
    }
}
