namespace Hbd.Server.Dns;

/// <summary>
/// Dynamic DNS (docs/configuration.md, dynamic DNS): which hosts have a DNS name that follows their address, and the server,
/// zone and TSIG key the updates go to. <see cref="None"/> when <c>dyndnshosts</c> is not set: no updater runs.
/// </summary>
public sealed record DnsOptions
{
    public const int DefaultPort = 53;
    public const int DefaultTtl = 60;
    public const int MaxTtl = 86_400;
    public const int DefaultMaxInflight = 8;
    public const int MaxMaxInflight = 256;

    public static readonly DnsOptions None = new();

    /// <summary>hbd host name → the fully qualified DNS name kept at its address (no trailing dot, lower case).</summary>
    public IReadOnlyDictionary<string, string> Hosts { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The name or address of the server updates are sent to; a name is resolved when the updater starts.</summary>
    public string Server { get; init; } = "";

    public int Port { get; init; } = DefaultPort;

    /// <summary>The zone the updates are for (no trailing dot, lower case).</summary>
    public string Zone { get; init; } = "";

    public int Ttl { get; init; } = DefaultTtl;

    public string KeyName { get; init; } = "";

    public byte[] Secret { get; init; } = [];

    public TsigAlgorithm Algorithm { get; init; } = TsigAlgorithm.HmacSha256;

    /// <summary>Updates in flight at once, over all hosts (one per host at most).</summary>
    public int MaxInflight { get; init; } = DefaultMaxInflight;

    public bool Enabled => Hosts.Count > 0;

    /// <summary>Everything that decides the updates, as text: a reload compares it to say that a change waits for a restart.</summary>
    public string Fingerprint() => string.Join("\n",
        string.Join(",", Hosts.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => h.Key + "=" + h.Value)),
        Server, Port, Zone, Ttl, KeyName, Convert.ToBase64String(Secret), Algorithm, MaxInflight);
}

/// <summary>The TSIG MACs hbd signs updates with (RFC 8945): what BIND's <c>tsig-keygen -a</c> makes.</summary>
public enum TsigAlgorithm
{
    HmacSha256,
    HmacSha512,
    HmacSha1,
}
