using Hbd.Client.Linux;
using Hbd.Common.Protocol;

namespace Hbd.Client.Plugins;

/// <summary>
/// Per network interface a group "net:&lt;interface&gt;": rx_bps and tx_bps (bytes/s), rx_pps and tx_pps (packets/s),
/// errors and drops (received + sent, per second), from the second sample on. A counter that went backwards (reset,
/// 32-bit wrap) gives no rate for that sample; an interface that is new or came back starts afresh. Interfaces that
/// are down are reported (at 0). Settings <c>exclude</c> (patterns, default ["lo"]; present replaces it) and
/// <c>include</c> (patterns; when set, only those).
/// </summary>
internal sealed class NetworkPlugin : IRatePlugin
{
    private readonly PluginContext _context;
    private readonly NameFilter _filter;
    private Dictionary<string, NetDevice>? _previous;
    private long _previousAt;

    public NetworkPlugin(PluginContext context, NameFilter filter)
    {
        _context = context;
        _filter = filter;
    }

    public static IReadOnlyList<string> SettingKeys { get; } = ["exclude", "include"];

    public static IReadOnlyList<string> DefaultExclude { get; } = ["lo"];

    public string Name => "network";

    /// <summary>The catalog's factory: <c>include</c> and <c>exclude</c>; an <c>exclude</c> that is present replaces ["lo"].</summary>
    public static NetworkPlugin Create(PluginContext context, PluginSettings settings)
    {
        var exclude = settings.Contains("exclude") ? settings.GetStringList("exclude") : DefaultExclude;
        return new NetworkPlugin(context, new NameFilter(settings.GetStringList("include"), exclude));
    }

    public void Collect(BeatContent beat)
    {
        var now = _context.Time.GetTimestamp();
        var current = new Dictionary<string, NetDevice>(StringComparer.Ordinal);
        IReadOnlyList<NetDevice> devices;
        if (OperatingSystem.IsLinux())
            devices = ReadProcNetDev();
        else
            devices = PortableInterfaces.Read();
        foreach (var device in devices)
        {
            if (_filter.IsReported(device.Name))
                current.TryAdd(device.Name, device);
        }
        var previous = _previous;
        var seconds = _context.Time.GetElapsedTime(_previousAt, now).TotalSeconds;
        _previous = current;
        _previousAt = now;
        if (previous is null)
            return;

        foreach (var device in current.Values.OrderBy(device => device.Name, StringComparer.Ordinal))
        {
            if (!previous.TryGetValue(device.Name, out var before))
                continue;
            var metrics = new List<Metric>(6);
            AddRate(metrics, "rx_bps", before.RxBytes, device.RxBytes, seconds);
            AddRate(metrics, "tx_bps", before.TxBytes, device.TxBytes, seconds);
            AddRate(metrics, "rx_pps", before.RxPackets, device.RxPackets, seconds);
            AddRate(metrics, "tx_pps", before.TxPackets, device.TxPackets, seconds);
            AddSumRate(metrics, "errors", (before.RxErrors, before.TxErrors), (device.RxErrors, device.TxErrors), seconds);
            AddSumRate(metrics, "drops", (before.RxDrops, before.TxDrops), (device.RxDrops, device.TxDrops), seconds);
            if (metrics.Count > 0)
                beat.Metrics.Add(new MetricGroup("net:" + device.Name, metrics));
        }
    }

    private IReadOnlyList<NetDevice> ReadProcNetDev()
    {
        var path = _context.Paths.ProcFile("net/dev");
        var devices = NetDevParser.Parse(HostFile.Read(path));
        // Every network namespace has at least lo.
        return devices.Count > 0 ? devices : throw HostFile.Malformed(path, "interface lines");
    }

    private static void AddRate(List<Metric> metrics, string name, ulong before, ulong after, double seconds)
    {
        if (CounterRate.TryPerSecond(before, after, seconds, out var rate))
            metrics.Add(new Metric(name, CounterRate.Whole(rate)));
    }

    // Both directions must be comparable: a sum over one half that was reset would be wrong either way.
    private static void AddSumRate(
        List<Metric> metrics, string name, (ulong Rx, ulong Tx) before, (ulong Rx, ulong Tx) after, double seconds)
    {
        if (after.Rx >= before.Rx && after.Tx >= before.Tx
            && CounterRate.TryPerSecond(before.Rx + before.Tx, after.Rx + after.Tx, seconds, out var rate))
        {
            metrics.Add(new Metric(name, CounterRate.Hundredths(rate)));
        }
    }
}
