using Hbd.Client.Config;

namespace Hbd.Client.Tests.Config;

public sealed class ClientSettingRulesTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("90s", 90)]
    [InlineData("1d", 86_400)]
    public void Interval_from_one_second_to_one_day_is_accepted(string text, int seconds)
    {
        Assert.Null(ClientSettingRules.CheckInterval(text, out var interval));
        Assert.Equal(TimeSpan.FromSeconds(seconds), interval);
    }

    [Theory]
    [InlineData("2d", "'2d' is too long: must be at most 1d")]
    [InlineData("0.5", "'0.5' is too short: must be at least 1s")]
    [InlineData("often", "expected a duration from 1s to 1d (seconds, or e.g. 90s, 5m, 1h30m), found 'often'")]
    [InlineData("-10", "expected a duration from 1s to 1d (seconds, or e.g. 90s, 5m, 1h30m), found '-10'")]
    public void Interval_outside_one_second_to_one_day_is_refused_with_a_reason(string text, string reason) =>
        Assert.Equal(reason, ClientSettingRules.CheckInterval(text, out _));

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public void Port_outside_1_to_65535_is_refused_naming_the_range(string text) =>
        Assert.Equal($"expected a port number from 1 to 65535, found '{text}'", ClientSettingRules.CheckPort(text, out _));

    [Fact]
    public void Port_in_range_is_accepted()
    {
        Assert.Null(ClientSettingRules.CheckPort("50003", out var port));
        Assert.Equal(50003, port);
    }

    [Theory]
    [InlineData("web 1")]
    [InlineData("-web")]
    [InlineData("")]
    public void Name_that_is_no_host_name_is_refused(string text) =>
        Assert.StartsWith("not a valid host name: ", ClientSettingRules.CheckName(text), StringComparison.Ordinal);

    [Fact]
    public void Server_with_a_bad_port_is_refused_quoting_it_with_the_reason() =>
        Assert.Equal(
            "not a server address: 'mon2:99999': the port must be a number from 1 to 65535",
            ClientSettingRules.CheckServer("mon2:99999", 50003, out _));

    [Fact]
    public void Server_without_a_port_takes_the_default()
    {
        Assert.Null(ClientSettingRules.CheckServer("mon1", 6000, out var address));
        Assert.Equal(6000, address!.Port);
    }
}
