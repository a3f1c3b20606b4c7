using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Config;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Journal;
using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;
using Hbd.Server.Tests.Hosts;
using Hbd.Server.Tests.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hbd.Server.Tests.Api;

/// <summary>The real server in-process, on loopback ports: UDP in, HTTP out.</summary>
public sealed partial class ApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TempDataDir _dir = new();
    private readonly List<WebApplication> _apps = [];
    private HttpClient _http = null!;
    private HostRegistry _registry = null!;
    private ulong _sequence;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        _dir.Dispose();
    }

    [Fact]
    public async Task Host_list_has_state_level_times_os_and_summary()
    {
        await Start();
        Beat(TypicalWeb("web1"));
        Beat(Minimal("db1"));

        var hosts = await ListedHosts();

        Assert.Equal(["db1", "web1"], hosts.Select(h => (string?)h!["name"]));
        var web1 = hosts[1]!.AsObject();
        Assert.Equal(
            ["name", "state", "level", "address", "first_seen", "last_seen", "state_since", "interval", "os", "class", "summary"],
            web1.Select(p => p.Key));
        Assert.Equal("up", (string?)web1["state"]);
        Assert.Equal("warning", (string?)web1["level"]);
        Assert.Equal("192.0.2.10", (string?)web1["address"]);
        Assert.Equal(10.0, (double?)web1["interval"]);
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", (string?)web1["os"]);
        AssertRecentUtc(web1["last_seen"]);
        AssertRecentUtc(web1["first_seen"]);
        AssertRecentUtc(web1["state_since"]);
        var summary = web1["summary"]!.AsObject();
        Assert.Equal(["cpu", "memory", "disk"], summary.Select(p => p.Key));
        // 40.7 travels as float32: shown as the agent's 40.7, not as 40.70000076293945.
        Assert.Equal((12.5, 40.7, 85.5), ((double?)summary["cpu"], (double?)summary["memory"], (double?)summary["disk"]));

        var db1 = hosts[0]!.AsObject();
        Assert.Equal("ok", (string?)db1["level"]);
        Assert.Null(db1["os"]);
        var none = db1["summary"]!;
        Assert.Equal((null, null, null), ((double?)none["cpu"], (double?)none["memory"], (double?)none["disk"]));
    }

    [Fact]
    public async Task One_host_has_metrics_checks_and_inventory()
    {
        await Start();
        Beat(TypicalWeb("web1"));

        var detail = (await GetObject("/api/hosts/WEB1")).AsObject();

        Assert.Equal(
            ["name", "state", "level", "address", "first_seen", "last_seen", "state_since", "interval", "os", "class", "summary",
                "run_id", "sequence", "sent_at", "metrics", "checks", "inventory", "inventory_at", "silenced_until", "dns"],
            detail.Select(p => p.Key));
        Assert.Equal("web1", (string?)detail["name"]);
        Assert.Equal("up", (string?)detail["state"]);
        Assert.Equal("fffffffffffffffe", (string?)detail["run_id"]); // a string: JavaScript would round the number
        Assert.Equal(_sequence - 1, (ulong?)detail["sequence"]);
        AssertRecentUtc(detail["sent_at"]);
        AssertRecentUtc(detail["inventory_at"]);

        var metrics = detail["metrics"]!;
        Assert.Equal(12.5, (double?)metrics["cpu"]!["usage"]!["value"]);
        Assert.Equal(0.42, (double?)metrics["cpu"]!["load1"]!["value"]); // not 0.41999998688697815
        Assert.Equal("ok", (string?)metrics["cpu"]!["usage"]!["level"]);
        Assert.Equal(85.5, (double?)metrics["disk:/var"]!["used_pct"]!["value"]);
        Assert.Equal("warning", (string?)metrics["disk:/var"]!["used_pct"]!["level"]);

        var checks = detail["checks"]!.AsArray();
        Assert.Equal(2, checks.Count);
        var apt = checks[1]!;
        Assert.Equal(("apt", "warning", "APT WARNING: 7 packages"), ((string?)apt["name"], (string?)apt["level"], (string?)apt["message"]));

        var os = detail["inventory"]!["os"]!;
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", (string?)os["pretty_name"]);
        Assert.Equal(4L, (long?)os["cpu_count"]);
        Assert.Equal(["ext4", "xfs"], detail["inventory"]!["filesystems"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task Inventory_stays_after_beats_without_it()
    {
        await Start();
        Beat(TypicalWeb("web1"));
        Beat(Minimal("web1"));

        var detail = await GetObject("/api/hosts/web1");

        Assert.Equal("Debian GNU/Linux 12 (bookworm)", (string?)detail["inventory"]!["os"]!["pretty_name"]);
        Assert.Empty(detail["checks"]!.AsArray());
        Assert.Empty(detail["metrics"]!.AsObject());
    }

    [Fact]
    public async Task Unknown_host_is_a_404_with_a_json_error()
    {
        await Start();

        using var response = await _http.GetAsync(new Uri("/api/hosts/nosuch", UriKind.Relative));

        await AssertError(response, HttpStatusCode.NotFound, "not_found", "nosuch");
    }

    [Fact]
    public async Task Journal_lists_entries_newest_first()
    {
        await Start();
        Beat(Minimal("web1"));
        Beat(Minimal("web2"));
        Beat(Minimal("web1") with { Level = AlertLevel.Critical });

        var journal = await JournalEntries("", count: 3);

        Assert.Equal([JournalKinds.LevelChanged, JournalKinds.HostNew, JournalKinds.HostNew], journal.Select(e => (string?)e!["kind"]));
        Assert.Equal(["id", "time", "host", "kind", "level", "text"], journal[0]!.AsObject().Select(p => p.Key));
        Assert.Equal(("web1", "critical", "web1 level ok → critical"),
            ((string?)journal[0]!["host"], (string?)journal[0]!["level"], (string?)journal[0]!["text"]));
        AssertRecentUtc(journal[0]!["time"]);
        var ids = journal.Select(e => (long)e!["id"]!).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
    }

    [Fact]
    public async Task Journal_filters_and_pages()
    {
        await Start();
        Beat(Minimal("web1"));
        Beat(Minimal("web2"));
        Beat(Minimal("web1") with { Level = AlertLevel.Critical });
        var all = await JournalEntries("", count: 3);
        var ids = all.Select(e => (long)e!["id"]!).ToList();

        Assert.Equal([ids[0], ids[2]], (await JournalEntries("?host=WEB1")).Select(e => (long)e!["id"]!));
        Assert.Equal([ids[1], ids[2]], (await JournalEntries("?kind=host_new")).Select(e => (long)e!["id"]!));
        Assert.Equal([ids[2]], (await JournalEntries("?host=web1&kind=host_new")).Select(e => (long)e!["id"]!));
        Assert.Equal([ids[0]], (await JournalEntries("?limit=1")).Select(e => (long)e!["id"]!));
        Assert.Equal([ids[1]], (await JournalEntries($"?limit=1&before={ids[0]}")).Select(e => (long)e!["id"]!));
        Assert.Equal([ids[2]], (await JournalEntries($"?before={ids[1]}")).Select(e => (long)e!["id"]!));
        Assert.Empty(await JournalEntries($"?before={ids[2]}"));
        var since = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture);
        Assert.Empty(await JournalEntries("?since=" + Uri.EscapeDataString(since)));
        Assert.Equal(3, (await JournalEntries("?since=2020-01-01T00:00:00Z")).Count);
        Assert.Equal(3, (await JournalEntries("?host=&kind=&limit=&before=&since=&until=&level=")).Count);
    }

    [Fact]
    public async Task Journal_filters_by_level_until_and_several_kinds()
    {
        await Start();
        Beat(Minimal("web1"));
        Beat(Minimal("web2"));
        Beat(Minimal("web1") with { Level = AlertLevel.Critical });
        var all = await JournalEntries("", count: 3);
        var ids = all.Select(e => (long)e!["id"]!).ToList();

        Assert.Equal([ids[0]], (await JournalEntries("?level=CRITICAL")).Select(e => (long)e!["id"]!));
        Assert.Empty(await JournalEntries("?level=warning"));
        Assert.Equal(ids, (await JournalEntries("?kind=level_changed,host_new")).Select(e => (long)e!["id"]!));
        Assert.Equal(ids, (await JournalEntries("?kind=level_changed&kind=host_new")).Select(e => (long)e!["id"]!));
        Assert.Equal([ids[0]], (await JournalEntries("?kind=level_changed,host_removed")).Select(e => (long)e!["id"]!));
        var newest = DateTimeOffset.Parse((string)all[0]!["time"]!, CultureInfo.InvariantCulture);
        var oldest = DateTimeOffset.Parse((string)all[2]!["time"]!, CultureInfo.InvariantCulture);
        Assert.Empty(await JournalEntries("?until=" + Uri.EscapeDataString(oldest.ToString("O", CultureInfo.InvariantCulture))));
        Assert.Equal(3, (await JournalEntries("?until=" + Uri.EscapeDataString(newest.AddMilliseconds(1).ToString("O", CultureInfo.InvariantCulture)))).Count);
        Assert.Equal(3, (await JournalEntries("?since=2020-01-01T00:00:00Z&until=2100-01-01T00:00:00Z")).Count);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("since=yesterday", "since")]
    [InlineData("since=2026-13-45", "since")]
    [InlineData("until=tomorrow", "until")]
    [InlineData("since=2026-12-02T10:00:00Z&until=2026-12-02T10:00:00Z", "until")]
    [InlineData("since=2026-12-02T10:00:00Z&until=2026-12-02T09:00:00Z", "until")]
    [InlineData("level=bad", "level")]
    [InlineData("level=ok,warning", "level")]
    [InlineData("before=abc", "before")]
    [InlineData("before=-5", "before")]
    public async Task Bad_journal_parameters_are_a_400_with_a_json_error(string query, string parameter)
    {
        await Start();

        using var response = await _http.GetAsync(new Uri("/api/journal?" + query, UriKind.Relative));

        await AssertError(response, HttpStatusCode.BadRequest, "bad_request", parameter);
    }

    [Fact]
    public async Task Status_counts_hosts_by_state_and_datagrams_by_reason()
    {
        SeedStore(new PersistedHost
        {
            Name = "old1", State = "down", StateSince = DateTimeOffset.UtcNow.AddDays(-1), Interval = TimeSpan.FromSeconds(10),
        });
        await Start();
        var udp = UdpEndpoint();
        using var client = new UdpClient(AddressFamily.InterNetwork);
        await client.SendAsync(RegistryFixture.Datagram(Minimal("web1")), udp);
        await client.SendAsync(RegistryFixture.Datagram(Minimal("web1") with { Sequence = 0 }), udp); // replayed below
        await client.SendAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), udp);
        await client.SendAsync(new byte[] { (byte)'H', (byte)'B', 1, 0 }, udp);
        await client.SendAsync(RegistryFixture.Datagram(new Heartbeat
        {
            HostName = "web1", RunId = 5, Sequence = 1, SentAt = DateTimeOffset.UtcNow, Message = "hello", IsMessageOnly = true,
        }), udp);

        JsonNode status;
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            status = await GetObject("/api/status");
            var datagrams = status["datagrams"]!;
            if ((long)datagrams["accepted"]! + (long)datagrams["messages"]! + (long)datagrams["rejected_total"]! >= 5)
                break;
            Assert.True(DateTime.UtcNow < deadline, "the datagrams were not all counted in time: " + status.ToJsonString());
            await Task.Delay(20);
        }

        Assert.Equal(["version", "started_at", "uptime_seconds", "hosts", "datagrams", "store", "history", "notifications", "feed"],
            status.AsObject().Select(p => p.Key));
        Assert.Equal("""{"channels":[],"sent":0,"given_up":0}""", status["notifications"]!.ToJsonString());
        var history = status["history"]!.AsObject();
        Assert.Equal(["days", "hosts", "series", "samples", "blocks_written", "blocks_dropped", "write_failures", "lagged", "folds_waiting",
            "file_bytes"], history.Select(p => p.Key));
        Assert.Equal(7, (int)history["days"]!);
        Assert.True((long)history["file_bytes"]! > 0, history.ToJsonString());
        Assert.Matches(@"^\d+\.\d+\.\d+", (string?)status["version"]);
        AssertRecentUtc(status["started_at"]);
        Assert.InRange((long)status["uptime_seconds"]!, 0, 60);
        var hosts = status["hosts"]!;
        Assert.Equal((1, 1, 0, 0, 2),
            ((int)hosts["unknown"]!, (int)hosts["up"]!, (int)hosts["late"]!, (int)hosts["down"]!, (int)hosts["total"]!));
        var counts = status["datagrams"]!;
        Assert.Equal((1L, 1L, 3L), ((long)counts["accepted"]!, (long)counts["messages"]!, (long)counts["rejected_total"]!));
        var rejected = counts["rejected"]!.AsObject();
        Assert.Equal(RejectReasons.All.Select(RejectReasons.Name).Order(), rejected.Select(p => p.Key).Order());
        Assert.Equal((1L, 1L, 1L, 0L),
            ((long)rejected["bad_magic"]!, (long)rejected["too_short"]!, (long)rejected["replayed"]!, (long)rejected["malformed"]!));
    }

    [Fact]
    public async Task Status_shows_when_the_store_last_wrote_and_no_failures()
    {
        await Start();
        Beat(Minimal("web1"));

        JsonNode store;
        var deadline = DateTime.UtcNow + Patience;
        while ((store = (await GetObject("/api/status"))["store"]!)["last_write"] is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the store writer did not write in time");
            await Task.Delay(20);
        }

        Assert.Equal(["last_write", "failing_since", "consecutive_failures", "last_error", "pending_journal"],
            store.AsObject().Select(p => p.Key));
        AssertRecentUtc(store["last_write"]);
        Assert.Equal((null, 0, null, 0), ((string?)store["failing_since"], (int)store["consecutive_failures"]!,
            (string?)store["last_error"], (int)store["pending_journal"]!));
    }

    [Fact]
    public async Task Healthz_is_ok()
    {
        await Start();

        using var response = await _http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]);
    }

    [Fact]
    public async Task Delete_from_loopback_forgets_the_host()
    {
        await Start();
        Beat(Minimal("web1"));

        using var deleted = await _http.DeleteAsync(new Uri("/api/hosts/WEB1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var gone = await _http.GetAsync(new Uri("/api/hosts/web1", UriKind.Relative));
        await AssertError(gone, HttpStatusCode.NotFound, "not_found", "web1");
        using var again = await _http.DeleteAsync(new Uri("/api/hosts/web1", UriKind.Relative));
        await AssertError(again, HttpStatusCode.NotFound, "not_found", "web1");
        Assert.Empty(await ListedHosts());
        var removed = (await JournalEntries("?kind=host_removed", count: 1))[0]!;
        Assert.Equal((JournalKinds.HostRemoved, "web1 forgotten by 127.0.0.1"), ((string?)removed["kind"], (string?)removed["text"]));
    }

    [Fact]
    public async Task With_an_api_token_delete_needs_the_bearer_token()
    {
        await Start(apiToken: "t");
        Beat(Minimal("web1"));

        using var bare = await _http.DeleteAsync(new Uri("/api/hosts/web1", UriKind.Relative));
        await AssertError(bare, HttpStatusCode.Unauthorized, "unauthorized", "Bearer");

        using var wrong = await Delete("/api/hosts/web1", "Bearer nope");
        await AssertError(wrong, HttpStatusCode.Unauthorized, "unauthorized", "Bearer");
        using var basic = await Delete("/api/hosts/web1", "Basic dDp0");
        await AssertError(basic, HttpStatusCode.Unauthorized, "unauthorized", "Bearer");
        Assert.Single(await ListedHosts());

        using var right = await Delete("/api/hosts/web1", "Bearer t");
        Assert.Equal(HttpStatusCode.NoContent, right.StatusCode);
        Assert.Empty(await ListedHosts());
        Assert.Equal("web1 forgotten by token", (string?)(await JournalEntries("?kind=host_removed", count: 1))[0]!["text"]);
    }

    [Fact]
    public async Task Reads_need_no_token_when_only_an_api_token_is_set()
    {
        await Start(apiToken: "t");

        using var response = await _http.GetAsync(new Uri("/api/hosts", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Heartbeats_over_udp_reach_the_api()
    {
        await Start();
        using var client = new UdpClient(AddressFamily.InterNetwork);
        await client.SendAsync(RegistryFixture.Datagram(TypicalWeb("web1")), UdpEndpoint());

        var deadline = DateTime.UtcNow + Patience;
        JsonArray hosts;
        while ((hosts = await ListedHosts()).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the heartbeat did not arrive in time");
            await Task.Delay(20);
        }

        var web1 = Assert.Single(hosts)!;
        Assert.Equal(("web1", "up", "127.0.0.1"), ((string?)web1["name"], (string?)web1["state"], (string?)web1["address"]));
    }

    [Fact]
    public async Task With_a_read_token_reads_need_it_or_the_api_token_but_healthz_stays_open()
    {
        await Start(apiToken: "w", readToken: "r");

        foreach (var path in new[] { "/api/hosts", "/api/hosts/web1", "/api/journal", "/api/status" })
        {
            using var bare = await _http.GetAsync(new Uri(path, UriKind.Relative));
            await AssertError(bare, HttpStatusCode.Unauthorized, "unauthorized", "read_token");
        }
        foreach (var token in new[] { "r", "w" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/hosts");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var health = await _http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private async Task Start(string? apiToken = null, string? readToken = null)
    {
        var options = ApiServer.LoopbackOptions(_dir.Path, apiToken, readToken);
        var app = ServerApp.Build(options, verbose: false);
        _apps.Add(app);
        await app.StartAsync();
        _registry = app.Services.GetRequiredService<HostRegistry>();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{options.HbdPort}"), Timeout = Patience };
    }

    private IPEndPoint UdpEndpoint() =>
        _apps[^1].Services.GetServices<IHostedService>().OfType<UdpReceiver>().Single().LocalEndPoint!;


    /// <summary>Writes hosts into the data directory's store before the server starts.</summary>
    private void SeedStore(params PersistedHost[] hosts)
    {
        using var store = new SqliteStore(_dir.File("hbd.db"));
        store.Open();
        store.Write(new StoreBatch(hosts, [], []));
    }

    /// <summary>Applies the beat and commits it, as the store writer's next flush would: the API reads what was committed.</summary>
    private void Beat(Heartbeat beat)
    {
        Assert.Equal(BeatOutcome.Accepted,
            _registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(beat)), RegistryFixture.Source(), checkClock: false));
        _apps[^1].Services.GetRequiredService<StoreWriter>().Flush();
    }

    /// <summary>Each beat gets the next sequence of one run, so every one is fresh.</summary>
    private Heartbeat Minimal(string host) => new()
    {
        HostName = host,
        RunId = ulong.MaxValue - 1,
        Sequence = _sequence++,
        SentAt = DateTimeOffset.UtcNow,
        Interval = TimeSpan.FromSeconds(10),
        Level = AlertLevel.Ok,
    };

    private Heartbeat TypicalWeb(string host) => Minimal(host) with
    {
        Level = AlertLevel.Warning,
        Metrics =
        [
            new("cpu", [new("usage", 12.5), new("load1", 0.42)]),
            new("memory", [new("used_pct", 40.7)]),
            new("disk:/", [new("used_pct", 70)]),
            new("disk:/var", [new("used_pct", 85.5, AlertLevel.Warning)]),
        ],
        Checks = [new("ssh", AlertLevel.Ok, "SSH OK"), new("apt", AlertLevel.Warning, "APT WARNING: 7 packages")],
        Inventory = new Dictionary<string, object?>
        {
            ["os"] = new Dictionary<string, object?> { ["pretty_name"] = "Debian GNU/Linux 12 (bookworm)", ["cpu_count"] = 4 },
            ["filesystems"] = new List<object?> { "ext4", "xfs" },
        },
    };

    private async Task<JsonArray> JournalEntries(string query, int count = 0)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var entries = await GetArray("/api/journal" + query);
            if (entries.Count >= count)
                return entries;
            Assert.True(DateTime.UtcNow < deadline, $"the journal did not reach {count} entries in time");
            await Task.Delay(20);
        }
    }

    private async Task<JsonNode> GetObject(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<JsonArray> GetArray(string path) => (await GetObject(path)).AsArray();

    /// <summary>The first page of /api/hosts, which is all of them in these tests.</summary>
    private async Task<JsonArray> ListedHosts()
    {
        var page = await GetObject("/api/hosts");
        Assert.Null(page["next"]);
        return page["hosts"]!.AsArray();
    }

    private async Task<HttpResponseMessage> Delete(string path, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        return await _http.SendAsync(request);
    }

    private static Task AssertError(HttpResponseMessage response, HttpStatusCode status, string error, string detailMentions) =>
        ApiAssert.Error(response, status, error, detailMentions);

    /// <summary>RFC 3339 in UTC with milliseconds and Z, and no older than this test.</summary>
    private static void AssertRecentUtc(JsonNode? node)
    {
        var text = (string?)node;
        Assert.NotNull(text);
        Assert.Matches(IsoUtc(), text);
        var time = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, time.Offset);
        Assert.InRange(time, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoUtc();
}
