using Hbd.Server.Commits;
using Hbd.Server.Config;
using Hbd.Server.Hosting;
using Hbd.Server.Ingest;
using Hbd.Server.Metrics;
using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;
using Hbd.Server.Tests.Hosts;
using Hbd.Server.Tests.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hbd.Server.Tests.Hosting;

public sealed class ConfigReloaderTests : IDisposable
{
    private readonly TempDataDir _dir = new();
    private readonly RegistryFixture _f = new();
    private readonly SqliteStore _store;
    private readonly StoreWriter _writer;
    private readonly MetricsExportSetting _metricsExport = new(MetricsExport.Summary);
    private readonly ConfigReloader _reloader;

    public ConfigReloaderTests()
    {
        _store = new SqliteStore(_dir.File("hbd.db"));
        _store.Open();
        _writer = new StoreWriter(_store, _f.Registry, _f.Feed, new CommitFeed(new CommittedHosts()), _f.Time,
            new JournalRetention(TimeSpan.FromDays(30), 100_000), new StoreHealth(), NullLogger<StoreWriter>.Instance);
        var pipeline = new DatagramPipeline(_f.Registry, new IngestCounters(), new RecentMessages(), _f.Time);
        _reloader = new ConfigReloader(ServerOptions.Defaults with { DataDir = _dir.Path }, _dir.File("hbd.yaml"), _f.Registry, pipeline,
            _writer, certificate: null, _f.Time, NullLogger<ConfigReloader>.Instance, _metricsExport);
    }

    public void Dispose()
    {
        _reloader.Dispose();
        _writer.Dispose();
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_reload_swaps_metrics_export()
    {
        Write("metrics_export: all\n");

        Assert.True(_reloader.Reload());

        Assert.Equal(MetricsExport.All, _metricsExport.Value);
    }

    [Fact]
    public void A_refused_reload_keeps_metrics_export()
    {
        Write("metrics_export: none\n");
        Assert.True(_reloader.Reload());
        Write("metrics_export: everything\n");

        Assert.False(_reloader.Reload());

        Assert.Equal(MetricsExport.None, _metricsExport.Value);
    }

    [Fact]
    public void Changes_that_wait_for_a_restart_are_named_by_their_keys()
    {
        var before = ServerOptions.Defaults;

        var changed = ConfigReloader.RestartOnly(before, before with { HbdPort = 8080, DataDir = "/elsewhere" });

        Assert.Equal("hbd_port, data_dir", changed);
    }

    [Fact]
    public void History_days_and_notification_settings_wait_for_a_restart()
    {
        var before = ServerOptions.Parse(Hbd.Common.Config.ConfigDocument.Parse("webhook_url: http://127.0.0.1:9/a\n", "/etc/hbd.yaml"));
        var after = ServerOptions.Parse(Hbd.Common.Config.ConfigDocument.Parse("webhook_url: http://127.0.0.1:9/b\nhistory_days: 3\n", "/etc/hbd.yaml"));
        var same = ServerOptions.Parse(Hbd.Common.Config.ConfigDocument.Parse("webhook_url: http://127.0.0.1:9/a\n", "/etc/hbd.yaml"));

        Assert.Equal("history_days, the notification settings", ConfigReloader.RestartOnly(before, after));
        Assert.Equal("", ConfigReloader.RestartOnly(before, same));
    }

    [Fact]
    public void Settings_a_reload_applies_are_not_named_as_waiting_for_a_restart()
    {
        var before = ServerOptions.Defaults;

        var changed = ConfigReloader.RestartOnly(before, before with { DownAfter = TimeSpan.FromSeconds(5), WatchHosts = ["db1"] });

        Assert.Equal("", changed);
    }

    [Fact]
    public void A_change_of_the_dynamic_dns_settings_waits_for_a_restart()
    {
        var dns = new Hbd.Server.Dns.DnsOptions
        {
            Hosts = new Dictionary<string, string> { ["home1"] = "home1.dyn.test" },
            Server = "127.0.0.1",
            Zone = "dyn.test",
            KeyName = "k",
            Secret = [1, 2, 3],
        };
        var before = ServerOptions.Defaults with { Dns = dns };

        Assert.Equal("the dynamic DNS settings", ConfigReloader.RestartOnly(before, before with { Dns = dns with { Ttl = 300 } }));
        Assert.Equal("", ConfigReloader.RestartOnly(before, before with { Dns = dns with { Secret = [1, 2, 3] } }));
    }

    private void Write(string yaml) => File.WriteAllText(_dir.File("hbd.yaml"), $"data_dir: \"{_dir.Path}\"\n{yaml}");
}
