using System.Net;
using System.Text.Json.Nodes;
using Hbd.Common.Protocol;
using Hbd.Server.Hosts;
using Hbd.Server.Tests.Api;
using Hbd.Server.Tests.Hosts;

namespace Hbd.Server.Tests.History;

/// <summary>GET /api/hosts/{name}/history on the real server in-process: answers, errors, and history turned off.</summary>
public sealed class HistoryEndpointTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_committed_beat_is_in_the_history_of_the_last_hour()
    {
        Beat(1, 12.5);
        var json = await History("web1", "metric=cpu.usage&metric=disk:/var.used_pct");

        Assert.Equal("web1", (string?)json["host"]);
        Assert.Equal("raw", (string?)json["resolution"]);
        Assert.Null(json["step"]);
        var series = json["series"]!.AsArray();
        Assert.Equal(["cpu.usage", "disk:/var.used_pct"], series.Select(s => (string?)s!["metric"]));
        Assert.Equal("%", (string?)series[0]!["unit"]);
        var point = series[0]!["points"]!.AsArray().Single()!.AsArray();
        Assert.Equal([12.5, 12.5, 12.5], point.Skip(1).Select(v => (double)v!));
        Assert.InRange((double)point[0]!, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal(87.1, (double)series[1]!["points"]![0]![2]!);
    }

    [Fact]
    public async Task Every_beat_is_a_point_and_check_perfdata_has_no_unit()
    {
        Beat(1, 10);
        Beat(2, 20);
        Beat(3, 30);
        var json = await History("web1", "metric=cpu.usage&metric=check:http.time", points: 3);

        Assert.Equal([10.0, 20.0, 30.0], json["series"]![0]!["points"]!.AsArray().Select(p => (double)p![2]!));
        Assert.Null(json["series"]![1]!["unit"]);
        Assert.Equal(0.0123, (double)json["series"]![1]!["points"]![0]![2]!);
    }

    [Fact]
    public async Task A_group_name_with_dots_is_found()
    {
        Beat(1, 1);
        var json = await History("web1", "metric=net:eth0.100.rx_bps");
        Assert.Equal("B/s", (string?)json["series"]![0]!["unit"]);
        Assert.Equal(1_843_212.0, (double)json["series"]![0]!["points"]![0]![2]!);
    }

    [Fact]
    public async Task Unknown_hosts_and_metrics_are_404()
    {
        Beat(1, 1);
        using var host = await _server.Http.GetAsync("/api/hosts/nobody/history?metric=cpu.usage");
        await ApiAssert.Error(host, HttpStatusCode.NotFound, "not_found", "nobody");
        using var metric = await _server.Http.GetAsync("/api/hosts/web1/history?metric=cpu.bogus");
        await ApiAssert.Error(metric, HttpStatusCode.NotFound, "metric_not_found", "cpu.bogus");
    }

    [Fact]
    public async Task A_metric_another_host_sends_is_404_for_a_host_that_never_sent_it()
    {
        Beat(1, 1);
        Assert.Equal(BeatOutcome.Accepted, _server.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(new Heartbeat
        {
            HostName = "bare",
            RunId = 1,
            Sequence = 1,
            SentAt = DateTimeOffset.UtcNow,
            Interval = TimeSpan.FromSeconds(10),
            Metrics = [new("cpu", [new("usage", 3)])],
        })), RegistryFixture.Source(), checkClock: false));
        _server.Commit();
        await History("web1", "metric=disk:/var.used_pct");
        await History("bare", "metric=cpu.usage");
        using var response = await _server.Http.GetAsync("/api/hosts/bare/history?metric=disk:/var.used_pct");
        await ApiAssert.Error(response, HttpStatusCode.NotFound, "metric_not_found", "bare");
    }

    [Theory]
    [InlineData("", "metric")]
    [InlineData("metric=cpu.usage&since=yesterday", "since")]
    [InlineData("metric=cpu.usage&until=12:00", "until")]
    [InlineData("metric=cpu.usage&since=-1h&until=-2h", "must be before")]
    [InlineData("metric=cpu.usage&step=0", "step")]
    [InlineData("metric=cpu.usage&step=fast", "step")]
    public async Task A_bad_query_is_400_naming_the_parameter(string query, string mentions)
    {
        Beat(1, 1);
        using var response = await _server.Http.GetAsync("/api/hosts/web1/history?" + query);
        await ApiAssert.Error(response, HttpStatusCode.BadRequest, "bad_request", mentions);
    }

    [Fact]
    public async Task A_long_range_is_answered_in_at_most_a_thousand_points_a_series()
    {
        Beat(1, 1);
        var json = await History("web1", "metric=cpu.usage&since=-7d&step=1s");
        Assert.Equal("15m", (string?)json["resolution"]);
        Assert.Equal(900, (double)json["step"]!);
        Assert.InRange(json["series"]![0]!["points"]!.AsArray().Count, 1, 1_000);
    }

    [Fact]
    public async Task A_deleted_host_loses_its_history()
    {
        Beat(1, 1);
        await History("web1", "metric=cpu.usage");

        using (var delete = await _server.Http.DeleteAsync("/api/hosts/web1"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        using var response = await _server.Http.GetAsync("/api/hosts/web1/history?metric=cpu.usage");
        await ApiAssert.Error(response, HttpStatusCode.NotFound, "not_found", "web1");
    }

    [Fact]
    public async Task The_history_outlives_a_restart_of_the_server()
    {
        using var dir = new Hbd.Server.Tests.Store.TempDataDir();
        await using (var first = await ApiServer.StartAsync(configure: o => o with { DataDir = dir.Path }))
        {
            Assert.Equal(BeatOutcome.Accepted, first.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(new Heartbeat
            {
                HostName = "keeper",
                RunId = 1,
                Sequence = 1,
                SentAt = DateTimeOffset.UtcNow,
                Interval = TimeSpan.FromSeconds(10),
                Metrics = [new("cpu", [new("usage", 42.5)])],
            })), RegistryFixture.Source(), checkClock: false));
            first.Commit();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (first.Get<Hbd.Server.History.HistoryRecorder>().Counters.Samples == 0 && DateTime.UtcNow < deadline)
                await Task.Delay(10);
        }

        // The minute still open at the stop was written then; the restarted server answers from the store.
        await using var second = await ApiServer.StartAsync(configure: o => o with { DataDir = dir.Path });
        using var response = await second.Http.GetAsync("/api/hosts/keeper/history?metric=cpu.usage");
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToJsonString());
        Assert.Equal(42.5, (double)json["series"]![0]!["points"]![0]![2]!);
    }

    [Fact]
    public async Task With_history_days_0_there_is_no_history()
    {
        await using var off = await ApiServer.StartAsync(configure: o => o with { HistoryDays = 0 });
        Assert.False(File.Exists(Path.Combine(off.Get<Hbd.Server.Config.ServerOptions>().DataDir, "history.db")));
        using var response = await off.Http.GetAsync("/api/hosts/web1/history?metric=cpu.usage");
        await ApiAssert.Error(response, HttpStatusCode.NotFound, "history_disabled", "history_days");
    }

    private void Beat(ulong sequence, double cpu)
    {
        var beat = new Heartbeat
        {
            HostName = "web1",
            RunId = 7,
            Sequence = sequence,
            SentAt = DateTimeOffset.UtcNow,
            Interval = TimeSpan.FromSeconds(10),
            Metrics =
            [
                new("cpu", [new("usage", cpu), new("cores", 4)]),
                new("disk:/var", [new("used_pct", 87.1)]),
                new("net:eth0.100", [new("rx_bps", 1_843_212)]),
                new("check:http", [new("time", 0.0123)]),
            ],
        };
        Assert.Equal(BeatOutcome.Accepted, _server.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(beat)),
            RegistryFixture.Source(), checkClock: false));
        _server.Commit();
        // Beats of one host are told apart by their arrival time (ms): the next one must come later.
        Thread.Sleep(5);
    }

    /// <summary>The answer once it holds <paramref name="points"/> points in its first series: the history reads the committed
    /// stream on its own thread, a moment after the commit.</summary>
    private async Task<JsonObject> History(string host, string query, int points = 1)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await _server.Http.GetAsync($"/api/hosts/{host}/history?{query}");
            var body = await response.Content.ReadAsStringAsync();
            var json = response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(body)!.AsObject() : null;
            if (json?["series"]?[0]?["points"]?.AsArray().Count >= points || attempt == 100)
            {
                Assert.True(json is not null, body);
                return json;
            }
            await Task.Delay(20);
        }
    }
}
