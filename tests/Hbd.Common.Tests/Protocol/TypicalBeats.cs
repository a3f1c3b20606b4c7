using Hbd.Common.Protocol;

namespace Hbd.Common.Tests.Protocol;

/// <summary>
/// The heartbeats behind the test vectors in docs/protocol.md, with fixed run id, sequence and send time so
/// that their encodings never change. Linked into the benchmarks, so tests and benchmarks measure the same beat.
/// </summary>
internal static class TypicalBeats
{
    public const ulong RunId = 0x0123_4567_89AB_CDEF;
    public const ulong Sequence = 42;

    /// <summary>The shared secret of the signed vectors; the key is its UTF-8 bytes.</summary>
    public const string Secret = "secret";

    /// <summary>2025-01-15T12:00:00Z, 1736942400000 ms since the Unix epoch.</summary>
    public static readonly DateTimeOffset SentAt = new(2025, 1, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Only what every heartbeat must carry.</summary>
    public static Heartbeat Minimal() => new()
    {
        HostName = "db1",
        RunId = RunId,
        Sequence = Sequence,
        SentAt = SentAt,
        Interval = TimeSpan.FromSeconds(10),
        Level = AlertLevel.Ok,
    };

    /// <summary>What `hbc -m` sends: a journal entry, not a heartbeat.</summary>
    public static Heartbeat MessageOnly() => new()
    {
        HostName = "db1",
        RunId = RunId,
        Sequence = Sequence + 1,
        SentAt = SentAt.AddSeconds(3),
        Message = "disk replaced in bay 2, md0 rebuilding",
        IsMessageOnly = true,
    };

    /// <summary>A web server with 4 mounts, 3 interfaces and 5 checks: the size the protocol is designed for.</summary>
    public static Heartbeat Typical() => new()
    {
        HostName = "web-01.example.net",
        RunId = RunId,
        Sequence = Sequence,
        SentAt = SentAt,
        Interval = TimeSpan.FromSeconds(10),
        Level = AlertLevel.Warning,
        Metrics =
        [
            new("cpu",
            [
                new("usage", 12.5), new("iowait", 0.8), new("load1", 0.42), new("load5", 0.35),
                new("load15", 0.31), new("cores", 4),
            ]),
            new("memory",
            [
                new("total", 8_323_002_368), new("available", 5_129_650_176), new("used_pct", 38.4),
                new("swap_used_pct", 2.1),
            ]),
            Disk("/", 31_526_481_920, 12_874_321_920, 40.8, 21.3),
            Disk("/var", 52_710_469_632, 45_884_743_680, 87.1, 12.6, AlertLevel.Warning),
            Disk("/home", 210_303_426_560, 98_121_457_664, 46.7, 3.2),
            Disk("/boot", 1_020_702_720, 211_791_872, 20.7, 0.4),
            Net("eth0", 1_843_212, 9_877_310, 2_413, 7_851),
            Net("eth1", 120_448, 96_233, 310, 287),
            Net("wg0", 15_872, 20_480, 41, 44),
        ],
        Checks =
        [
            new("ssh", AlertLevel.Ok, "SSH OK - OpenSSH_9.2p1 Debian-2+deb12u3 (protocol 2.0)"),
            new("apt", AlertLevel.Warning, "APT WARNING: 7 packages available for upgrade (0 critical updates)."),
            new("ntp", AlertLevel.Ok, "NTP OK: Offset 0.000412 secs, stratum best:2 worst:2"),
            new("smart", AlertLevel.Ok, "OK: /dev/sda is healthy, 38°C, 18432 power-on hours"),
            new("backup", AlertLevel.Ok, "OK: last backup 2025-01-15 03:12 UTC, 4.2 GiB, 0 errors"),
        ],
    };

    /// <summary>A metric name from the well-known table (sent as its index) next to one that is not (sent as text).</summary>
    public static Heartbeat MetricNames() => Minimal() with
    {
        Level = AlertLevel.Warning,
        Metrics = [new("cpu", [new("usage", 97.5, AlertLevel.Warning), new("temp_c", 41)])],
    };

    /// <summary>A minimal beat that also carries inventory, to show nesting.</summary>
    public static Heartbeat WithInventory() => Minimal() with
    {
        Inventory = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["os"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = "Debian GNU/Linux",
                ["version"] = "12",
                ["kernel"] = "6.1.0-28-amd64",
                ["arch"] = "x86_64",
                ["uptime_s"] = 864_000,
                ["virtual"] = false,
            },
            ["filesystems"] = new List<object?>
            {
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["mount"] = "/", ["type"] = "ext4" },
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["mount"] = "/boot", ["type"] = "vfat" },
            },
            ["agent"] = null,
        },
    };

    private static MetricGroup Disk(string mount, long size, long used, double usedPct, double inodesPct,
        AlertLevel level = AlertLevel.Ok) =>
        new("disk:" + mount,
        [
            new("size", size), new("used", used), new("used_pct", usedPct, level), new("inodes_used_pct", inodesPct),
        ]);

    private static MetricGroup Net(string name, double rxBps, double txBps, double rxPps, double txPps) =>
        new("net:" + name,
        [
            new("rx_bps", rxBps), new("tx_bps", txBps), new("rx_pps", rxPps), new("tx_pps", txPps),
            new("errors", 0), new("drops", 0),
        ]);
}
