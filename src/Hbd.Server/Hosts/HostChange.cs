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
