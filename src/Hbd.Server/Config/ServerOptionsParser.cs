using System.Net;
using Hbd.Common.Config;
using Hbd.Common.Protocol;

namespace Hbd.Server.Config;

/// <summary>Turns the server keys of a configuration document into <see cref="ServerOptions"/>, checking each.</summary>
internal static class ServerOptionsParser
{
    private static readonly TimeSpan MaxClockSkewLimit = TimeSpan.FromDays(1);

    public static ServerOptions Parse(ConfigDocument doc)
    {
        var root = doc.Root;
        var hbdPort = Port(root, "hbd_port", ServerOptions.DefaultHbdPort);
        var wsPort = Port(root, "ws_port", ServerOptions.DefaultWsPort);
        if (hbdPort == wsPort)
            throw root.ErrorAt(root.Has("ws_port") ? "ws_port" : "hbd_port", $"hbd_port and ws_port are both {wsPort}; they must differ");

        var key = SharedKey.FromConfig(root);
        var keys = ParseKeys(root);
        var signed = key is not null || keys.Count > 0;
        var requireSigned = root.GetBool("require_signed") ?? signed;
        if (requireSigned && !signed)
            throw root.ErrorAt("require_signed", "require_signed needs a shared secret: set 'key', 'key_file' or 'keys'");

        var late = root.GetDuration("late_after", ServerOptions.MinTimeout);
        var down = root.GetDuration("down_after", ServerOptions.MinTimeout);
        if (late is not null && down is not null && down <= late)
            throw root.ErrorAt("down_after", $"must be longer than late_after ({DurationParser.Format(late.Value)})");

        var dataDir = root.GetPath("data_dir") ?? ServerOptions.DefaultDataDir();
        var (store, postgresUrl) = ParseStore(root);

        var options = new ServerOptions
        {
            ConfigPath = doc.Path,
            Raw = root,
            Listen = ParseListen(root),
            HbPort = Port(root, "hb_port", ServerOptions.DefaultHbPort),
            HbdPort = hbdPort,
            WsPort = wsPort,
            DataDir = dataDir,
            Key = key,
            Keys = keys,
            RequireSigned = requireSigned,
            MaxClockSkew = root.GetDuration("max_clock_skew", ServerOptions.MinTimeout, MaxClockSkewLimit) ?? ServerOptions.DefaultMaxClockSkew,
            LateAfter = late,
            DownAfter = down,
            Classes = HostClass.ParseAll(root.Get("classes")),
            WatchHosts = ParseWatchHosts(root),
            MaxHosts = root.GetInt("max_hosts", 1) ?? ServerOptions.DefaultMaxHosts,
            MaxNewHostsPerMinute = root.GetInt("max_new_hosts_per_minute", 0) ?? ServerOptions.DefaultMaxNewHostsPerMinute,
            MaxMessagesPerMinute = root.GetInt("max_messages_per_minute", 0) ?? ServerOptions.DefaultMaxMessagesPerMinute,
            JournalMaxDays = root.GetInt("journal_max_days", 1, 36_500) ?? ServerOptions.DefaultJournalMaxDays,
            JournalMaxEntries = root.GetInt("journal_max_entries", 1) ?? ServerOptions.DefaultJournalMaxEntries,
            HistoryDays = root.GetInt("history_days", 0, 36_500) ?? ServerOptions.DefaultHistoryDays,
            Notify = Hbd.Server.Notify.NotifyOptionsParser.Parse(root),
            Dns = Hbd.Server.Dns.DnsOptionsParser.Parse(root),
            ApiToken = Token(root, "api_token"),
            ReadToken = Token(root, "read_token"),
            MetricsExport = Metrics.MetricsExports.Parse(root),
            Store = store,
            PostgresUrl = postgresUrl,
            Tls = TlsCertificateParser.Parse(root),
        };
        // Unset, the log and pid files follow DataDir (also through `with`).
        if (root.GetPath("logfile") is { } logFile)
            options = options with { LogFile = logFile };
        if (root.GetPath("pidfile") is { } pidFile)
            options = options with { PidFile = pidFile };
        return options;
    }

    private static int Port(ConfigNode root, string key, int fallback) => root.GetInt(key, 1, 65535) ?? fallback;

    private static IPAddress ParseListen(ConfigNode root)
    {
        var node = root.Get("listen");
        if (node is null)
            return IPAddress.Any;
        var text = node.AsString().Trim();
        if (text.Length > 2 && text[0] == '[' && text[^1] == ']')
            text = text[1..^1];
        return IPAddress.TryParse(text, out var address)
            ? address
            : throw node.Error($"expected an IP address such as 0.0.0.0, 127.0.0.1 or ::, found {node.Describe()}");
    }

    private static Dictionary<string, byte[]> ParseKeys(ConfigNode root)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        var map = root.GetMap("keys");
        if (map is null)
            return keys;
        foreach (var (host, line, value) in map.Entries)
        {
            if (!HostNames.IsValid(host))
                throw map.ErrorAt(host, "not a valid host name (letters, digits, '-', '_' and '.')");
            if (keys.ContainsKey(host))
                throw map.ErrorAt(host, "host listed twice (host names ignore case)");
            keys[host] = value.Kind switch
            {
                ConfigNodeKind.Scalar => SharedKey.FromText(value.AsString(), value),
                // {host: {key_file: /path}} keeps per-host secrets out of the config file.
                ConfigNodeKind.Mapping => SharedKey.FromConfig(value) ?? throw value.Error("set 'key' or 'key_file'"),
                _ => throw new ConfigException(map.FilePath, line, map.PathOf(host), $"expected the host's secret, found {value.Describe()}"),
            };
        }
        return keys;
    }

    private static List<string> ParseWatchHosts(ConfigNode root)
    {
        var node = root.Get("watchhosts");
        if (node is null)
            return [];
        var hosts = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = node.AsStringList();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (!HostNames.IsValid(name))
            {
                var where = node.Kind == ConfigNodeKind.Sequence ? node.Items[i] : node;
                throw where.Error($"not a valid host name: '{name}' (letters, digits, '-', '_' and '.')");
            }
            if (seen.Add(name))
                hosts.Add(name);
        }
        return hosts;
    }

    private static string? Token(ConfigNode root, string key)
    {
        var node = root.Get(key);
        if (node is null)
            return null;
        var token = node.AsString().Trim();
        return token.Length > 0 ? token : throw node.Error("the token is empty (remove the key to go without one)");
    }

    private static (string Store, string? PostgresUrl) ParseStore(ConfigNode root)
    {
        var node = root.Get("store");
        var store = node?.AsString().Trim().ToLowerInvariant() ?? ServerOptions.StoreSqlite;
        if (store is not (ServerOptions.StoreSqlite or ServerOptions.StorePostgres))
            throw node!.Error($"expected '{ServerOptions.StoreSqlite}' or '{ServerOptions.StorePostgres}', found {node.Describe()}");
        var urlNode = root.Get("postgres_url");
        var url = urlNode?.AsString().Trim();
        if (url is { Length: 0 })
            throw urlNode!.Error("the connection string is empty");
        if (store == ServerOptions.StorePostgres && url is null)
            throw root.ErrorAt("store", "store: postgres needs 'postgres_url'");
        return (store, url);
    }
}
