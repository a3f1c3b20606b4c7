using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>Exit codes and messages of hbd --check-config, hbc without a server and hbc --print.</summary>
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
}
