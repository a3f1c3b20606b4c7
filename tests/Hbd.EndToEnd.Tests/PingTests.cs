using System.Net;
using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>A heartbeat over HTTP, to a real hbd: a ping makes a host up, and silence after it makes it late, then down.</summary>
public sealed class PingTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_ping_makes_a_host_up_and_silence_then_makes_it_late_and_down()
    {
        using var server = await ServerProcess.StartAsync(_dir);
        using var http = new HttpClient { BaseAddress = server.Api.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        using var response = await http.PostAsync(new Uri("/api/ping/nightly-backup?interval=2s", UriKind.Relative), null);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using (var answer = JsonDocument.Parse(body))
            Assert.Equal(("nightly-backup", "up", 2.0), (answer.RootElement.GetProperty("name").GetString(),
                answer.RootElement.GetProperty("state").GetString(), answer.RootElement.GetProperty("interval").GetDouble()));
        Assert.Equal("up", await server.Api.StateOfAsync("nightly-backup"));

        await server.Eventually(async () => await server.Api.StateOfAsync("nightly-backup") == "down", "nightly-backup down");
        Assert.Equal(["host_down", "host_late", "host_new"], await server.Api.JournalKindsAsync("nightly-backup"));
    }
}
