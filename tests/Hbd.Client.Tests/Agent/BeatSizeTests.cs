using System.Text;
using Hbd.Client.Agent;
using Hbd.Client.Plugins;
using Hbd.Client.Tests.Plugins;
using Hbd.Common;
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

    private sealed class FixedPlugin(string name, Action<BeatContent> collect) : IMonitorPlugin
    {
        public string Name => name;

        public void Collect(BeatContent beat) => collect(beat);
    }

    /// <summary>A switch check: 48 ports of perfdata, 12 values each (about 20 KB encoded, over the limit alone).</summary>
    private static void SwitchCheck(BeatContent beat, string name)
    {
        beat.Checks.Add(new CheckResult(name, AlertLevel.Warning, $"{name}: 47 of 48 ports up, port 12 down"));
        var values = new List<Metric>();
        foreach (var port in Enumerable.Range(1, 48))
        {
            foreach (var what in new[] { "in_bps", "out_bps", "in_pps", "out_pps", "in_err", "out_err", "in_drop", "out_drop", "in_bcast", "out_bcast", "in_mcast", "out_mcast" })
                values.Add(new Metric($"GigabitEthernet1/0/{port:00}_{what}", 123456.789 * port));
        }
        beat.Metrics.Add(new MetricGroup($"check:{name}", values));
    }

    private static void SmallHost(BeatContent beat)
    {
        beat.Add("memory", new Metric("used_pct", 42));
        beat.Checks.Add(new CheckResult("load", AlertLevel.Ok, "load average: 0.10, 0.20, 0.30"));
        beat.Add("check:load", new Metric("load1", 0.1), new Metric("load5", 0.2));
    }

    private static (HeartbeatAgent Agent, StringWriter Log) AgentWith(params IMonitorPlugin[] plugins)
    {
        var log = new StringWriter();
        var agentLog = new AgentLog(0, log);
        return (new HeartbeatAgent("sw-monitor.example.net", TimeSpan.FromSeconds(10), new BeatCollector(plugins, agentLog), [],
            Encoding.UTF8.GetBytes("a long shared secret"), TimeProvider.System, agentLog), log);
    }

    private static Heartbeat Decoded(HeartbeatAgent agent, Heartbeat beat)
    {
        var datagram = agent.Encode(beat).ToArray();
        Assert.True(datagram.Length <= WireFormat.MaxDatagramSize, $"the datagram is {datagram.Length} bytes");
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(datagram, out var frame));
        return HeartbeatReader.Read(frame);
    }

    [Fact]
    public void Two_switch_checks_too_large_for_a_datagram_lose_their_perfdata_and_say_so_once()
    {
        var (agent, log) = AgentWith(new FixedPlugin("nagios", beat =>
        {
            SmallHost(beat);
            SwitchCheck(beat, "sw1");
            SwitchCheck(beat, "sw2");
        }));
        using var _ = agent;

        var beat = agent.NextBeat();
        var received = Decoded(agent, beat);
        agent.NextBeat();

        var size = Assert.Single(received.Checks, c => c.Name == "beat_size");
        Assert.Equal(AlertLevel.Unknown, size.Level);
        Assert.Matches(@"^beat too large \(\d{2},\d{3} bytes over 16,384\): perfdata of checks sw1, sw2 left out$", size.Message);
        Assert.Equal(AlertLevel.Warning, received.Level); // the switches' warning ranks over the unknown
        Assert.DoesNotContain(received.Metrics, g => g.Name is "check:sw1" or "check:sw2");
        Assert.Contains(received.Metrics, g => g.Name == "check:load"); // the small one stays
        Assert.Contains(received.Metrics, g => g.Name == "memory");
        foreach (var name in new[] { "sw1", "sw2" })
        {
            var check = Assert.Single(received.Checks, c => c.Name == name);
            Assert.Equal(AlertLevel.Warning, check.Level);
            Assert.Equal($"{name}: 47 of 48 ports up, port 12 down", check.Message);
        }
        Assert.Single(log.ToString().Split('\n'), line => line.Contains("beat too large", StringComparison.Ordinal));
    }

    [Fact]
    public void When_even_without_perfdata_the_beat_is_too_large_the_inventory_waits_for_a_later_beat()
    {
        var (agent, _) = AgentWith(new FixedPlugin("nagios", beat =>
        {
            SmallHost(beat);
            SwitchCheck(beat, "sw1");
            beat.Inventory["packages"] = Enumerable.Range(0, 1000).Select(i => (object?)$"package-number-{i:0000}-1.0").ToList();
        }));
        using var _ = agent;

        var first = agent.NextBeat();
        var received = Decoded(agent, first);
        var second = agent.NextBeat();

        Assert.Null(received.Inventory);
        var size = Assert.Single(received.Checks, c => c.Name == "beat_size");
        Assert.EndsWith("perfdata of checks sw1, load; inventory (sent with a later beat) left out", size.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(received.Metrics, g => g.Name.StartsWith("check:", StringComparison.Ordinal)); // perfdata goes first
        Assert.Contains(received.Metrics, g => g.Name == "memory");
        Assert.Equal(["load", "sw1", "beat_size"], received.Checks.Select(c => c.Name));
        Assert.Contains(second.Checks, c => c.Name == "beat_size"); // tried again, still too large
    }

    [Fact]
    public void A_beat_within_the_limit_is_sent_as_it_is()
    {
        var (agent, log) = AgentWith(new FixedPlugin("nagios", beat =>
        {
            SmallHost(beat);
            beat.Inventory["os"] = new Dictionary<string, object?> { ["name"] = "Debian" };
        }));
        using var _ = agent;

        var beat = agent.NextBeat();
        var received = Decoded(agent, beat);

        Assert.Equal(["memory", "check:load"], received.Metrics.Select(g => g.Name));
        Assert.Equal(["load"], received.Checks.Select(c => c.Name));
        Assert.NotNull(received.Inventory);
        Assert.Equal(AlertLevel.Ok, received.Level);
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public async Task What_goes_on_the_wire_is_within_the_limit_and_a_beat_whose_checks_alone_are_too_large_is_not_sent()
    {
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork,
            System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp) { ReceiveTimeout = 5000 };
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var server = new Hbd.Client.Sending.ServerTarget(
            new Hbd.Client.Sending.ServerAddress("127.0.0.1", ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port), TimeProvider.System);
        var log = new StringWriter();
        var agentLog = new AgentLog(0, log);
        var huge = false;
        using var agent = new HeartbeatAgent("sw-monitor.example.net", TimeSpan.FromSeconds(10), new BeatCollector([new FixedPlugin("nagios", beat =>
        {
            SmallHost(beat);
            SwitchCheck(beat, "sw1");
            if (huge)
            {
                foreach (var i in Enumerable.Range(0, 100))
                    beat.Checks.Add(new CheckResult($"c{i}", AlertLevel.Ok, new string('x', 1000)));
            }
        })], agentLog), [server], null, TimeProvider.System, agentLog);
        await agent.ResolveAllAsync(CancellationToken.None);

        Assert.Equal(1, agent.Send(agent.NextBeat()));
        var buffer = new byte[65536];
        var length = listener.Receive(buffer);
        Assert.True(length <= WireFormat.MaxDatagramSize, $"{length} bytes on the wire");

        huge = true;
        Assert.Equal(0, agent.Send(agent.NextBeat()));
        Assert.Contains("hbc: error: heartbeat of ", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("not sent: even its checks alone are too large", log.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> Check(params string[] argv) => new() { ["command"] = argv.Cast<object?>().ToList() };
}
