using Hbd.Client.Linux;
using Hbd.Client.Plugins;

namespace Hbd.Client.Tests.Plugins;

public sealed class PluginCatalogTests
{
    [Fact]
    public void Lists_the_plugins_with_their_defaults()
    {
        Assert.Equal(
            [("cpu", true), ("memory", true), ("disk", true), ("network", true), ("os_info", true), ("filesystem_info", true), ("nagios", false)],
            PluginCatalog.All.Select(entry => (entry.Name, entry.EnabledByDefault)));
    }

    [Fact]
    public void Each_factory_builds_a_plugin_of_its_own_name_from_empty_settings()
    {
        foreach (var entry in PluginCatalog.All)
            Assert.Equal(entry.Name, entry.Create(Fixtures.Context("debian12-vm"), PluginSettings.Empty).Name);
    }

    [Fact]
    public void Names_are_unique_and_found_by_name()
    {
        Assert.Equal(PluginCatalog.All.Count, PluginCatalog.All.Select(entry => entry.Name).Distinct().Count());
        Assert.Same(PluginCatalog.All[1], PluginCatalog.Find("memory"));
        Assert.Null(PluginCatalog.Find("Memory"));
    }

    [Fact]
    public void Without_configuration_the_default_plugins_are_built()
    {
        var plugins = PluginCatalog.CreateEnabled(Fixtures.Context("debian12-vm"), new Dictionary<string, PluginSettings>());

        Assert.Equal(["cpu", "memory", "disk", "network", "os_info", "filesystem_info"], plugins.Select(plugin => plugin.Name));
    }

    [Fact]
    public void Enabled_false_leaves_a_plugin_out()
    {
        var settings = new Dictionary<string, PluginSettings>
        {
            ["memory"] = new([new("enabled", "false")]),
        };

        var plugins = PluginCatalog.CreateEnabled(Fixtures.Context("debian12-vm"), settings);

        Assert.Equal(["cpu", "disk", "network", "os_info", "filesystem_info"], plugins.Select(plugin => plugin.Name));
    }

    [Theory]
    [InlineData(true, new[] { "cpu", "cpu:0", "cpu:1" })]
    [InlineData(false, new[] { "cpu" })]
    public void The_cpu_factory_passes_per_core(bool perCore, string[] groups)
    {
        var snapshots = Fixtures.Root(Path.Combine("cpu-rates", "steady"));
        var root = Directory.CreateTempSubdirectory("hbd-catalog-");
        try
        {
            var proc = Directory.CreateDirectory(Path.Combine(root.FullName, "proc")).FullName;
            var context = new PluginContext(HostPaths.UnderRoot(root.FullName), TimeProvider.System);
            var plugin = PluginCatalog.Find("cpu")!.Create(context, new([new("per_core", perCore)]));
            var beat = new BeatContent();
            foreach (var sample in new[] { "proc0", "proc1" })
            {
                foreach (var file in Directory.GetFiles(Path.Combine(snapshots, sample)))
                    File.Copy(file, Path.Combine(proc, Path.GetFileName(file)), overwrite: true);
                beat = new BeatContent();
                plugin.Collect(beat);
            }

            Assert.Equal(groups, beat.Metrics.Select(group => group.Name));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_default_plugin_collects_on_this_host()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var beat = new BeatContent();

        foreach (var plugin in PluginCatalog.CreateEnabled(PluginContext.Default, new Dictionary<string, PluginSettings>()))
            plugin.Collect(beat);

        // Network rates need a second sample; which filesystems there are depends on the host.
        var groups = beat.Metrics.Select(group => group.Name).ToList();
        Assert.Equal(["cpu", "memory"], groups.Take(2));
        Assert.All(groups.Skip(2), group => Assert.StartsWith("disk:", group, StringComparison.Ordinal));
        Assert.True(beat.Inventory.ContainsKey("os"));
        Assert.True(beat.Inventory.ContainsKey("filesystems"));
    }
}
