using Hbd.Client.Linux;

namespace Hbd.Client.Tests.Linux;

public sealed class UptimeParserTests
{
    [Fact]
    public void Reads_uptime_and_idle_seconds()
    {
        Assert.True(UptimeParser.TryParse(Fixtures.Read("debian12-vm", "proc/uptime"), out var uptime));

        Assert.Equal(new Uptime(2061.44, 3982.60), uptime);
    }

    [Fact]
    public void Idle_seconds_are_optional()
    {
        Assert.True(UptimeParser.TryParse("350735.47", out var uptime));

        Assert.Equal(350735.47, uptime.Seconds);
        Assert.Equal(0, uptime.IdleSeconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("up 3 days")]
    [InlineData("-5 10")]
    [InlineData("Infinity 10")]
    public void Fails_on_malformed_input(string text)
    {
        Assert.False(UptimeParser.TryParse(text, out _));
    }
}
