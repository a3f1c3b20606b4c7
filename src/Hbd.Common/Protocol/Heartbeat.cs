namespace Hbd.Common.Protocol;

/// <summary>One heartbeat (or one journal message) as the agent builds it and the server reads it back.</summary>
public sealed record Heartbeat
{
    public required string HostName { get; init; }

    /// <summary>Random per agent start, so the server can tell a restart from a replay.</summary>
    public required ulong RunId { get; init; }

    public required ulong Sequence { get; init; }

    public required DateTimeOffset SentAt { get; init; }

    /// <summary>The interval the agent announces; the server derives its late and down deadlines from it.</summary>
    public TimeSpan Interval { get; init; }

    public AlertLevel Level { get; init; }

    public IReadOnlyList<MetricGroup> Metrics { get; init; } = [];

    public IReadOnlyList<CheckResult> Checks { get; init; } = [];

    /// <summary>Facts that change rarely (OS, mounts); sent at start, on change and hourly. Null when not in this beat.</summary>
    public IReadOnlyDictionary<string, object?>? Inventory { get; init; }

    /// <summary>Text for the server's journal (hbc -m).</summary>
    public string? Message { get; init; }

    /// <summary>True for a message-only datagram: it goes to the journal and does not count as a heartbeat.</summary>
    public bool IsMessageOnly { get; init; }
}

/// <summary>Metrics of one subject: "cpu", "memory", "disk:/var", "net:eth0", "check:ssh".</summary>
public sealed record MetricGroup(string Name, IReadOnlyList<Metric> Values);

/// <summary>One numeric value with the level the agent rated it at.</summary>
public readonly record struct Metric(string Name, double Value, AlertLevel Level = AlertLevel.Ok);

/// <summary>Result of one Nagios-style check.</summary>
public sealed record CheckResult(string Name, AlertLevel Level, string Message);
