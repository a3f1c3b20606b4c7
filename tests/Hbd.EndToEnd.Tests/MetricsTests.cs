using System.Globalization;
using System.Net;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>GET /metrics of a real hbd, fed by a real hbc, read by Prometheus's own checker (Debian's promtool).</summary>
public sealed class MetricsTests : IDisposable
{
    private const string Promtool = "/usr/bin/promtool";

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("all")]
    [InlineData("summary")]
    public async Task A_real_scrape_passes_promtool_check_metrics(string export)
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: run scripts/install-test-deps.sh (Debian package prometheus)");
        using var server = await ServerProcess.StartAsync(_dir, $"metrics_export: {export}\nwatchhosts: [never-seen]\n");
        var beat = await Commands.RunClientAsync(_dir, "--once", "-n", "metrics-agent", server.Address);
        Assert.True(beat.ExitCode == 0, beat.ToString());
        var message = await Commands.RunClientAsync(_dir, "-m", "a \"quoted\" \\ message", "-n", "metrics-agent", server.Address);
        Assert.True(message.ExitCode == 0, message.ToString());
        await server.Eventually(async () => await server.Api.StateOfAsync("metrics-agent") == "up", "the agent is up");

        using var http = new HttpClient { BaseAddress = server.Api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        var file = _dir.Write("scrape.prom", text);
        var check = await ProgramRun.RunAsync("/bin/sh", ["-c", $"{Promtool} check metrics < \"$0\"", file], _dir.Home);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.True(check.ExitCode == 0, $"promtool check metrics: {check}\n--- scrape:\n{text}");
        Assert.Contains("hbd_host_up{host=\"metrics-agent\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("hbd_host_state{host=\"never-seen\",state=\"unknown\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("hbd_messages_total 1\n", text, StringComparison.Ordinal);
        Assert.Equal(export == "all", text.Contains("hbd_host_metric{host=\"metrics-agent\",group=\"cpu\",metric=\"usage\"}", StringComparison.Ordinal));
        var accepted = text.Split('\n').Single(l => l.StartsWith("hbd_datagrams_accepted_total ", StringComparison.Ordinal));
        Assert.Equal(1, double.Parse(accepted.Split(' ')[1], CultureInfo.InvariantCulture));
    }
}
