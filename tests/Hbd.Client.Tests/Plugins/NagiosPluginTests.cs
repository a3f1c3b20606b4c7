using System.Globalization;
using Hbd.Client.Checks;
using Hbd.Client.Plugins;
using Hbd.Common;
using Hbd.Common.Protocol;
using static Hbd.Client.Tests.Checks.NagiosOptionsTests;
using static Hbd.Client.Tests.Checks.RealProcesses;

namespace Hbd.Client.Tests.Plugins;

/// <summary>The plugin over real processes: Debian's Nagios plugins and /bin/sh, on the system clock.</summary>
public sealed class NagiosPluginTests : IDisposable
{
    private static readonly PluginContext Context = new(Hbd.Client.Linux.HostPaths.Default, TimeProvider.System);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("hbd-nagios-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string TempFile(string name) => Path.Combine(_directory.FullName, name);

    private static NagiosPlugin Create(params (string Key, object? Value)[] settings) =>
        (NagiosPlugin)PluginCatalog.Find("nagios")!.Create(Context, Settings(settings));

    private static Dictionary<string, object?> Check(string command, string interval = "1h", string timeout = "10s") =>
        Map(("command", command), ("interval", interval), ("timeout", timeout));

    /// <summary>Collects until <paramref name="done"/> holds for the beat (at most 30 s); the beat it held for.</summary>
    private static BeatContent CollectUntil(NagiosPlugin plugin, Func<BeatContent, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var beat = new BeatContent();
            plugin.Collect(beat);
            if (done(beat))
                return beat;
            Assert.True(DateTime.UtcNow < deadline, $"still waiting; last beat: {string.Join("; ", beat.Checks)}");
            Thread.Sleep(20);
        }
    }

    private static bool Finished(BeatContent beat) => beat.Checks.All(check => check.Message != "pending");

    [Fact]
    public void A_check_that_cannot_run_is_logged_once_at_the_default_level()
    {
        var output = new StringWriter();
        var log = new Hbd.Client.Agent.AgentLog(0, output);
        using var plugin = (NagiosPlugin)PluginCatalog.Find("nagios")!.Create(Context with { Problems = log.Problems },
            Settings(("checks", Map(("gone", Map(("command", new List<object?> { "/nonexistent/check_gone" })))))));

        CollectUntil(plugin, Finished);
        plugin.Collect(new BeatContent());
        plugin.Collect(new BeatContent());

        Assert.Equal("hbc: check gone: cannot run (/nonexistent/check_gone: not found)", output.ToString().TrimEnd());
    }

    [Fact]
    public void Checks_report_pending_while_running_then_their_result_and_perfdata()
    {
        var gate = TempFile("gate");
        using var plugin = Create(("checks", Map(
            ("load", Map(("command", new List<object?> { Plugin("check_load"), "-w", "1000,1000,1000", "-c", "2000,2000,2000" }))),
            ("gated", Check($"while [ ! -e '{gate}' ]; do sleep 0.02; done; "
                + "echo 'WARNING - opened | temp=42C;40;50;0;100 free=3;@0:5;@0:1 idle=U free=9 used=97%;80;90 ok=1;5;10'; exit 1")))));

        var first = new BeatContent();
        plugin.Collect(first);

        // The gate is shut, so "gated" is certainly still running: Collect did not wait for it.
        Assert.Contains(new CheckResult("gated", AlertLevel.Unknown, "pending"), first.Checks);
        Assert.DoesNotContain(first.Metrics, group => group.Name == "check:gated");

        File.WriteAllText(gate, "");
        var beat = CollectUntil(plugin, Finished);

        Assert.Equal(["gated", "load"], beat.Checks.Select(check => check.Name));
        Assert.Equal(new CheckResult("gated", AlertLevel.Warning, "WARNING - opened"), beat.Checks[0]);
        Assert.Equal(AlertLevel.Ok, beat.Checks[1].Level);
        Assert.StartsWith("LOAD OK", beat.Checks[1].Message, StringComparison.Ordinal);
        var gated = Assert.Single(beat.Metrics, group => group.Name == "check:gated");
        Assert.Equal(
            [new Metric("temp", 42, AlertLevel.Warning), new Metric("free", 3, AlertLevel.Warning), new Metric("used", 97, AlertLevel.Critical), new Metric("ok", 1)],
            gated.Values);
        var load = Assert.Single(beat.Metrics, group => group.Name == "check:load");
        Assert.Equal(["load1", "load5", "load15"], load.Values.Select(metric => metric.Name));
        Assert.All(load.Values, metric => Assert.Equal(AlertLevel.Ok, metric.Level));
    }

    [Fact]
    public void Check_dummy_and_check_disk_through_the_plugin()
    {
        using var plugin = Create(("checks", Map(
            ("dummy", Map(("command", $"{Plugin("check_dummy")} 2 'text'"), ("shell", "false"))),
            ("root", Map(("command", $"{Plugin("check_disk")} -w 10% -c 5% -p /"))),
            ("procs", Map(("command", new List<object?> { Plugin("check_procs") }))))));

        var beat = CollectUntil(plugin, Finished);

        Assert.Equal(new CheckResult("dummy", AlertLevel.Critical, "CRITICAL: text"), beat.Checks.Single(check => check.Name == "dummy"));
        Assert.Equal("/", Assert.Single(Assert.Single(beat.Metrics, group => group.Name == "check:root").Values).Name);
        Assert.Equal("procs", Assert.Single(Assert.Single(beat.Metrics, group => group.Name == "check:procs").Values).Name);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, true)]
    public void Max_parallel_bounds_how_many_checks_run_at_once(int maxParallel, bool overlap)
    {
        // Each check writes when it started and ended, by its own clock (date), to one file.
        var log = TempFile("times");
        var script = $"s=$(date +%s%N); sleep 1; e=$(date +%s%N); echo \"$s $e\" >> '{log}'; echo OK";
        using var plugin = Create(
            ("max_parallel", maxParallel.ToString(CultureInfo.InvariantCulture)),
            ("checks", Map(("a", Check(script)), ("b", Check(script)), ("c", Check(script)))));

        CollectUntil(plugin, Finished);

        var runs = File.ReadAllLines(log)
            .Select(line => line.Split(' ').Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToArray())
            .OrderBy(run => run[0])
            .ToList();
        Assert.Equal(3, runs.Count);
        var overlapping = runs.Zip(runs.Skip(1)).Any(pair => pair.Second[0] < pair.First[1]);
        Assert.Equal(overlap, overlapping);
    }

    [Fact]
    public void A_check_without_an_interval_runs_at_every_beat()
    {
        var log = TempFile("beats");
        using var plugin = Create(("checks", Map(("each", Map(("command", $"echo run >> '{log}'; echo 'OK - ran'"))))));

        CollectUntil(plugin, beat => File.Exists(log) && File.ReadAllLines(log).Length >= 3);
    }

    [Fact]
    public void A_hanging_check_times_out_unknown_and_leaves_nothing_behind()
    {
        var grandchild = UniqueSleep();
        using var plugin = Create(("checks", Map(("hang", Check($"{grandchild} & wait", timeout: "1s")))));

        var beat = CollectUntil(plugin, Finished);

        Assert.Equal(new CheckResult("hang", AlertLevel.Unknown, "timed out after 1s"), Assert.Single(beat.Checks));
        AssertNoneLeft(grandchild);
    }

    [Fact]
    public void Disposing_the_plugin_kills_the_checks_in_progress()
    {
        var sleep = UniqueSleep();
        var plugin = Create(("checks", Map(("long", Check($"{sleep} & wait", timeout: "5m")))));
        plugin.Collect(new BeatContent());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Running(sleep).Length == 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
        Assert.NotEqual("", Running(sleep));

        plugin.Dispose();

        AssertNoneLeft(sleep);
    }

    [Fact]
    public void Enabled_when_it_has_checks_unless_enabled_is_false()
    {
        var nagios = PluginCatalog.Find("nagios")!;
        var checks = ("checks", (object?)Map(("c", Map(("command", "true")))));

        Assert.False(nagios.EnabledByDefault);
        Assert.False(nagios.IsEnabled(PluginSettings.Empty));
        Assert.False(nagios.IsEnabled(Settings(("checks", Map()))));
        Assert.True(nagios.IsEnabled(Settings(checks)));
        Assert.False(nagios.IsEnabled(Settings(checks, ("enabled", "false"))));
        Assert.True(nagios.IsEnabled(Settings(("enabled", "true"))));
        Assert.Equal(["checks", "max_parallel"], nagios.SettingKeys);
    }

    [Fact]
    public void The_catalog_builds_it_only_with_checks()
    {
        var without = PluginCatalog.CreateEnabled(Context, new Dictionary<string, PluginSettings>());
        var with = PluginCatalog.CreateEnabled(Context, new Dictionary<string, PluginSettings>
        {
            ["nagios"] = Settings(("checks", Map(("c", Map(("command", "true")))))),
        });

        Assert.DoesNotContain(without, plugin => plugin.Name == "nagios");
        using var nagios = Assert.IsType<NagiosPlugin>(Assert.Single(with, plugin => plugin.Name == "nagios"));
    }

    [Fact]
    public void Without_checks_it_collects_nothing()
    {
        using var plugin = Create(("enabled", "true"));
        var beat = new BeatContent();

        plugin.Collect(beat);

        Assert.Empty(beat.Checks);
        Assert.Empty(beat.Metrics);
    }
}
