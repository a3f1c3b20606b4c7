using System.Net;
using Hbd.Common.Config;
using Hbd.Common.Protocol;

namespace Hbd.Server.Dns;

/// <summary>
/// Reads the dynamic DNS keys (docs/configuration.md, dynamic DNS). Everything is checked at start, each error at its line:
/// a name BIND would refuse, a host without a server, zone or key to update with, or a dns_* key that would do nothing
/// without <c>dyndnshosts</c>. A DNS name that silently never follows its host is worse than a refusal to start.
/// </summary>
internal static class DnsOptionsParser
{
    /// <summary>The keys that only mean something with <c>dyndnshosts</c>.</summary>
    public static readonly IReadOnlyList<string> DependentKeys =
        ["dns_server", "dns_zone", "dns_ttl", "tsig_key_name", "tsig_secret", "tsig_algorithm", "dns_max_inflight"];

    private const string Hosts = "dyndnshosts";

    public static DnsOptions Parse(ConfigNode root)
    {
        if (root.Get(Hosts) is not { } hostsNode)
        {
            foreach (var key in DependentKeys)
            {
                if (root.Has(key))
                    throw root.ErrorAt(key, "has no effect without dyndnshosts");
            }
            return DnsOptions.None;
        }

        var zone = Required(root, "dns_zone");
        var zoneName = DnsNames.Normalize(zone.AsString()) ?? throw zone.Error($"not a valid DNS zone name: {zone.Describe()}");
        var (server, port) = Server(Required(root, "dns_server"));
        var keyNode = Required(root, "tsig_key_name");
        var keyName = DnsNames.Normalize(keyNode.AsString()) ?? throw keyNode.Error($"not a valid TSIG key name: {keyNode.Describe()}");
        return new DnsOptions
        {
            Hosts = ParseHosts(hostsNode, zoneName),
            Server = server,
            Port = port,
            Zone = zoneName,
            Ttl = root.GetInt("dns_ttl", 1, DnsOptions.MaxTtl) ?? DnsOptions.DefaultTtl,
            KeyName = keyName,
            Secret = Secret(Required(root, "tsig_secret")),
            Algorithm = root.Get("tsig_algorithm") is { } algorithm ? Algorithm(algorithm) : TsigAlgorithm.HmacSha256,
            MaxInflight = root.GetInt("dns_max_inflight", 1, DnsOptions.MaxMaxInflight) ?? DnsOptions.DefaultMaxInflight,
        };

        ConfigNode Required(ConfigNode node, string key) =>
            node.Get(key) ?? throw node.ErrorAt(Hosts, $"dynamic DNS needs {key} too");
    }

    private static Dictionary<string, string> ParseHosts(ConfigNode node, string zone)
    {
        var hosts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (node.Kind == ConfigNodeKind.Mapping)
        {
            foreach (var (host, _, value) in node.Entries)
            {
                var fqdn = DnsNames.Normalize(value.Kind == ConfigNodeKind.Scalar ? value.AsString() : "")
                    ?? throw node.ErrorAt(host, $"not a valid DNS name: {value.Describe()}");
                if (!DnsNames.IsInZone(fqdn, zone) || fqdn == zone)
                    throw node.ErrorAt(host, $"'{fqdn}' is not a name inside dns_zone '{zone}'");
                Add(hosts, host, fqdn, () => node.ErrorAt(host, ""));
            }
        }
        else
        {
            var names = node.AsStringList();
            for (var i = 0; i < names.Count; i++)
            {
                var where = node.Kind == ConfigNodeKind.Sequence ? node.Items[i] : node;
                var host = names[i].Trim();
                var fqdn = DnsNames.Normalize(host + "." + zone)
                    ?? throw where.Error($"'{host}' does not make a valid DNS name under '{zone}'");
                Add(hosts, host, fqdn, () => where.Error(""));
            }
        }
        if (hosts.Count == 0)
            throw node.Error("lists no host (remove the key to go without dynamic DNS)");
        return hosts;
    }

    private static void Add(Dictionary<string, string> hosts, string host, string fqdn, Func<ConfigException> at)
    {
        if (!HostNames.IsValid(host))
            throw Detail(at(), $"not a valid host name: '{host}' (letters, digits, '-', '_' and '.')");
        if (!hosts.TryAdd(host, fqdn))
            throw Detail(at(), $"host '{host}' listed twice (host names ignore case)");
        if (hosts.Count(h => h.Value == fqdn) > 1)
            throw Detail(at(), $"'{fqdn}' is the DNS name of two hosts");
    }

    private static ConfigException Detail(ConfigException at, string detail) => new(at.FilePath, at.Line, at.Key, detail);

    private static (string Host, int Port) Server(ConfigNode node)
    {
        var text = node.AsString().Trim();
        var host = text;
        var port = DnsOptions.DefaultPort;
        var colon = text.LastIndexOf(':');
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
                throw node.Error($"expected host or host:port, found {node.Describe()}");
            host = text[1..close];
            if (close + 1 < text.Length)
                port = text[close + 1] == ':' ? Port(text[(close + 2)..]) : throw node.Error($"expected [address]:port, found {node.Describe()}");
        }
        else if (colon > 0 && text.IndexOf(':') == colon)
        {
            host = text[..colon];
            port = Port(text[(colon + 1)..]);
        }
        if (!IPAddress.TryParse(host, out _) && DnsNames.Normalize(host) is null)
            throw node.Error($"not a host name or address: {node.Describe()}");
        return (host, port);

        int Port(string value) => int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p)
            && p is >= 1 and <= 65535 ? p : throw node.Error($"the port must be 1..65535, found '{value}'");
    }

    private static byte[] Secret(ConfigNode node)
    {
        var text = node.AsString().Trim();
        try
        {
            var secret = Convert.FromBase64String(text);
            return secret.Length > 0 ? secret : throw node.Error("the TSIG secret is empty");
        }
        catch (FormatException)
        {
            throw node.Error("not base64 (the secret line of tsig-keygen's output)");
        }
    }

    private static TsigAlgorithm Algorithm(ConfigNode node) => node.AsString().Trim().TrimEnd('.').ToLowerInvariant() switch
    {
        "hmac-sha256" => TsigAlgorithm.HmacSha256,
        "hmac-sha512" => TsigAlgorithm.HmacSha512,
        "hmac-sha1" => TsigAlgorithm.HmacSha1,
        _ => throw node.Error($"expected hmac-sha256, hmac-sha512 or hmac-sha1, found {node.Describe()}"),
    };
}
