using Hbd.Common;

namespace Hbd.Server.Hosts;

/// <summary>Something that happened to a host; the one stream that journal, notifications, DNS and live views read.</summary>
public abstract record HostChange(string Host, DateTimeOffset Time);

/// <summary>First heartbeat from a host never seen before.</summary>
public sealed record HostAdded(string Host, DateTimeOffset Time, string? Address, AlertLevel Level) : HostChange(Host, Time);

/// <summary>Up, late, down. <paramref name="Silence"/> is how long no heartbeat came (to late/down) or how long it was gone (back up).</summary>
public sealed record HostStateChanged(string Host, DateTimeOffset Time, HostState From, HostState To, TimeSpan Silence, bool NeverSeen = false)
    : HostChange(Host, Time);

/// <summary>The worst level the agent reports changed.</summary>
public sealed record HostLevelChanged(string Host, DateTimeOffset Time, AlertLevel From, AlertLevel To) : HostChange(Host, Time);

/// <summary>A heartbeat came from a different source address.</summary>
public sealed record HostAddressChanged(string Host, DateTimeOffset Time, string? From, string To) : HostChange(Host, Time);

/// <summary>A journal message sent by an agent (hbc -m).</summary>
public sealed record HostMessage(string Host, DateTimeOffset Time, string Text, string? Address) : HostChange(Host, Time);

/// <summary>
/// The host was forgotten through the API. <paramref name="By"/> says who, for the journal: the client's address, or
/// "token" when the api_token authorised it (an address behind a proxy would only name the proxy).
/// </summary>
public sealed record HostRemoved(string Host, DateTimeOffset Time, string By) : HostChange(Host, Time);
/// <summary>
/// A verified heartbeat was dropped as stale (reported once in a while per host, not per beat). <paramref name="OffsetMs"/> is
/// its send time minus the server's clock; when <paramref name="BeforeLatest"/>, it was within the skew window but not later
/// than the latest beat accepted, and the offset is to that beat instead.
/// </summary>
public sealed record HostClockRejected(string Host, DateTimeOffset Time, long OffsetMs, bool BeforeLatest, TimeSpan MaxClockSkew)
    : HostChange(Host, Time);
