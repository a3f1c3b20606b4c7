namespace Hbd.Server.Tests.History;

/// <summary>
/// A deterministic day (or week) of one typical host's beats every 10 s, in the groups hbc sends: cpu, memory, 4 mounts
/// ("disk:&lt;mount&gt;" with size, used, free, used_pct, inodes_used_pct), the 4 block devices behind them
/// ("io:&lt;device&gt;" with read_bps, write_bps), 3 interfaces and 5 checks' perfdata, 65 series. Constants stay
/// constant, used bytes grow slowly in 4 KiB blocks and free mirrors them, cpu usage is a one-decimal random walk.
/// Fractional values are float32 widened to double, as agents send them (docs/protocol.md §4.1).
/// <para>
/// Busy where a typical server is busy, quiet where it is quiet, as this generator was checked against a real host's
/// beats: disk rates are bursty (log-normal around a level that follows the time of day, writes in bursts that last a
/// few beats), / and /var busy, /home mostly idle, /boot idle; idle devices and interfaces read exact zeros; eth0 is the
/// busy interface (whole-number rates within ±30 % of its level), eth1 idle, wg0 carries a little traffic now and then.
/// </para>
/// What the codec's size test and benchmarks measure, and what the history writer's tests feed in.
/// </summary>
internal sealed class TypicalHost
{
    public const long IntervalMs = 10_000;

    /// <summary>2025-01-15T00:00:00Z.</summary>
    public const long DayStartMs = 1_736_899_200_000;

    /// <summary>Mean rates in the afternoon; <c>Active</c> is the share of beats with any I/O (1: busy, 0: idle).</summary>
    private static readonly (string Mount, string Device, long Size, long Used, long ReadBps, long WriteBps, double Active)[] Disks =
    [
        ("/", "sda2", 31_526_481_920, 12_874_321_920, 180_000, 420_000, 1),
        ("/var", "sdb1", 52_710_469_632, 45_884_743_680, 60_000, 1_200_000, 1),
        ("/home", "sdb2", 210_303_426_560, 98_121_457_664, 25_000, 90_000, 0.15),
        ("/boot", "sda1", 1_020_702_720, 211_791_872, 0, 0, 0),
    ];

    /// <summary>Mean rates in the afternoon; <c>Active</c> is the share of beats with any traffic.</summary>
    private static readonly (string Name, long RxBps, long TxBps, long RxPps, long TxPps, double Active)[] Interfaces =
    [
        ("eth0", 1_843_212, 9_877_310, 2_413, 7_851, 1),
        ("eth1", 0, 0, 0, 0, 0),
        ("wg0", 15_872, 20_480, 41, 44, 0.1),
    ];

    /// <summary>
    /// The spread of a disk rate's log and its lag-1 correlation, reads then writes: a real host's, measured over 54
    /// beats (reads 1.7 and 0.0: independent; writes 3.0 and 0.6: bursts that last a few beats).
    /// </summary>
    private static readonly (double Sigma, double Correlation)[] DiskLog = [(1.7, 0), (3.0, 0.6)];

    /// <summary>ext4 keeps 5 % of a filesystem for root: free (df's Avail) is size − used − that.</summary>
    private const double Reserved = 0.05;

    private const long MemoryTotal = 8_323_002_368;

    private readonly Random _random;
    private readonly long[] _diskUsed = [.. Disks.Select(d => d.Used)];
    private readonly double[] _inodesPct = [21.3, 12.6, 3.2, 0.4];
    private readonly double[,] _diskLog = new double[4, 2];
    private double _usage = 12.5;
    private double _load1 = 0.42, _load5 = 0.35, _load15 = 0.31;
    private long _available = 5_129_650_176;
    private double _swapUsedPct = 2.1;
    private long _backupSize = 4_509_715_660;

    public TypicalHost(int seed = 1) => _random = new Random(seed);

    /// <summary>One beat's values every <see cref="IntervalMs"/> from <paramref name="startMs"/> on, <paramref name="count"/> beats.</summary>
    public IEnumerable<(long TimeMs, (string Group, string Metric, double Value)[] Values)> Beats(long startMs, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var time = startMs + (i * IntervalMs);
            yield return (time, Beat(time));
        }
    }

    /// <summary>A day of beats: 8,640.</summary>
    public IEnumerable<(long TimeMs, (string Group, string Metric, double Value)[] Values)> Day(long startMs = DayStartMs) =>
        Beats(startMs, (int)(86_400_000 / IntervalMs));

    private (string Group, string Metric, double Value)[] Beat(long timeMs)
    {
        var values = new List<(string, string, double)>(64);
        var daytime = Daytime(timeMs);
        Cpu(values, daytime);
        Memory(values);
        for (var d = 0; d < Disks.Length; d++)
            Disk(values, d);
        foreach (var d in Enumerable.Range(0, Disks.Length).OrderBy(d => Disks[d].Device, StringComparer.Ordinal))
            DiskIo(values, d, daytime);
        foreach (var nic in Interfaces)
            Net(values, nic, daytime);
        Checks(values);
        return [.. values];
    }

    /// <summary>0.3 at night to 1.0 in the afternoon: what the rates and cpu follow.</summary>
    private static double Daytime(long timeMs)
    {
        var hour = (timeMs % 86_400_000) / 3_600_000.0;
        return 0.65 - (0.35 * Math.Cos((hour - 3) / 24 * 2 * Math.PI));
    }

    private void Cpu(List<(string, string, double)> values, double daytime)
    {
        _usage = Math.Clamp(_usage + Normal(1.5) + ((daytime * 20) - _usage) * 0.02, 2, 40);
        var usage = Math.Round(_usage, 1);
        _load1 = Math.Max(0, (_load1 * 0.8) + (0.2 * ((usage * 4 / 100) + Normal(0.3))));
        _load5 += (_load1 - _load5) * (10.0 / 300);
        _load15 += (_load1 - _load15) * (10.0 / 900);
        values.Add(("cpu", "usage", F(usage)));
        values.Add(("cpu", "iowait", F(Math.Round(Math.Max(0, 0.6 + Normal(0.4)), 1))));
        values.Add(("cpu", "steal", F(_random.NextDouble() < 0.1 ? 0.1 : 0)));
        values.Add(("cpu", "load1", F(Math.Round(_load1, 2))));
        values.Add(("cpu", "load5", F(Math.Round(_load5, 2))));
        values.Add(("cpu", "load15", F(Math.Round(_load15, 2))));
        values.Add(("cpu", "cores", 4));
    }

    private void Memory(List<(string, string, double)> values)
    {
        _available = Math.Clamp(_available + ((long)Normal(2_000_000) / 4096 * 4096), 3_000_000_000, 6_000_000_000);
        if (_random.NextDouble() < 1.0 / 720)
            _swapUsedPct = Math.Round(Math.Max(0, _swapUsedPct + Normal(0.2)), 1);
        values.Add(("memory", "total", MemoryTotal));
        values.Add(("memory", "available", _available));
        values.Add(("memory", "used_pct", F(Math.Round((1 - ((double)_available / MemoryTotal)) * 100, 1))));
        values.Add(("memory", "swap_total", 2_147_479_552));
        values.Add(("memory", "swap_used_pct", F(_swapUsedPct)));
    }

    private void Disk(List<(string, string, double)> values, int d)
    {
        var (mount, _, size, _, _, writeBps, _) = Disks[d];
        if (writeBps > 0)
            _diskUsed[d] += _random.Next(0, (int)(writeBps / 40)) / 4096 * 4096;
        if (mount == "/var" && _random.NextDouble() < 1.0 / 8640)
            _diskUsed[d] -= 2_000_000_000;
        if (_random.NextDouble() < 1.0 / 360)
            _inodesPct[d] = Math.Round(_inodesPct[d] + 0.1, 1);
        var group = "disk:" + mount;
        values.Add((group, "size", size));
        var free = (long)(size * (1 - Reserved)) / 4096 * 4096 - _diskUsed[d];
        values.Add((group, "used", _diskUsed[d]));
        values.Add((group, "free", free));
        values.Add((group, "used_pct", F(Math.Round(100.0 * _diskUsed[d] / (_diskUsed[d] + free), 1))));
        values.Add((group, "inodes_used_pct", F(_inodesPct[d])));
    }

    private void DiskIo(List<(string, string, double)> values, int d, double daytime)
    {
        var (_, device, _, _, readBps, writeBps, active) = Disks[d];
        var group = "io:" + device;
        var busy = _random.NextDouble() < active;
        values.Add((group, "read_bps", busy ? Burst(d, 0, readBps * daytime) : 0));
        values.Add((group, "write_bps", busy ? Burst(d, 1, writeBps * daytime) : 0));
    }

    private void Net(List<(string, string, double)> values,
        (string Name, long RxBps, long TxBps, long RxPps, long TxPps, double Active) nic, double daytime)
    {
        var group = "net:" + nic.Name;
        var level = _random.NextDouble() < nic.Active ? daytime : 0;
        values.Add((group, "rx_bps", Rate(nic.RxBps * level)));
        values.Add((group, "tx_bps", Rate(nic.TxBps * level)));
        values.Add((group, "rx_pps", Rate(nic.RxPps * level)));
        values.Add((group, "tx_pps", Rate(nic.TxPps * level)));
        values.Add((group, "errors", 0));
        values.Add((group, "drops", 0));
    }

    private void Checks(List<(string, string, double)> values)
    {
        if (_random.NextDouble() < 1.0 / 8640)
            _backupSize += _random.Next(1_000_000, 50_000_000);
        values.Add(("check:ssh", "time", F(Math.Round(0.0123 * (1 + (0.2 * Normal(1))), 4))));
        values.Add(("check:http", "time", F(Math.Round(0.0456 * (1 + (0.3 * Normal(1))), 4))));
        values.Add(("check:http", "size", 5120));
        values.Add(("check:ntp", "offset", F(Math.Round(Normal(0.0004), 6))));
        values.Add(("check:apt", "updates", 7));
        values.Add(("check:backup", "size", _backupSize));
        values.Add(("check:smart", "temperature", 38));
    }

    /// <summary>
    /// A whole-number disk rate whose mean is <paramref name="level"/>: log-normal, its log an AR(1) (see
    /// <see cref="DiskLog"/>). Not a multiple of the 512-byte sector: the agent divides by the measured seconds, never
    /// exactly 10.
    /// </summary>
    private double Burst(int d, int direction, double level)
    {
        if (level <= 0)
            return 0;
        var (sigma, correlation) = DiskLog[direction];
        var innovation = sigma * Math.Sqrt(1 - (correlation * correlation));
        _diskLog[d, direction] = (correlation * _diskLog[d, direction]) + Normal(innovation);
        var rate = level * Math.Exp(_diskLog[d, direction] - (sigma * sigma / 2));
        return Math.Round(rate);
    }

    /// <summary>A whole-number rate within ±30 % of <paramref name="level"/>.</summary>
    private double Rate(double level) => Math.Round(level * (0.7 + (0.6 * _random.NextDouble())));

    private double Normal(double sigma) =>
        sigma * Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    /// <summary>The float32 an agent sends for a fractional value, widened as the server reads it.</summary>
    private static double F(double value) => (float)value;
}
