using Hbd.Client.Plugins;
using Hbd.Client.Thresholds;
using Hbd.Common;
using Hbd.Common.Config;
using Hbd.Common.Protocol;

namespace Hbd.Client.Tests.Thresholds;

public sealed class ThresholdSetTests
{
    private static ThresholdSet Parse(string yaml) => ThresholdSet.Parse(ConfigDocument.Parse(yaml, "/etc/hb.yaml").Root.Get("thresholds"));

    private static AlertLevel LevelOf(ThresholdSet set, string group, string metric, double value)
    {
        var beat = new BeatContent();
        beat.Add(group, new Metric(metric, value));
        set.Apply(beat);
        return beat.Metrics[0].Values[0].Level;
    }

    [Theory]
    [InlineData(84.9, AlertLevel.Ok)]
    [InlineData(85, AlertLevel.Warning)]
    [InlineData(94.9, AlertLevel.Warning)]
    [InlineData(95, AlertLevel.Critical)]
    public void Defaults_rate_disk_inodes_and_memory_at_85_and_95(double value, AlertLevel expected)
    {
        Assert.Equal(expected, LevelOf(ThresholdSet.Defaults, "disk:/var", "used_pct", value));
        Assert.Equal(expected, LevelOf(ThresholdSet.Defaults, "disk:/", "inodes_used_pct", value));
        Assert.Equal(expected, LevelOf(ThresholdSet.Defaults, "memory", "used_pct", value));
    }

    [Fact]
    public void Cpu_and_load_are_not_rated_unless_configured()
    {
        Assert.Equal(AlertLevel.Ok, LevelOf(ThresholdSet.Defaults, "cpu", "usage", 100));
        Assert.Equal(AlertLevel.Ok, LevelOf(ThresholdSet.Defaults, "cpu", "load1", 64));
    }

    [Fact]
    public void Spec_example_rates_every_named_metric()
    {
        var set = Parse("""
            thresholds:
              cpu:    {warning: 80, critical: 95}
              memory: {warning: 85, critical: 95}
              disk:   {warning: 85, critical: 95, mounts: {"/backup": {warning: 95, critical: 98}}}
              load:   {warning: 4, critical: 8}
            """);
        Assert.Equal(AlertLevel.Warning, LevelOf(set, "cpu", "usage", 80));
        Assert.Equal(AlertLevel.Critical, LevelOf(set, "cpu", "load15", 9));
        Assert.Equal(AlertLevel.Critical, LevelOf(set, "disk:/", "used_pct", 96));
        Assert.Equal(AlertLevel.Warning, LevelOf(set, "disk:/backup", "used_pct", 96));
        Assert.Equal(AlertLevel.Critical, LevelOf(set, "disk:/backup", "used_pct", 98));
    }

    [Fact]
    public void Per_interface_and_per_metric_overrides_win_over_general_rules()
    {
        var set = Parse("""
            thresholds:
              network: {errors: {warning: 1, critical: 10}, interfaces: {wg0: {errors: {critical: 100}}}}
              metrics:
                "check:*": {time: {warning: 1, critical: 5}}
                memory: {available: {warning: 1000, critical: 500, below: true}}
            """);
        Assert.Equal(AlertLevel.Critical, LevelOf(set, "net:eth0", "errors", 10));
        Assert.Equal(AlertLevel.Ok, LevelOf(set, "net:wg0", "errors", 10));
        Assert.Equal(AlertLevel.Warning, LevelOf(set, "check:ssh", "time", 2));
        Assert.Equal(AlertLevel.Critical, LevelOf(set, "memory", "available", 400));
        Assert.Equal(AlertLevel.Ok, LevelOf(set, "memory", "available", 5000));
    }

    [Fact]
    public void A_level_the_plugin_set_is_never_lowered()
    {
        var beat = new BeatContent();
        beat.Add("check:ssh", new Metric("time", 0.1, AlertLevel.Critical));
        ThresholdSet.Defaults.Apply(beat);
        Assert.Equal(AlertLevel.Critical, beat.Metrics[0].Values[0].Level);
    }

    [Theory]
    [InlineData("thresholds: {cpu: {warning: 90, critical: 80}}", 1, "thresholds.cpu.critical")]
    [InlineData("thresholds: {cpu: {warning: high}}", 1, "thresholds.cpu.warning")]
    [InlineData("thresholds: {cpu: {}}", 1, "thresholds.cpu")]
    [InlineData("thresholds: {cpu: {warn: 1}}", 1, "thresholds.cpu.warn")]
    [InlineData("thresholds:\n  gpu: {warning: 1}", 2, "thresholds.gpu")]
    [InlineData("thresholds:\n  disk:\n    mounts: {\"/x\": 5}", 3, "thresholds.disk.mounts./x")]
    [InlineData("thresholds: [1, 2]", 1, "thresholds")]
    [InlineData("thresholds:\n  disk: {warn: 90}", 2, "thresholds.disk.warn")]
    [InlineData("thresholds:\n  disk: {below: true, mounts: {}}", 2, "thresholds.disk.below")]
    [InlineData("thresholds:\n  network: {erors: {warning: 1}}", 2, "thresholds.network.erors")]
    [InlineData("thresholds:\n  network:\n    interfaces: {eth0: {rx: {warning: 1}}}", 3, "thresholds.network.interfaces.eth0.rx")]
    public void Mistakes_name_file_line_and_key(string yaml, int line, string key)
    {
        var error = Assert.Throws<ConfigException>(() => Parse(yaml));
        Assert.Equal("/etc/hb.yaml", error.FilePath);
        Assert.Equal(line, error.Line);
        Assert.Equal(key, error.Key);
    }
}
