using System.Text;
using Hbd.Client.Agent;
using Hbd.Client.Plugins;
using Hbd.Client.Tests.Plugins;
using Hbd.Common.Protocol;
using Xunit.Abstractions;

namespace Hbd.Client.Tests.Agent;

/// <summary>
/// The agent's real output for the host the protocol is sized for: 4 mounts, 3 interfaces and 5 Nagios checks
/// (real Debian plugins, with their perfdata), signed. docs/protocol.md: it fits in 1,200 bytes.
/// </summary>
public sealed class BeatSizeTests(ITestOutputHelper output)
{
    private const string Plugins = "/usr/lib/nagios/plugins";

    [Fact]
    public void A_signed_beat_with_4_mounts_3_interfaces_and_5_checks_fits_in_1200_bytes()
    {
        Assert.True(File.Exists($"{Plugins}/check_load"), "monitoring-plugins-basic is missing: run scripts/install-test-deps.sh");
        var settings = new Dictionary<string, PluginSettings>
        {
            ["disk"] = new([new("include_mounts", new List<object?> { "/", "/boot", "/var", "/home" })]),
            ["network"] = new([new("include", new List<object?> { "eth0", "eth1", "wg0" })]),
            ["nagios"] = new([new("checks", new Dictionary<string, object?>
            {
                ["load"] = Check($"{Plugins}/check_load", "-w", "15,10,5", "-c", "30,25,20"),
                ["root"] = Check($"{Plugins}/check_disk", "-w", "10%", "-c", "5%", "-p", "/"),
                ["procs"] = Check($"{Plugins}/check_procs", "-w", "250", "-c", "400"),
                ["users"] = Check($"{Plugins}/check_users", "-w", "5", "-c", "10"),
                ["backup"] = Check($"{Plugins}/check_dummy", "0", "backup 2026-11-25 03:12 UTC, 4.2 GiB, 0 errors"),
            })]),
        };
        var context = Fixtures.Context("baremetal-16core");
        IReadOnlyList<IMonitorPlugin> plugins =
        [
            new CpuPlugin(context, perCore: false),
            new MemoryPlugin(context),
            new DiskPlugin(context, MountFilter.From(settings["disk"]), FixtureFileSystemStats.ForHost("baremetal-16core")),
            NetworkPlugin.Create(context, settings["network"]),
            NagiosPlugin.Create(context, settings["nagios"]),
        ];
        using var agent = new HeartbeatAgent("web-01.example.net", TimeSpan.FromSeconds(10), new BeatCollector(plugins, AgentLog.Quiet),
            [], Encoding.UTF8.GetBytes("a long shared secret"), TimeProvider.System, AgentLog.Quiet);

        agent.Prime();
        agent.Settle();
        ((Microsoft.Extensions.Time.Testing.FakeTimeProvider)context.Time).Advance(TimeSpan.FromSeconds(10)); // rates need time between samples
        var beat = agent.NextBeat() with { Inventory = null }; // inventory rides along at start and hourly, not on every beat
        var size = agent.Encode(beat).Length;
        output.WriteLine($"{size} bytes signed; groups: {string.Join(", ", beat.Metrics.Select(g => g.Name))}");

        Assert.Equal(4, beat.Metrics.Count(g => g.Name.StartsWith("disk:", StringComparison.Ordinal)));
        Assert.Equal(3, beat.Metrics.Count(g => g.Name.StartsWith("net:", StringComparison.Ordinal)));
        Assert.Equal(5, beat.Checks.Count(c => !c.Name.StartsWith("plugin:", StringComparison.Ordinal)));
        Assert.All(beat.Checks, c => Assert.NotEqual("pending", c.Message));
        Assert.True(size <= 1200, $"the beat is {size} bytes");
    }

    private static Dictionary<string, object?> Check(params string[] argv) => new() { ["command"] = argv.Cast<object?>().ToList() };
}
