using System.Net;
using System.Text.Json.Nodes;
using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Hosts;
using Hbd.Server.Tests.Hosts;

namespace Hbd.Server.Tests.Api;

/// <summary>GET /api/hosts over HTTP: pages, cursors, filters and their errors.</summary>
public sealed class HostsEndpointsTests : IAsyncLifetime
{
    private ApiServer _server = null!;
    private ulong _sequence;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task List_is_hosts_in_name_order_and_a_null_next_on_the_last_page()
    {
        Beat("web2");
        Beat("Web1");
        Beat("db1");

        var page = await Get("/api/hosts");

        Assert.Equal(["hosts", "next"], page.Select(p => p.Key));
        Assert.Equal(["db1", "Web1", "web2"], Names(page));
        Assert.Null(page["next"]);
    }

    [Fact]
    public async Task Default_page_is_100_hosts_with_a_next_cursor()
    {
        for (var i = 0; i < 250; i++)
            Beat($"h{i:D3}");

        var page = await Get("/api/hosts");

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"h{i:D3}"), Names(page));
        Assert.False(string.IsNullOrEmpty((string?)page["next"]));
    }

    [Fact]
    public async Task Small_pages_walk_every_host_exactly_once_while_hosts_come_and_go()
    {
        var original = Enumerable.Range(0, 60).Select(i => $"h{i:D2}").ToList();
        foreach (var name in original)
            Beat(name);
        using var stop = new CancellationTokenSource();
        var churn = Task.Run(() =>
        {
            // Hosts named to land before, between and after the original ones, added and forgotten as the walk goes on.
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                Beat(Churned(i));
                if (i >= 10)
                {
                    _server.Registry.Remove(Churned(i - 10), "127.0.0.1");
                    _server.Commit();
                }
            }
        });

        var walked = new List<string>();
        var pages = 0;
        string? next = null;
        do
        {
            var page = await Get("/api/hosts?limit=7" + (next is null ? "" : "&cursor=" + Uri.EscapeDataString(next)));
            walked.AddRange(Names(page));
            next = (string?)page["next"];
            pages++;
        }
        while (next is not null);
        await stop.CancelAsync();
        await churn;

        Assert.True(pages >= 9, $"{pages} pages");
        Assert.Equal(walked.Order(StringComparer.OrdinalIgnoreCase), walked);
        Assert.Equal(walked.Distinct(StringComparer.OrdinalIgnoreCase), walked);
        Assert.Empty(original.Except(walked));
    }

    [Theory]
    [InlineData("?state=down", "db1")]
    [InlineData("?state=up&state=late", "web1,web2")]
    [InlineData("?state=late,down", "db1,web2")]
    [InlineData("?level=critical", "web2")]
    [InlineData("?q=WEB", "web1,web2")]
    [InlineData("?q=198.51.100.", "db1")]
    [InlineData("?q=bookworm", "web1")]
    [InlineData("?q=web&state=late", "web2")]
    [InlineData("?q=nowhere", "")]
    public async Task Filters_narrow_the_list(string query, string names)
    {
        Beat(Minimal("web1") with { Inventory = new Dictionary<string, object?> { ["os"] = new Dictionary<string, object?> { ["pretty_name"] = "Debian 12 (bookworm)" } } });
        Beat(Minimal("web2") with { Level = AlertLevel.Critical });
        Beat(Minimal("db1"), "198.51.100.5");
        SetState("web2", HostState.Late);
        SetState("db1", HostState.Down);

        var page = await Get("/api/hosts" + query);

        Assert.Equal(names, string.Join(",", Names(page)));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=many", "limit")]
    [InlineData("cursor=not-a-cursor!", "cursor")]
    [InlineData("state=sideways", "state")]
    [InlineData("level=fine", "level")]
    public async Task Bad_parameters_are_a_400_with_a_json_error(string query, string parameter)
    {
        using var response = await _server.Http.GetAsync(new Uri("/api/hosts?" + query, UriKind.Relative));

        await ApiAssert.Error(response, HttpStatusCode.BadRequest, "bad_request", parameter + ": ");
    }

    private static string Churned(int i) => $"{new[] { "a", "h3", "z" }[i % 3]}{i:D5}";

    private async Task<JsonObject> Get(string path)
    {
        using var response = await _server.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static List<string> Names(JsonObject page) => page["hosts"]!.AsArray().Select(h => (string)h!["name"]!).ToList();

    private void Beat(string host) => Beat(Minimal(host));

    private void Beat(Heartbeat beat, string address = "192.0.2.10")
    {
        Assert.Equal(BeatOutcome.Accepted,
            _server.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(beat)), RegistryFixture.Source(address), checkClock: false));
        _server.Commit();
    }

    private Heartbeat Minimal(string host) => new()
    {
        HostName = host,
        RunId = 7,
        Sequence = Interlocked.Increment(ref _sequence),
        SentAt = DateTimeOffset.UtcNow,
        Interval = TimeSpan.FromSeconds(10),
        Level = AlertLevel.Ok,
    };

    private void SetState(string host, HostState state)
    {
        Assert.True(_server.Registry.TryGet(host, out var entry));
        lock (entry.Sync)
        {
            HostRegistry.SetState(entry, state, DateTimeOffset.UtcNow);
            _server.Registry.MarkDirty(entry);
        }
        _server.Commit();
    }
}
