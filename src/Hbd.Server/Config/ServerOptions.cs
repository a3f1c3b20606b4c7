using System.Net;
using Hbd.Common.Config;

namespace Hbd.Server.Config;

/// <summary>
/// What hbd reads from the configuration file (docs/configuration.md, server keys) for the core of the daemon; immutable,
/// parsed once and swapped whole on reload. Channel and DNS keys are read from <see cref="Raw"/> by their owners.
/// </summary>
public sealed record ServerOptions
{
    public const int DefaultHbPort = 50003;
    public const int DefaultHbdPort = 50004;
    public const int DefaultWsPort = 50005;

    /// <summary>Without <c>late_after</c>, a host is late after this many of its announced intervals.</summary>
    public const int LateAfterFactor = 2;

    /// <summary>Without <c>down_after</c>, a host is down after this many of its announced intervals.</summary>
    public const int DownAfterFactor = 4;

    public const int DefaultMaxHosts = 1_000_000;
    public const int DefaultMaxNewHostsPerMinute = 1_000;
    public const int DefaultMaxMessagesPerMinute = 600;
    public const int DefaultJournalMaxDays = 30;
    public const int DefaultJournalMaxEntries = 100_000;
    public const int DefaultHistoryDays = 7;

    public const string StoreSqlite = "sqlite";
    public const string StorePostgres = "postgres";

    /// <summary>Data directory of an unprivileged hbd; <c>~</c> is $HOME.</summary>
    public const string UserDataDir = "~/.local/share/hbd";

    /// <summary>Data directory of hbd running as root.</summary>
    public const string SystemDataDir = "/var/lib/hbd";

    public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromSeconds(300);

    /// <summary>Shortest accepted late_after, down_after and max_clock_skew.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);

    private readonly string? _logFile;
    private readonly string? _pidFile;

    /// <summary>Every key absent (data directory chosen for the current user and $HOME).</summary>
    public static ServerOptions Defaults => new();

    /// <summary>The file the options came from, or null for defaults.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>The whole document, for the keys other parts of hbd read themselves (notify, dns_*, smtp* …).</summary>
    public ConfigNode Raw { get; init; } = ConfigDocument.Empty.Root;

    /// <summary>Address for UDP and HTTP (<c>listen</c>); <c>::</c> is dual stack.</summary>
    public IPAddress Listen { get; init; } = IPAddress.Any;

    public int HbPort { get; init; } = DefaultHbPort;

    public int HbdPort { get; init; } = DefaultHbdPort;

    public int WsPort { get; init; } = DefaultWsPort;

    /// <summary>Database and state (<c>data_dir</c>): <c>~/.local/share/hbd</c>, or <c>/var/lib/hbd</c> as root.</summary>
    public string DataDir { get; init; } = DefaultDataDir();

    /// <summary>Log file when not in the foreground (<c>logfile</c>); defaults to <c>hbd.log</c> in <see cref="DataDir"/>.</summary>
    public string LogFile { get => _logFile ?? Path.Combine(DataDir, "hbd.log"); init => _logFile = value; }

    /// <summary>Pid file when not in the foreground (<c>pidfile</c>); defaults to <c>hbd.pid</c> in <see cref="DataDir"/>.</summary>
    public string PidFile { get => _pidFile ?? Path.Combine(DataDir, "hbd.pid"); init => _pidFile = value; }

    /// <summary>Shared secret for every host (<c>key</c> or <c>key_file</c>).</summary>
    public byte[]? Key { get; init; }

    /// <summary>Per-host secrets (<c>keys</c>), host names compared case-insensitively; they beat <see cref="Key"/>.</summary>
    public IReadOnlyDictionary<string, byte[]> Keys { get; init; } = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Drop unsigned heartbeats (<c>require_signed</c>); defaults to true when a key is set.</summary>
    public bool RequireSigned { get; init; }

    /// <summary>Replay window for signed heartbeats (<c>max_clock_skew</c>).</summary>
    public TimeSpan MaxClockSkew { get; init; } = DefaultMaxClockSkew;

    /// <summary>Global <c>late_after</c>; null means <see cref="LateAfterFactor"/> × the host's interval.</summary>
    public TimeSpan? LateAfter { get; init; }

    /// <summary>Global <c>down_after</c>; null means <see cref="DownAfterFactor"/> × the host's interval.</summary>
    public TimeSpan? DownAfter { get; init; }

    /// <summary>Host classes in file order; the first match wins.</summary>
    public IReadOnlyList<HostClass> Classes { get; init; } = [];

    /// <summary>Hosts expected to report (<c>watchhosts</c>); down when never seen.</summary>
    public IReadOnlyList<string> WatchHosts { get; init; } = [];

    /// <summary>Most hosts tracked at once (<c>max_hosts</c>); heartbeats of further new hosts are dropped.</summary>
    public int MaxHosts { get; init; } = DefaultMaxHosts;

    /// <summary>New hosts unverified heartbeats may create per minute (<c>max_new_hosts_per_minute</c>); 0: none.</summary>
    public int MaxNewHostsPerMinute { get; init; } = DefaultMaxNewHostsPerMinute;

    /// <summary>Journal messages unverified datagrams may add per minute (<c>max_messages_per_minute</c>); 0: none.</summary>
    public int MaxMessagesPerMinute { get; init; } = DefaultMaxMessagesPerMinute;

    public int JournalMaxDays { get; init; } = DefaultJournalMaxDays;

    public int JournalMaxEntries { get; init; } = DefaultJournalMaxEntries;

    public int HistoryDays { get; init; } = DefaultHistoryDays;

    /// <summary>Channels, routing and limits of notifications; none configured by default.</summary>
    public Hbd.Server.Notify.NotifyOptions Notify { get; init; } = Hbd.Server.Notify.NotifyOptions.None;

    /// <summary>Dynamic DNS: the hosts whose DNS name follows their address, and where updates go.</summary>
    public Hbd.Server.Dns.DnsOptions Dns { get; init; } = Hbd.Server.Dns.DnsOptions.None;

    /// <summary>Bearer token for writes (<c>api_token</c>); without it writes come from loopback only.</summary>
    public string? ApiToken { get; init; }

    /// <summary>Bearer token for reads (<c>read_token</c>); without it reads are open.</summary>
    public string? ReadToken { get; init; }

    /// <summary>What /metrics carries per host (<c>metrics_export</c>).</summary>
    public Metrics.MetricsExport MetricsExport { get; init; } = Metrics.MetricsExport.Summary;

    /// <summary><see cref="StoreSqlite"/> or <see cref="StorePostgres"/>.</summary>
    public string Store { get; init; } = StoreSqlite;

    /// <summary>Connection string for <see cref="StorePostgres"/>.</summary>
    public string? PostgresUrl { get; init; }

    /// <summary>Certificate and key for HTTPS (<c>tls_cert</c>, <c>tls_key</c>); null serves plain HTTP.</summary>
    public TlsCertificate? Tls { get; init; }

    /// <summary>The first class matching <paramref name="hostName"/>, or null.</summary>
    public HostClass? ClassFor(string hostName) => HostNamePattern.FirstMatch(Classes, hostName);

    /// <summary>Reads and validates the server keys of <paramref name="doc"/>; mistakes are <see cref="ConfigException"/>.</summary>
    public static ServerOptions Parse(ConfigDocument doc) => ServerOptionsParser.Parse(doc);

    /// <summary><c>/var/lib/hbd</c> for root, else <c>~/.local/share/hbd</c> under $HOME (read now).</summary>
    public static string DefaultDataDir() =>
        Environment.IsPrivilegedProcess ? SystemDataDir : Path.GetFullPath(ConfigFileLocator.ExpandHome(UserDataDir));
}
