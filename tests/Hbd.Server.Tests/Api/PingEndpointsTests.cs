using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Hbd.Server.Tests.Api;

/// <summary>GET and POST /api/ping/{name} over HTTP: a heartbeat for cron jobs, authorised by the api_token or the host's key.</summary>
public sealed class PingEndpointsTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task A_ping_makes_the_host_up_and_answers_with_it_as_committed(string method)
    {
        await using var server = await ApiServer.StartAsync();

        var (status, body) = await Ping(server, method, "/api/ping/Cron1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"name":"Cron1","state":"up","interval":60}""", body);
        var host = await Get(server, "/api/hosts/cron1");
        Assert.Equal(("up", "ok", "127.0.0.1", 60.0), ((string?)host["state"], (string?)host["level"], (string?)host["address"], (double?)host["interval"]));
        Assert.Empty(host["metrics"]!.AsObject());
        var journal = JsonNode.Parse(await server.Http.GetStringAsync(new Uri("/api/journal?host=cron1", UriKind.Relative)))!.AsArray();
        Assert.Equal("host_new", (string?)Assert.Single(journal)!["kind"]);
    }

    [Theory]
    [InlineData("?interval=300", 300.0)]
    [InlineData("?interval=5m", 300.0)]
    [InlineData("?interval=1s", 1.0)]
    [InlineData("?interval=1d", 86400.0)]
    [InlineData("?interval=", 60.0)]
    public async Task Interval_sets_what_the_host_is_judged_by(string query, double seconds)
    {
        await using var server = await ApiServer.StartAsync();

        var (status, body) = await Ping(server, "GET", "/api/ping/cron1" + query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(seconds, (double?)JsonNode.Parse(body)!["interval"]);
    }

    [Theory]
    [InlineData("/api/ping/cron1?interval=0", "interval: ")]
    [InlineData("/api/ping/cron1?interval=500ms", "interval: ")]
    [InlineData("/api/ping/cron1?interval=soon", "interval: ")]
    [InlineData("/api/ping/cron1?interval=400d", "interval: ")]
    [InlineData("/api/ping/-cron1", "name: not a valid host name")]
    [InlineData("/api/ping/cron%201", "name: not a valid host name")]
    public async Task Bad_names_and_intervals_are_a_400(string path, string detail)
    {
        await using var server = await ApiServer.StartAsync();

        using var response = await server.Http.GetAsync(new Uri(path, UriKind.Relative));

        await ApiAssert.Error(response, HttpStatusCode.BadRequest, "bad_request", detail);
        Assert.Equal("""{"hosts":[],"next":null}""", await server.Http.GetStringAsync(new Uri("/api/hosts", UriKind.Relative)));
    }

    [Theory]
    [InlineData("api-token", "cron1", HttpStatusCode.OK)]
    [InlineData("cron1-key", "cron1", HttpStatusCode.OK)]
    [InlineData("shared-key", "other", HttpStatusCode.OK)]
    [InlineData("shared-key", "cron1", HttpStatusCode.Unauthorized)] // its own key beats the shared one
    [InlineData("cron1-key", "other", HttpStatusCode.Unauthorized)]
    [InlineData("wrong", "cron1", HttpStatusCode.Unauthorized)]
    [InlineData(null, "cron1", HttpStatusCode.Unauthorized)]
    public async Task With_keys_and_an_api_token_a_ping_needs_one_that_fits_the_host(string? bearer, string host, HttpStatusCode expected)
    {
        await using var server = await ApiServer.StartAsync(apiToken: "api-token", configure: o => o with
        {
            Key = Encoding.UTF8.GetBytes("shared-key"),
            Keys = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase) { ["cron1"] = Encoding.UTF8.GetBytes("cron1-key") },
            RequireSigned = true,
        });

        var (status, body) = await Ping(server, "POST", $"/api/ping/{host}", bearer);

        Assert.Equal(expected, status);
        if (expected == HttpStatusCode.Unauthorized)
            Assert.Contains("\"error\":\"unauthorized\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_key_is_enough_without_an_api_token_and_is_then_required()
    {
        await using var server = await ApiServer.StartAsync(configure: o => o with { Key = Encoding.UTF8.GetBytes("shared-key"), RequireSigned = true });

        var (without, _) = await Ping(server, "GET", "/api/ping/cron1");
        var (with, _) = await Ping(server, "GET", "/api/ping/cron1", "shared-key");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (without, with));
    }

    [Fact]
    public async Task Read_token_does_not_guard_pings()
    {
        await using var server = await ApiServer.StartAsync(readToken: "reader");

        var (status, _) = await Ping(server, "GET", "/api/ping/cron1");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_new_host_past_max_hosts_is_a_429()
    {
        await using var server = await ApiServer.StartAsync(configure: o => o with { MaxHosts = 1 });
        await Ping(server, "GET", "/api/ping/cron1");

        using var response = await server.Http.GetAsync(new Uri("/api/ping/cron2", UriKind.Relative));

        await ApiAssert.Error(response, HttpStatusCode.TooManyRequests, "host_limit", "max_hosts (1)");
    }

    private static async Task<(HttpStatusCode Status, string Body)> Ping(ApiServer server, string method, string path, string? bearer = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await server.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonObject> Get(ApiServer server, string path) =>
        JsonNode.Parse(await server.Http.GetStringAsync(new Uri(path, UriKind.Relative)))!.AsObject();
}
