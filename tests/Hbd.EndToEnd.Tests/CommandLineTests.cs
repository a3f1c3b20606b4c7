using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>Exit codes and messages of hbd --check-config, hbc without a server, hbc --print and hbc's usage errors.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Check_config_of_a_file_with_a_bad_value_exits_2_naming_the_file_and_line()
    {
        var path = _dir.Write("broken.yaml", "# a comment\nhbd_port: 8080\nhb_port: abc\ndown_after: 30\n");

        var run = await Commands.RunServerAsync(_dir, "--check-config", "-c", path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("hbd: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{path}:3", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("hb_port", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_config_of_a_file_with_a_yaml_syntax_error_exits_2_naming_the_file_and_line()
    {
        var path = _dir.Write("syntax.yaml", "hb_port: 50003\nhbd_port: 50004\n  ws_port: 50005\n");

        var run = await Commands.RunServerAsync(_dir, "--check-config", "-c", path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("hbd: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{path}:3", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_config_of_a_valid_file_exits_0()
    {
        var path = _dir.Write("good.yaml", $"""
            listen: 127.0.0.1
            hb_port: 50003
            hbd_port: 50004
            data_dir: "{_dir.DataDir}"
            key: s3cret
            down_after: 5m
            classes:
              laptops: {"{"}match: ["laptop-*"], down_after: 6h{"}"}
            interval: 10
            servers: [monitor.example.org]

            """);

        var run = await Commands.RunServerAsync(_dir, "--check-config", "-c", path);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Hbc_without_a_server_and_without_print_exits_2()
    {
        var run = await Commands.RunClientAsync(_dir, "--once");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("hbc: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hbc_print_json_exits_0_and_prints_host_metrics_and_inventory()
    {
        var run = await Commands.RunClientAsync(_dir, "--print", "json", "-n", "print-host");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("print-host", root.GetProperty("host").GetString());
        Assert.True(root.GetProperty("metrics").TryGetProperty("cpu", out _), run.Stdout);
        Assert.True(root.GetProperty("metrics").TryGetProperty("memory", out _), run.Stdout);
        Assert.True(root.GetProperty("inventory").TryGetProperty("os", out _), run.Stdout);
    }

    [Fact]
    public async Task Hbc_refuses_an_interval_over_a_day_on_the_command_line_with_the_files_words()
    {
        var path = _dir.Write("interval.yaml", "interval: 2d\n");

        var fromLine = await Commands.RunClientAsync(_dir, "-i", "2d", "--print", "json", "-n", "h");
        var fromFile = await Commands.RunClientAsync(_dir, "-c", path, "--print", "json", "-n", "h");

        AssertOneLine(fromLine, "hbc: -i 2d: interval: '2d' is too long: must be at most 1d");
        AssertOneLine(fromFile, $"hbc: {path}:1: key 'interval': '2d' is too long: must be at most 1d");
    }

    [Fact]
    public async Task Hbc_port_that_is_not_a_number_is_named_with_the_option_and_no_type_name()
    {
        var run = await Commands.RunClientAsync(_dir, "-p", "abc", "--print", "json", "-n", "h");

        AssertOneLine(run, "hbc: -p abc: port: expected a port number from 1 to 65535, found 'abc'");
    }

    [Fact]
    public async Task Hbc_port_out_of_range_is_refused_with_the_same_words_as_hb_port_in_the_file()
    {
        var path = _dir.Write("port.yaml", "hb_port: 70000\n");

        var fromLine = await Commands.RunClientAsync(_dir, "--port", "70000", "--print", "json", "-n", "h");
        var fromFile = await Commands.RunClientAsync(_dir, "-c", path, "--print", "json", "-n", "h");

        AssertOneLine(fromLine, "hbc: --port 70000: port: expected a port number from 1 to 65535, found '70000'");
        AssertOneLine(fromFile, $"hbc: {path}:1: key 'hb_port': expected a port number from 1 to 65535, found '70000'");
    }

    [Fact]
    public async Task Hbc_bad_name_on_the_command_line_names_the_option()
    {
        var run = await Commands.RunClientAsync(_dir, "-n", "bad!name", "--print", "json");

        AssertOneLine(run, "hbc: -n bad!name: name: not a valid host name: 'bad!name' (letters, digits, '-', '_' and '.', at most 253)");
    }

    [Fact]
    public async Task Hbc_calls_an_unknown_option_an_unknown_option_not_a_server()
    {
        var run = await Commands.RunClientAsync(_dir, "--bogus");

        AssertOneLine(run, "hbc: unknown option '--bogus'");
    }

    [Fact]
    public async Task Hbc_bad_server_in_the_file_names_the_file_line_and_entry()
    {
        var path = _dir.Write("servers.yaml", "servers:\n  - mon1.example.org\n  - \"mon2:99999\"\n");

        var run = await Commands.RunClientAsync(_dir, "-c", path, "--once", "-n", "h");

        AssertOneLine(run, $"hbc: {path}:3: key 'servers[1]': not a server address: 'mon2:99999': the port must be a number from 1 to 65535");
    }

    [Fact]
    public async Task Hbc_bad_server_on_the_command_line_is_refused_with_the_files_words()
    {
        var run = await Commands.RunClientAsync(_dir, "--once", "-n", "h", "mon2:99999");

        AssertOneLine(run, "hbc: mon2:99999: server: not a server address: 'mon2:99999': the port must be a number from 1 to 65535");
    }

    [Theory]
    [InlineData("-i")]
    [InlineData("--print", "bogus")]
    [InlineData("-p")]
    public async Task Hbc_usage_errors_of_the_parser_take_one_line_and_exit_2(params string[] args)
    {
        var run = await Commands.RunClientAsync(_dir, args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.True(run.StderrLines.Length == 1, run.ToString());
        Assert.StartsWith("hbc: ", run.Stderr, StringComparison.Ordinal);
    }

    private static void AssertOneLine(ProgramResult run, string expected)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal([expected], run.StderrLines);
    }
}
