using Hbd.Client.Linux;

namespace Hbd.Client.Tests.Linux;

public sealed class LoadAvgParserTests
{
    [Fact]
    public void Reads_the_three_averages()
    {
        Assert.True(LoadAvgParser.TryParse("0.28 0.47 0.24 1/85 4071\n", out var load));

        Assert.Equal(new LoadAverage(0.28, 0.47, 0.24), load);
    }

    [Fact]
    public void Reads_the_capture_of_a_busy_host()
    {
        Assert.True(LoadAvgParser.TryParse(Fixtures.Read("baremetal-16core", "proc/loadavg"), out var load));

        Assert.Equal(new LoadAverage(3.17, 2.85, 2.41), load);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("0.28 0.47")]
    [InlineData("0.28 x 0.24 1/85 4071")]
    [InlineData("-1 0.47 0.24")]
    [InlineData("NaN 0.47 0.24")]
    [InlineData("0.1 Infinity 0.24")]
    [InlineData("0,28 0,47 0,24")]
    public void Fails_on_malformed_input(string text)
    {
        Assert.False(LoadAvgParser.TryParse(text, out _));
    }
}
