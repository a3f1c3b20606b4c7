using Hbd.Common.Config;

namespace Hbd.Client.Config;

/// <summary>What hbc reads from the configuration file (docs/configuration.md, client keys); immutable once parsed.</summary>
internal sealed record ClientOptions
{
    public const int DefaultHbPort = 50003;

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);

    /// <summary>Every key absent.</summary>
    public static ClientOptions Defaults { get; } = new();

    /// <summary>The file the options came from, or null for defaults.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>UDP port of the servers (<c>hb_port</c>).</summary>
    public int HbPort { get; init; } = DefaultHbPort;

    /// <summary>Time between heartbeats (<c>interval</c>), 1 s to 1 day.</summary>
    public TimeSpan Interval { get; init; } = DefaultInterval;

    /// <summary>Host name to report (<c>name</c>); null means this machine's host name.</summary>
    public string? Name { get; init; }

    /// <summary>Servers to send to (<c>servers</c>), as written: host, host:port, IPv4 or [IPv6]:port.</summary>
    public IReadOnlyList<string> Servers { get; init; } = [];

    /// <summary>Shared signing secret from <c>key</c> or <c>key_file</c>; null sends unsigned heartbeats.</summary>
    public byte[]? Key { get; init; }

    /// <summary>Authenticated encryption instead of signing only (<c>encrypt</c>); needs a key.</summary>
    public bool Encrypt { get; init; }

    /// <summary>The raw <c>plugins</c> mapping, read by the plugins themselves; null when absent.</summary>
    public ConfigNode? Plugins { get; init; }

    /// <summary>The raw <c>thresholds</c> mapping, read by the rating code; null when absent.</summary>
    public ConfigNode? Thresholds { get; init; }

    /// <summary>Reads and validates the client keys of <paramref name="doc"/>; mistakes are <see cref="ConfigException"/>.</summary>
    public static ClientOptions Parse(ConfigDocument doc) => ClientOptionsParser.Parse(doc);
}
