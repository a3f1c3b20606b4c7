using Hbd.Client.Checks;
using Hbd.Client.Plugins;

namespace Hbd.Client.Tests.Checks;

public sealed class NagiosOptionsTests
{
    /// <summary>Settings as PluginConfig hands them over from YAML: scalars as text, lists, nested maps.</summary>
    internal static PluginSettings Settings(params (string Key, object? Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Key, v.Value)));

    internal static Dictionary<string, object?> Map(params (string Key, object? Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    private static NagiosOptions Parse(params (string Key, object? Value)[] check) =>
        NagiosOptions.Parse(Settings(("checks", Map(("c", Map(check))))));

    [Fact]
    public void The_spec_example_parses()
    {
        var ssh = Map(
            ("command", new List<object?> { "/usr/lib/nagios/plugins/check_ssh", "localhost" }),
            ("interval", "60"),
            ("timeout", "10"));
        var apt = Map(("command", "/usr/lib/nagios/plugins/check_apt"), ("shell", "false"));

        var options = NagiosOptions.Parse(Settings(("checks", Map(("ssh", ssh), ("apt", apt)))));

        Assert.Equal(NagiosOptions.DefaultMaxParallel, options.MaxParallel);
        Assert.Equal(["apt", "ssh"], options.Checks.Select(c => c.Name));
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromSeconds(10)), (options.Checks[0].Interval, options.Checks[0].Timeout));
        Assert.Equal(["/usr/lib/nagios/plugins/check_apt"], options.Checks[0].Command);
        Assert.Equal(["/usr/lib/nagios/plugins/check_ssh", "localhost"], options.Checks[1].Command);
        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10)), (options.Checks[1].Interval, options.Checks[1].Timeout));
    }

    [Fact]
    public void A_command_as_text_runs_through_the_shell_unless_shell_is_false()
    {
        Assert.Equal(["/bin/sh", "-c", "check_load -w 5,4,3 | cat"], Parse(("command", "check_load -w 5,4,3 | cat")).Checks[0].Command);
        Assert.Equal(["/bin/sh", "-c", "x"], Parse(("command", "x"), ("shell", "true")).Checks[0].Command);
        Assert.Equal(["check_dummy", "2", "two words"], Parse(("command", "check_dummy 2 'two words'"), ("shell", "no")).Checks[0].Command);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("60", 60)]
    [InlineData("0.5", 0.5)]
    [InlineData("0", 0)]
    public void Intervals_and_timeouts_are_durations(string text, double seconds)
    {
        var check = Parse(("command", "x"), ("interval", text), ("timeout", text == "0" ? "1" : text)).Checks[0];

        Assert.Equal(TimeSpan.FromSeconds(seconds), check.Interval);
    }

    [Fact]
    public void Defaults_are_every_beat_and_ten_seconds()
    {
        var check = Parse(("command", "x")).Checks[0];

        Assert.Equal((TimeSpan.Zero, TimeSpan.FromSeconds(10)), (check.Interval, check.Timeout));
    }

    [Fact]
    public void A_disabled_check_is_left_out_and_max_parallel_is_read()
    {
        var options = NagiosOptions.Parse(Settings(
            ("max_parallel", "2"),
            ("checks", Map(("on", Map(("command", "x"))), ("off", Map(("command", "y"), ("enabled", "false")))))));

        Assert.Equal(2, options.MaxParallel);
        Assert.Equal(["on"], options.Checks.Select(c => c.Name));
    }

    [Theory]
    [InlineData("command", null, "nagios check 'c': setting 'command' is missing")]
    [InlineData("command", "", "nagios check 'c': the command is empty")]
    [InlineData("command", "x 'open", "nagios check 'c': unterminated '")]
    [InlineData("interval", "often", "nagios check 'c': setting 'interval': expected a duration such as 60, 90s or 5m, found 'often'")]
    [InlineData("timeout", "0", "nagios check 'c': setting 'timeout': must be more than 0")]
    [InlineData("timout", "5", "nagios check 'c': unknown setting 'timout' (expected one of command, shell, interval, timeout, enabled)")]
    [InlineData("enabled", "maybe", "nagios check 'c': setting 'enabled': expected true or false, found 'maybe'")]
    public void Mistakes_name_the_check_and_the_setting(string key, string? value, string message)
    {
        (string, object?)[] check = key == "command"
            ? value is null ? [] : [("command", value), ("shell", "false")]
            : [("command", "x"), (key, value)];

        Assert.StartsWith(message, Assert.Throws<FormatException>(() => Parse(check)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shell_with_a_list_and_a_check_that_is_not_a_mapping_are_mistakes()
    {
        Assert.Contains("'shell' applies to a command given as text",
            Assert.Throws<FormatException>(() => Parse(("command", new List<object?> { "x" }), ("shell", "true"))).Message, StringComparison.Ordinal);
        Assert.Contains("expected a mapping",
            Assert.Throws<FormatException>(() => NagiosOptions.Parse(Settings(("checks", Map(("c", "x")))))).Message, StringComparison.Ordinal);
        Assert.Contains("max_parallel",
            Assert.Throws<FormatException>(() => NagiosOptions.Parse(Settings(("max_parallel", "0")))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Has_checks_only_when_checks_names_one()
    {
        Assert.False(NagiosOptions.HasChecks(PluginSettings.Empty));
        Assert.False(NagiosOptions.HasChecks(Settings(("checks", Map()))));
        Assert.False(NagiosOptions.HasChecks(Settings(("checks", null))));
        Assert.True(NagiosOptions.HasChecks(Settings(("checks", Map(("c", Map(("command", "x"))))))));
    }
}
