using Hbd.Client.Agent;
using Hbd.Client.Plugins;
using Hbd.Common;
using Hbd.Common.Protocol;

namespace Hbd.Client.Tests.Agent;

public sealed class BeatCollectorTests
{
    private sealed class FixedPlugin(string name, Action<BeatContent> collect) : IMonitorPlugin
    {
        public string Name => name;

        public void Collect(BeatContent beat) => collect(beat);
    }

    [Fact]
    public void A_plugin_that_throws_reports_unknown_and_the_others_still_report()
    {
        var collector = new BeatCollector(
        [
            new FixedPlugin("broken", _ => throw new IOException("/proc/stat: gone")),
            new FixedPlugin("memory", beat => beat.Add("memory", new Metric("used_pct", 42))),
        ], AgentLog.Quiet);

        var beat = collector.Collect();

        Assert.Equal("memory", Assert.Single(beat.Metrics).Name);
        var check = Assert.Single(beat.Checks);
        Assert.Equal("plugin:broken", check.Name);
        Assert.Equal(AlertLevel.Unknown, check.Level);
        Assert.Contains("/proc/stat: gone", check.Message, StringComparison.Ordinal);
        Assert.Equal(AlertLevel.Unknown, beat.WorstLevel());
    }

    [Fact]
    public void A_failing_plugin_is_logged_at_the_default_level_once_and_again_when_it_works()
    {
        var output = new StringWriter();
        var fail = true;
        var collector = new BeatCollector(
            [new FixedPlugin("disk", _ => { if (fail) throw new IOException("/proc/diskstats: gone"); })],
            new AgentLog(0, output, new Microsoft.Extensions.Time.Testing.FakeTimeProvider()));

        collector.Collect();
        collector.Collect();
        fail = false;
        collector.Collect();
        collector.Collect();

        Assert.Equal(
            "hbc: plugin disk: failed (/proc/diskstats: gone)\nhbc: plugin disk: works again after 1s\n",
            output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Worst_level_ranks_critical_over_warning_over_unknown()
    {
        var beat = new BeatContent();
        beat.Add("disk:/", new Metric("used_pct", 90, AlertLevel.Warning));
        beat.Checks.Add(new CheckResult("x", AlertLevel.Unknown, ""));
        Assert.Equal(AlertLevel.Warning, beat.WorstLevel());
        beat.Checks.Add(new CheckResult("y", AlertLevel.Critical, ""));
        Assert.Equal(AlertLevel.Critical, beat.WorstLevel());
    }
}

public sealed class BeatCollectorBudgetTests
{
    private sealed class SlowPlugin(ManualResetEventSlim release) : IMonitorPlugin
    {
        public int Calls;

        public string Name => "slow";

        public void Collect(BeatContent beat)
        {
            Interlocked.Increment(ref Calls);
            release.Wait();
            beat.Add("slow", new Hbd.Common.Protocol.Metric("value", 1));
        }
    }

    [Fact]
    public void A_plugin_that_overruns_reports_unknown_and_is_not_started_again_while_busy()
    {
        using var release = new ManualResetEventSlim();
        var slow = new SlowPlugin(release);
        var collector = new Hbd.Client.Agent.BeatCollector([slow], Hbd.Client.Thresholds.ThresholdSet.Defaults,
            TimeSpan.FromMilliseconds(50), Hbd.Client.Agent.AgentLog.Quiet);

        var first = collector.Collect();
        Assert.Contains("no answer", Assert.Single(first.Checks).Message, StringComparison.Ordinal);
        var second = collector.Collect();
        Assert.Contains("still busy", Assert.Single(second.Checks).Message, StringComparison.Ordinal);
        SpinWait.SpinUntil(() => Volatile.Read(ref slow.Calls) > 0, TimeSpan.FromSeconds(10));
        Assert.Equal(1, slow.Calls); // started once, however many beats passed

        release.Set();
        Assert.True(SpinWait.SpinUntil(() => collector.Collect().Metrics.Count == 1, TimeSpan.FromSeconds(10)));
    }
}

public sealed class InventoryCompletenessTests
{
    private sealed class InventoryPlugin : IMonitorPlugin
    {
        public bool Fail;
        public string Kernel = "6.1";

        public string Name => "os_info";

        public void Collect(BeatContent beat)
        {
            beat.Inventory["os"] = new Dictionary<string, object?> { ["kernel"] = Kernel };
            beat.Inventory["filesystems"] = "partial"; // what a half-done collection leaves behind
            if (Fail)
                throw new IOException("os-release unreadable");
        }
    }

    [Fact]
    public void Inventory_waits_while_a_plugin_that_gives_it_fails()
    {
        var plugin = new InventoryPlugin();
        var collector = new Hbd.Client.Agent.BeatCollector([plugin], Hbd.Client.Agent.AgentLog.Quiet);
        using var agent = new Hbd.Client.Agent.HeartbeatAgent("h", TimeSpan.FromSeconds(10), collector, [], null,
            TimeProvider.System, Hbd.Client.Agent.AgentLog.Quiet);

        Assert.NotNull(agent.NextBeat().Inventory);
        (plugin.Fail, plugin.Kernel) = (true, "6.2");
        Assert.Null(agent.NextBeat().Inventory); // changed, but incomplete: held back
        plugin.Fail = false;
        Assert.NotNull(agent.NextBeat().Inventory);
    }
}
