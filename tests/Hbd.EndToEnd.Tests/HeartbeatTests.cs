using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>hbc beats reach hbd over loopback UDP and show up in the API and the journal.</summary>
public sealed class HeartbeatTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task One_hbc_once_makes_the_host_up_with_cpu_and_memory_metrics_and_os_inventory()
    {
        using var server = await ServerProcess.StartAsync(_dir);
        var clientConfig = _dir.Write("hbc.yaml", $"hb_port: {server.HbPort}\n");

        var run = await Commands.RunClientAsync(_dir, "--once", "-n", "e2e-host", "-c", clientConfig, server.Address);

        Assert.True(run.ExitCode == 0, run.ToString());
        await server.Eventually(async () => await server.Api.ListedStateOfAsync("e2e-host") == "up", "e2e-host up in /api/hosts");
        var host = (await server.Api.HostAsync("e2e-host"))!.Value;
        var metrics = host.GetProperty("metrics");
        Assert.True(metrics.GetProperty("cpu").TryGetProperty("usage", out _), metrics.ToString());
        Assert.True(metrics.GetProperty("memory").TryGetProperty("used_pct", out _), metrics.ToString());
        var os = host.GetProperty("inventory").GetProperty("os");
        Assert.False(string.IsNullOrEmpty(os.GetProperty("kernel").GetString()), os.ToString());
        Assert.Equal("127.0.0.1", host.GetProperty("address").GetString());
    }

    [Fact]
    public async Task Hbc_message_puts_a_message_entry_with_its_text_in_the_hosts_journal()
    {
        using var server = await ServerProcess.StartAsync(_dir);

        var run = await Commands.RunClientAsync(_dir, "-m", "hello from the e2e test", "-n", "msg-host", server.Address);

        Assert.True(run.ExitCode == 0, run.ToString());
        var entry = await server.Eventually(async () =>
            (await server.Api.JournalAsync("msg-host")).EnumerateArray()
                .Where(e => e.GetProperty("kind").GetString() == "message").Select(e => (System.Text.Json.JsonElement?)e).FirstOrDefault(),
            "a message entry for msg-host in the journal");
        Assert.Contains("hello from the e2e test", entry.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_agent_beats_every_interval_and_exits_0_on_sigterm()
    {
        using var server = await ServerProcess.StartAsync(_dir);
        using var client = ClientProcess.Start(_dir, "-i", "1", "-n", "loop-host", server.Address);

        await server.Eventually(async () => await server.Api.HostAsync("loop-host") is { } host
            && host.GetProperty("sequence").GetUInt64() >= 2, "a third beat from loop-host");

        Assert.Equal("up", await server.Api.StateOfAsync("loop-host"));
        Assert.Equal(0, await client.StopAsync());
    }

    [Fact]
    public async Task A_running_agents_first_beat_already_has_the_rates()
    {
        using var server = await ServerProcess.StartAsync(_dir);
        // A long interval, so the beat the server shows is certainly the first.
        using var client = ClientProcess.Start(_dir, "-i", "60", "-n", "first-host", server.Address);

        var first = await server.Eventually(() => server.Api.HostAsync("first-host"), "a first beat from first-host");

        Assert.Equal(0UL, first.GetProperty("sequence").GetUInt64());
        // cpu usage is a rate: without a sample before the first beat it would be missing.
        Assert.True(first.GetProperty("metrics").GetProperty("cpu").TryGetProperty("usage", out _), first.ToString());
        Assert.Equal(0, await client.StopAsync());
    }
}
