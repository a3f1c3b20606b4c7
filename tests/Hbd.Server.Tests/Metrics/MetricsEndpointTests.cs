using System.Net;
using System.Net.Http.Headers;
using Hbd.Common.Protocol;
using Hbd.Server.Api;
using Hbd.Server.Config;
using Hbd.Server.Hosts;
using Hbd.Server.Metrics;
using Hbd.Server.Tests.Api;
using Hbd.Server.Tests.Hosts;

namespace Hbd.Server.Tests.Metrics;

/// <summary>GET /metrics over HTTP from the real server in-process, for each metrics_export.</summary>
public sealed class MetricsEndpointTests : IAsyncDisposable
{
    private ApiServer? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(MetricsExport.Summary, new[] { "hbd_host_up", "hbd_host_state", "hbd_host_level", "hbd_host_last_seen_timestamp_seconds",
        "hbd_host_cpu_usage_percent", "hbd_host_memory_used_percent", "hbd_host_disk_used_percent" }, new[] { "hbd_host_metric" })]
    [InlineData(MetricsExport.All, new[] { "hbd_host_up", "hbd_host_cpu_usage_percent", "hbd_host_metric" }, new string[0])]
    [InlineData(MetricsExport.None, new string[0], new[] { "hbd_host_up", "hbd_host_state", "hbd_host_cpu_usage_percent", "hbd_host_metric" })]
    public async Task Metrics_carry_the_per_host_series_metrics_export_asks_for(MetricsExport export, string[] present, string[] absent)
    {
        _server = await ApiServer.StartAsync(configure: o => o with { MetricsExport = export });
        Beat(_server, Typical());
        _server.Commit();

        using var response = await _server.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var families = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.All(present, f => Assert.Contains(f, families));
        Assert.All(absent, f => Assert.DoesNotContain(f, families));
        Assert.Contains("hbd_hosts{state=\"up\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("hbd_datagrams_accepted_total", families);
        if (export == MetricsExport.All)
        {
            var metricCount = Typical().Metrics.Sum(g => g.Values.Count);
            Assert.Equal(metricCount, text.Split('\n').Count(l => l.StartsWith("hbd_host_metric{host=\"web-01.example.net\",", StringComparison.Ordinal)));
            Assert.Contains("hbd_host_metric{host=\"web-01.example.net\",group=\"disk:/var\",metric=\"used_pct\"} 87.1\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task History_and_notification_series_are_there_when_those_run()
    {
        _server = await ApiServer.StartAsync(configure: o => o with
        {
            Notify = Hbd.Server.Notify.NotifyOptions.None with { Webhook = new Hbd.Server.Notify.WebhookSettings(new Uri("http://127.0.0.1:9/hook"), null) },
        });
        await using var off = await ApiServer.StartAsync(configure: o => o with { HistoryDays = 0 });

        var on = await Families(_server);
        var without = await Families(off);

        Assert.Contains("hbd_history_samples_total", on);
        Assert.Contains("hbd_notifications_sent_total", on);
        Assert.Contains("hbd_notifications_given_up_total", on);
        Assert.DoesNotContain(without, f => f.StartsWith("hbd_history_", StringComparison.Ordinal) || f.StartsWith("hbd_notifications_", StringComparison.Ordinal));
    }

    private static async Task<List<string>> Families(ApiServer server)
    {
        var text = await server.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return [.. text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2])];
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("deflate, GZIP;q=0.5", true)]
    [InlineData("gzip;q=0", false)]
    [InlineData("br", false)]
    [InlineData("", false)]
    public async Task Metrics_are_gzipped_when_the_client_accepts_gzip(string acceptEncoding, bool gzipped)
    {
        _server = await ApiServer.StartAsync();
        Beat(_server, Typical());
        _server.Commit();
        var plain = await _server.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (acceptEncoding.Length > 0)
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        using var response = await _server.Http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(gzipped ? ["gzip"] : [], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var text = gzipped ? Gunzip(body) : System.Text.Encoding.UTF8.GetString(body);
        Assert.Contains("hbd_host_disk_used_percent{host=\"web-01.example.net\"} 87.1\n", text, StringComparison.Ordinal);
        Assert.Equal(Families(plain), Families(text));
    }

    [Fact]
    public async Task Metrics_need_the_read_token_when_one_is_set()
    {
        _server = await ApiServer.StartAsync(readToken: "let-me-read");

        using var without = await _server.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "let-me-read");
        using var with = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("application/json; charset=utf-8", without.Content.Headers.ContentType?.ToString());
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Fact]
    public async Task A_scrape_of_many_hosts_streams_whole()
    {
        _server = await ApiServer.StartAsync();
        var beat = Typical();
        for (var i = 0; i < 3000; i++)
            Beat(_server, beat with { HostName = $"web-{i:D4}.example.net" });
        _server.Commit();

        var text = await _server.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.True(text.Length > 300_000, $"{text.Length} bytes");
        Assert.Equal(3000, text.Split('\n').Count(l => l.StartsWith("hbd_host_disk_used_percent{", StringComparison.Ordinal)));
        Assert.EndsWith("hbd_host_disk_used_percent{host=\"web-2999.example.net\"} 87.1\n", text.Split('\n').Where(l => l.Length > 0)
            .Last(l => l.Contains("web-2999", StringComparison.Ordinal)) + "\n", StringComparison.Ordinal);
    }

    private static string Gunzip(byte[] body)
    {
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    private static List<string> Families(string text) =>
        [.. text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))];

    /// <summary>A beat with cpu, memory, two disks and an interface; the fullest disk is /var at 87.1 %.</summary>
    private static Heartbeat Typical() => new()
    {
        HostName = "web-01.example.net",
        RunId = 7,
        Sequence = 1,
        SentAt = DateTimeOffset.UtcNow,
        Interval = TimeSpan.FromSeconds(10),
        Metrics =
        [
            new("cpu", [new("usage", 12.5), new("iowait", 0.8), new("load1", 0.42), new("cores", 4)]),
            new("memory", [new("total", 8_323_002_368), new("used_pct", 38.4)]),
            new("disk:/", [new("used_pct", 40.8), new("inodes_used_pct", 21.3)]),
            new("disk:/var", [new("used_pct", 87.1, Hbd.Common.AlertLevel.Warning)]),
            new("net:eth0", [new("rx_bps", 1_843_212), new("tx_bps", 9_877_310)]),
        ],
    };

    private static void Beat(ApiServer server, Heartbeat beat) =>
        Assert.Equal(BeatOutcome.Accepted, server.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(beat)),
            RegistryFixture.Source(), checkClock: false));
}
