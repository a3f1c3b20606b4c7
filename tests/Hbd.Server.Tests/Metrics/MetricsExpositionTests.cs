using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Api;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Metrics;
using Hbd.Server.Store;
using Hbd.Server.Tests.Hosts;

namespace Hbd.Server.Tests.Metrics;

/// <summary>Each series of /metrics, from a read model made as commits make it, on a fake clock.</summary>
public sealed class MetricsExpositionTests
{
    private readonly RegistryFixture _f = new();
    private readonly CommitFeed _commits = new(new CommittedHosts());
    private readonly IngestCounters _counters = new();
    private readonly StoreHealth _store = new();
    private readonly MetricsExportSetting _export = new(MetricsExport.Summary);

    public MetricsExpositionTests()
    {
        _f.Beat(_f.NewBeat("web1", level: AlertLevel.Warning) with
        {
            Metrics =
            [
                new("cpu", [new("usage", 12.5), new("load1", 0.42)]),
                new("memory", [new("used_pct", 40.7)]),
                new("disk:/", [new("used_pct", 70)]),
                new("disk:/var", [new("used_pct", 85.5, AlertLevel.Warning)]),
                new("check:say \"hi\"\\now", [new("value", 1)]),
            ],
        });
        _f.Advance(TimeSpan.FromSeconds(1));
        _f.Beat("db1", level: AlertLevel.Critical);
        _f.Advance(TimeSpan.FromSeconds(25)); // web1 (interval 10) is late now, db1 is not
        _f.Beat("db1", seq: 1, level: AlertLevel.Critical);
        var never = new HostEntry("gw1") { State = HostState.Down };
        _commits.Hosts.Load([.. _f.Registry.All.Select(HostSnapshots.Snapshot), HostSnapshots.Snapshot(never)]);
    }

    [Fact]
    public async Task Summary_has_state_level_last_beat_and_load_of_each_host()
    {
        var series = await Scrape();

        Assert.Equal(0, series["hbd_host_up{host=\"web1\"}"]);
        Assert.Equal(1, series["hbd_host_up{host=\"db1\"}"]);
        Assert.Equal(0, series["hbd_host_up{host=\"gw1\"}"]);
        Assert.Equal(1, series["hbd_host_state{host=\"web1\",state=\"late\"}"]);
        Assert.Equal(1, series["hbd_host_state{host=\"db1\",state=\"up\"}"]);
        Assert.Equal(1, series["hbd_host_state{host=\"gw1\",state=\"down\"}"]);
        Assert.Single(series.Keys, k => k.StartsWith("hbd_host_state{host=\"web1\"", StringComparison.Ordinal));
        Assert.Equal(1, series["hbd_host_level{host=\"web1\"}"]);
        Assert.Equal(2, series["hbd_host_level{host=\"db1\"}"]);
        Assert.Equal(3, series["hbd_host_level{host=\"gw1\"}"]); // never heard from: unknown
        var start = RegistryFixture.Start.ToUnixTimeMilliseconds() / 1000.0;
        Assert.Equal(start, series["hbd_host_last_seen_timestamp_seconds{host=\"web1\"}"]);
        Assert.Equal(start + 26, series["hbd_host_last_seen_timestamp_seconds{host=\"db1\"}"]);
        Assert.DoesNotContain("hbd_host_last_seen_timestamp_seconds{host=\"gw1\"}", series.Keys);
        Assert.Equal(12.5, series["hbd_host_cpu_usage_percent{host=\"web1\"}"]);
        Assert.Equal(40.7, series["hbd_host_memory_used_percent{host=\"web1\"}"]);
        Assert.Equal(85.5, series["hbd_host_disk_used_percent{host=\"web1\"}"]); // the fullest disk
        Assert.DoesNotContain(series.Keys, k => k.Contains("{host=\"db1\"}", StringComparison.Ordinal) && k.StartsWith("hbd_host_cpu", StringComparison.Ordinal));
        Assert.DoesNotContain(series.Keys, k => k.StartsWith("hbd_host_metric", StringComparison.Ordinal));
    }

    [Fact]
    public async Task None_has_no_per_host_series_and_keeps_the_servers()
    {
        _export.Value = MetricsExport.None;

        var series = await Scrape();

        Assert.DoesNotContain(series.Keys, k => k.StartsWith("hbd_host_", StringComparison.Ordinal));
        Assert.Equal(1, series["hbd_hosts{state=\"up\"}"]);
    }

    [Fact]
    public async Task All_adds_every_metric_of_every_host_with_its_group_and_name_escaped()
    {
        _export.Value = MetricsExport.All;

        var series = await Scrape();

        var web1 = series.Where(s => s.Key.StartsWith("hbd_host_metric{host=\"web1\"", StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(6, web1.Count);
        Assert.Equal(0.42, web1["hbd_host_metric{host=\"web1\",group=\"cpu\",metric=\"load1\"}"]);
        Assert.Equal(40.7, web1["hbd_host_metric{host=\"web1\",group=\"memory\",metric=\"used_pct\"}"]); // not 40.70000076293945
        Assert.Equal(1, web1["hbd_host_metric{host=\"web1\",group=\"check:say \\\"hi\\\"\\\\now\",metric=\"value\"}"]);
        Assert.DoesNotContain(series.Keys, k => k.StartsWith("hbd_host_metric{host=\"db1\"", StringComparison.Ordinal));
        Assert.Equal(12.5, series["hbd_host_cpu_usage_percent{host=\"web1\"}"]); // and the summary
    }

    [Fact]
    public async Task All_decodes_a_hosts_metrics_once_per_commit_not_per_scrape()
    {
        _export.Value = MetricsExport.All;
        await Scrape();
        Assert.True(_commits.Hosts.TryGet("web1", out var first));

        await Scrape();

        Assert.True(_commits.Hosts.TryGet("web1", out var again));
        Assert.Same(first, again);
        Assert.True(first.Metrics == again.Metrics, "decoded again"); // the same array, not equal contents
        Assert.Equal(6, first.Metrics.Length);
    }

    [Fact]
    public async Task Server_series_count_datagrams_hosts_commits_and_store_writes()
    {
        _counters.CountAccepted();
        _counters.CountAccepted();
        _counters.CountMessage();
        _counters.CountRejected(RejectReason.BadSignature);
        _counters.CountRejected(RejectReason.TooShort);
        _counters.CountRejected(RejectReason.TooShort);
        _commits.Publish(_f.Time.GetUtcNow(), [], [], []);
        _commits.Publish(_f.Time.GetUtcNow(), [], [], []);
        using var subscription = _commits.Subscribe(4);
        _store.Writes.Succeeded(TimeSpan.FromMilliseconds(3), hosts: 2, journal: 5);
        _store.Succeeded(_f.Time.GetUtcNow());

        var series = await Scrape();

        Assert.Equal(1, series[$"hbd_build_info{{version=\"{StatusEndpoints.Version}\"}}"]);
        Assert.Equal(RegistryFixture.Start.ToUnixTimeMilliseconds() / 1000.0, series["hbd_start_time_seconds"]);
        Assert.Equal((1.0, 1.0, 1.0, 0.0),
            (series["hbd_hosts{state=\"up\"}"], series["hbd_hosts{state=\"late\"}"], series["hbd_hosts{state=\"down\"}"], series["hbd_hosts{state=\"unknown\"}"]));
        Assert.Equal(2, series["hbd_datagrams_accepted_total"]);
        Assert.Equal(1, series["hbd_messages_total"]);
        Assert.Equal(2, series["hbd_datagrams_rejected_total{reason=\"too_short\"}"]);
        Assert.Equal(1, series["hbd_datagrams_rejected_total{reason=\"bad_signature\"}"]);
        Assert.Equal(RejectReasons.All.Length, series.Keys.Count(k => k.StartsWith("hbd_datagrams_rejected_total{", StringComparison.Ordinal)));
        Assert.Equal(0, series["hbd_datagrams_rejected_total{reason=\"internal_error\"}"]);
        Assert.Equal((2.0, 2.0, 1.0),
            (series["hbd_commit_batches_published_total"], series["hbd_commit_sequence"], series["hbd_commit_feed_subscribers"]));
        Assert.Equal(0, series["hbd_store_write_duration_seconds_bucket{le=\"0.0025\"}"]);
        Assert.Equal(1, series["hbd_store_write_duration_seconds_bucket{le=\"0.005\"}"]);
        Assert.Equal(1, series["hbd_store_write_duration_seconds_bucket{le=\"+Inf\"}"]);
        Assert.Equal(0.003, series["hbd_store_write_duration_seconds_sum"]);
        Assert.Equal(1, series["hbd_store_write_duration_seconds_count"]);
        Assert.Equal(0.003, series["hbd_store_last_write_duration_seconds"]);
        Assert.Equal((2.0, 5.0, 0.0), (series["hbd_store_host_rows_written_total"], series["hbd_store_journal_rows_written_total"],
            series["hbd_store_write_failures_total"]));
        Assert.Equal((1.0, 0.0, 0.0), (series["hbd_store_healthy"], series["hbd_store_consecutive_write_failures"],
            series["hbd_store_pending_journal_entries"]));
        Assert.Equal(_f.Time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0, series["hbd_store_last_write_timestamp_seconds"]);
    }

    [Fact]
    public async Task Store_healthy_is_0_once_writes_have_failed_long_enough_for_healthz_to_fail()
    {
        for (var i = 0; i < StoreHealth.UnhealthyAfterFailures; i++)
        {
            _store.Failed(_f.Time.GetUtcNow(), "disk I/O error", 3);
            _f.Time.Advance(TimeSpan.FromMilliseconds(500));
        }

        var series = await Scrape();

        Assert.Equal((0.0, 4.0, 3.0), (series["hbd_store_healthy"], series["hbd_store_consecutive_write_failures"],
            series["hbd_store_pending_journal_entries"]));
    }

    [Fact]
    public async Task Process_and_garbage_collector_series_come_under_the_client_libraries_names()
    {
        var series = await Scrape();

        Assert.InRange(series["process_resident_memory_bytes"], 1 << 20, 1L << 40);
        Assert.True(series["process_cpu_seconds_total"] > 0);
        Assert.True(series["dotnet_gc_allocated_bytes_total"] > 0);
        Assert.True(series["dotnet_gc_heap_size_bytes"] >= 0);
        Assert.Equal(GC.MaxGeneration + 1, series.Keys.Count(k => k.StartsWith("dotnet_gc_collections_total{generation=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(MetricsExport.None)]
    [InlineData(MetricsExport.Summary)]
    [InlineData(MetricsExport.All)]
    public async Task Every_family_has_one_help_and_type_and_its_samples_together(MetricsExport export)
    {
        _export.Value = export;
        var families = new List<string>();
        string? current = null;

        foreach (var line in (await ScrapeText()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                current = line.Split(' ')[2];
                Assert.DoesNotContain(current, families);
                families.Add(current);
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                Assert.Equal(current, line.Split(' ')[2]);
                continue;
            }
            var name = line[..line.IndexOfAny(['{', ' '])];
            Assert.True(name == current || name == current + "_bucket" || name == current + "_sum" || name == current + "_count",
                $"{name} under the family {current}");
        }
    }

    private async Task<Dictionary<string, double>> Scrape()
    {
        var series = new Dictionary<string, double>();
        foreach (var line in (await ScrapeText()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
                continue;
            var space = line.LastIndexOf(' ');
            series.Add(line[..space], double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture));
        }
        return series;
    }

    private async Task<string> ScrapeText()
    {
        using var stream = new MemoryStream();
        var pipe = PipeWriter.Create(stream);
        await new MetricsExposition(_commits, _f.Registry, _counters, _store, _export, _f.Time).WriteAsync(pipe, CancellationToken.None);
        await pipe.CompleteAsync();
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
