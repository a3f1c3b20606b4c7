using Hbd.Common.Config;
using Hbd.Common.Protocol;

namespace Hbd.Client.Config;

/// <summary>Turns the client keys of a configuration document into <see cref="ClientOptions"/>, checking each.</summary>
internal static class ClientOptionsParser
{
    public static ClientOptions Parse(ConfigDocument doc)
    {
        var root = doc.Root;
        var key = SharedKey.FromConfig(root);
        var encrypt = root.GetBool("encrypt") ?? false;
        if (encrypt && key is null)
            throw root.ErrorAt("encrypt", "encryption needs a shared secret: set 'key' or 'key_file'");

        return new ClientOptions
        {
            ConfigPath = doc.Path,
            HbPort = root.GetInt("hb_port", 1, 65535) ?? ClientOptions.DefaultHbPort,
            Interval = root.GetDuration("interval", ClientOptions.MinInterval, ClientOptions.MaxInterval) ?? ClientOptions.DefaultInterval,
            Name = ParseName(root),
            Servers = ParseServers(root),
            Key = key,
            Encrypt = encrypt,
            Plugins = root.GetMap("plugins"),
            Thresholds = root.GetMap("thresholds"),
        };
    }

    private static string? ParseName(ConfigNode root)
    {
        var node = root.Get("name");
        if (node is null)
            return null;
        var name = node.AsString().Trim();
        if (!HostNames.IsValid(name))
            throw node.Error($"not a valid host name: {Quote(name)} (letters, digits, '-', '_' and '.', at most {HostNames.MaxLength})");
        return name;
    }

    private static IReadOnlyList<string> ParseServers(ConfigNode root)
    {
        var node = root.Get("servers");
        if (node is null)
            return [];
        var servers = node.AsStringList().Select(s => s.Trim()).ToList();
        for (var i = 0; i < servers.Count; i++)
        {
            if (servers[i].Length == 0 || servers[i].Any(char.IsWhiteSpace))
            {
                var where = node.Kind == ConfigNodeKind.Sequence ? node.Items[i] : node;
                throw where.Error($"not a server address: {Quote(servers[i])} (use host, host:port or [IPv6]:port)");
            }
        }
        return servers;
    }

    private static string Quote(string text) => "'" + (text.Length > 40 ? text[..40] + "…" : text) + "'";
}
