using System.Net;

namespace Hbd.Server.Dns;

/// <summary>
/// One dyndns host as the updater sees it: the address wanted (the host's newest committed address), the address DNS is
/// known to hold, and how the last attempt went. Guarded by the updater's lock; read through <see cref="View"/>.
/// </summary>
internal sealed class DnsHostState(string host, string name)
{
    public string Host { get; } = host;

    /// <summary>The fully qualified name kept at the host's address.</summary>
    public string Name { get; } = name;

    public IPAddress? Desired { get; set; }

    /// <summary>What DNS holds as far as hbd knows; null until a query or an update told it.</summary>
    public IPAddress? InDns { get; set; }

    /// <summary>False until DNS was asked (at start) or updated: an unchecked record is queried before any update.</summary>
    public bool Checked { get; set; }

    /// <summary>A task works on this host now (an update in flight or a retry waiting): one at a time per host.</summary>
    public bool Busy { get; set; }

    public int FailuresInARow { get; set; }
    public DateTimeOffset? LastUpdate { get; set; }
    public string? LastError { get; set; }

    public bool Synced => Desired is null || (Checked && Desired.Equals(InDns));

    public DnsStateView View() => new()
    {
        Name = Name,
        Address = Checked ? InDns?.ToString() : null,
        Synced = Synced,
        Pending = !Synced,
        LastUpdate = LastUpdate,
        LastError = LastError,
    };
}

/// <summary>A dyndns host's DNS record in the API (docs/api.md, hosts): the name, what it holds, and how the last update went.</summary>
public sealed record DnsStateView
{
    public required string Name { get; init; }

    /// <summary>The address DNS holds as far as hbd knows (null before the first query or update answered).</summary>
    public string? Address { get; init; }

    /// <summary>True when DNS holds the host's address.</summary>
    public bool Synced { get; init; }

    /// <summary>An update is due, in flight or waiting for its retry.</summary>
    public bool Pending { get; init; }

    public DateTimeOffset? LastUpdate { get; init; }

    /// <summary>Why the latest attempt failed; null once an attempt succeeds.</summary>
    public string? LastError { get; init; }
}
