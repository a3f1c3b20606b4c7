namespace Hbd.Server.Hosts;

/// <summary>The part of the configuration that ingest and the state machine obey; swapped whole on reload.</summary>
public sealed record MonitorSettings
{
    public TimeSpan? LateAfter { get; init; }

    public TimeSpan? DownAfter { get; init; }

    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromSeconds(300);

    public int MaxHosts { get; init; } = 1_000_000;

    /// <summary>New hosts that unverified heartbeats may create per minute (<c>max_new_hosts_per_minute</c>).</summary>
    public int MaxNewHostsPerMinute { get; init; } = 1_000;

    /// <summary>Journal messages that unverified datagrams may add per minute (<c>max_messages_per_minute</c>).</summary>
    public int MaxMessagesPerMinute { get; init; } = 600;

    public IReadOnlyList<string> WatchHosts { get; init; } = [];

    /// <summary>The first class whose patterns match a host name, or null.</summary>
    public Func<string, HostClassSettings?> ClassOf { get; init; } = static _ => null;

    public HostTimeouts TimeoutsFor(string host, TimeSpan interval) => HostTimeouts.Resolve(interval, ClassOf(host), LateAfter, DownAfter);

    public static MonitorSettings Defaults { get; } = new();
}
