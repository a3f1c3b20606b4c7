using System.Reflection;
using System.Runtime.InteropServices;
using Hbd.Client.Linux;
using Hbd.Client.Plugins;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Client.Tests.Plugins;

public sealed class OsInfoPluginTests
{
    private static readonly string Arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    [Fact]
    public void Reports_the_os_section_of_this_machine()
    {
        var os = Collect(Fixtures.Context("debian12-vm"));

        Assert.Equal(
            new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["agent_version"] = OsInfoPlugin.AgentVersion,
                ["arch"] = Arch,
                ["boot_time"] = "2026-11-25T17:28:38Z",
                ["cpu_count"] = 2,
                ["cpu_model"] = "AMD EPYC",
                ["hostname"] = "vm",
                ["kernel"] = "6.18.44-fc-v595",
                ["os_id"] = "debian",
                ["os_name"] = "Debian GNU/Linux",
                ["os_version"] = "12",
                ["pretty_name"] = "Debian GNU/Linux 12 (bookworm)",
                ["uptime_s"] = 2061L,
            },
            os);
    }

    [Fact]
    public void Falls_back_to_usr_lib_os_release()
    {
        var os = Collect(Fixtures.Context("baremetal-16core"));

        Assert.Equal("Ubuntu", os["os_name"]);
        Assert.Equal("22.04", os["os_version"]);
        Assert.Equal("Ubuntu 22.04.3 LTS", os["pretty_name"]);
        Assert.Equal(16, os["cpu_count"]);
        Assert.Equal("db01", os["hostname"]);
        Assert.Equal("2023-10-05T22:00:11Z", os["boot_time"]);
        Assert.Equal(3456789L, os["uptime_s"]);
    }

    [Theory]
    [InlineData("container-alpine", "alpine", "3.19.1", "6.1.0-18-amd64", "AMD EPYC 7B13")]
    [InlineData("old-kernel-3.2", "ubuntu", "12.04", "3.2.0-126-generic", "Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz")]
    [InlineData("arm64-rpi4", "debian", "12", "6.6.20+rpt-rpi-v8", "ARM Cortex-A72")]
    public void Reports_each_fixture_host(string host, string id, string version, string kernel, string cpuModel)
    {
        var os = Collect(Fixtures.Context(host));

        Assert.Equal(id, os["os_id"]);
        Assert.Equal(version, os["os_version"]);
        Assert.Equal(kernel, os["kernel"]);
        Assert.Equal(cpuModel, os["cpu_model"]);
    }

    [Fact]
    public void The_cpu_model_is_read_once_and_the_os_release_at_every_collection()
    {
        var root = Directory.CreateTempSubdirectory("hbc-os-info-").FullName;
        try
        {
            CopyTree(Fixtures.Root("debian12-vm"), root);
            var plugin = new OsInfoPlugin(new PluginContext(HostPaths.UnderRoot(root), new FakeTimeProvider(Fixtures.Now)));
            var first = new BeatContent();
            plugin.Collect(first);

            File.WriteAllText(Path.Combine(root, "proc", "cpuinfo"), "processor\t: 0\nmodel name\t: Other CPU\n");
            File.WriteAllText(Path.Combine(root, "etc", "os-release"), "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"13\"\n");
            var second = new BeatContent();
            plugin.Collect(second);

            var before = (IReadOnlyDictionary<string, object?>)first.Inventory["os"]!;
            var after = (IReadOnlyDictionary<string, object?>)second.Inventory["os"]!;
            Assert.Equal(("AMD EPYC", "AMD EPYC"), (before["cpu_model"], after["cpu_model"]));
            Assert.Equal(("12", "13"), (before["os_version"], after["os_version"]));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [Fact]
    public void Agent_version_is_the_assemblys_without_a_commit_suffix()
    {
        var informational = typeof(OsInfoPlugin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        Assert.Equal(informational.Split('+')[0], OsInfoPlugin.AgentVersion);
        Assert.DoesNotContain('+', OsInfoPlugin.AgentVersion);
        Assert.NotEmpty(OsInfoPlugin.AgentVersion);
    }

    [Fact]
    public void Without_btime_boot_time_is_now_minus_uptime_and_without_hostname_it_is_the_machine_name()
    {
        var root = Directory.CreateTempSubdirectory("hbd-os-");
        try
        {
            var proc = Path.Combine(root.FullName, "proc");
            Directory.CreateDirectory(Path.Combine(proc, "sys", "kernel"));
            Directory.CreateDirectory(Path.Combine(root.FullName, "etc"));
            File.WriteAllText(Path.Combine(proc, "stat"), "cpu  1 0 1 10\ncpu0 1 0 1 10\n");
            File.WriteAllText(Path.Combine(proc, "uptime"), "3600.75 100.00\n");
            File.WriteAllText(Path.Combine(proc, "cpuinfo"), "");
            File.WriteAllText(Path.Combine(proc, "sys", "kernel", "osrelease"), "6.1.0\n");
            File.WriteAllText(Path.Combine(root.FullName, "etc", "os-release"), "ID=arch\nNAME=\"Arch Linux\"\n");
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

            var os = Collect(new PluginContext(HostPaths.UnderRoot(root.FullName), clock));

            Assert.Equal("2026-01-01T10:59:59Z", os["boot_time"]);
            Assert.Equal(3600L, os["uptime_s"]);
            Assert.Equal(Environment.MachineName, os["hostname"]);
            Assert.False(os.ContainsKey("os_version"));
            Assert.False(os.ContainsKey("cpu_model"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Without_any_os_release_the_error_names_both_places()
    {
        var root = Directory.CreateTempSubdirectory("hbd-os-");
        try
        {
            var context = new PluginContext(HostPaths.UnderRoot(root.FullName), TimeProvider.System);

            var error = Assert.ThrowsAny<IOException>(() => Collect(context));

            Assert.Contains(context.Paths.RootFile("etc/os-release"), error.Message, StringComparison.Ordinal);
            Assert.Contains(context.Paths.RootFile("usr/lib/os-release"), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Malformed_files_are_an_IOException_naming_the_path()
    {
        var context = Fixtures.Context("malformed");

        var error = Assert.ThrowsAny<IOException>(() => Collect(context));

        Assert.Contains(context.Paths.ProcFile("stat"), error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyDictionary<string, object?> Collect(PluginContext context)
    {
        var beat = new BeatContent();
        new OsInfoPlugin(context).Collect(beat);
        Assert.Empty(beat.Metrics);
        var os = Assert.IsType<SortedDictionary<string, object?>>(Assert.Single(beat.Inventory).Value);
        Assert.Equal("os", beat.Inventory.Keys.Single());
        return os;
    }
}
