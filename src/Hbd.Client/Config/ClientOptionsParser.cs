using Hbd.Common.Config;

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

        var port = ParsePort(root);
        return new ClientOptions
        {
            ConfigPath = doc.Path,
            HbPort = port,
            Interval = ParseInterval(root),
            Name = ParseName(root),
            Servers = ParseServers(root, port),
            Key = key,
            Encrypt = encrypt,
            Plugins = root.GetMap("plugins"),
            Thresholds = root.GetMap("thresholds"),
        };
    }

    // hb_port, interval, name and servers go through ClientSettingRules, as the command line's options do.
    private static int ParsePort(ConfigNode root)
    {
        if (root.Get("hb_port") is not { } node)
            return ClientOptions.DefaultHbPort;
        var error = ClientSettingRules.CheckPort(Scalar(node, "a port number"), out var port);
        return error is null ? port : throw node.Error(error);
    }

    private static TimeSpan ParseInterval(ConfigNode root)
    {
        if (root.Get("interval") is not { } node)
            return ClientOptions.DefaultInterval;
        var error = ClientSettingRules.CheckInterval(Scalar(node, "a duration"), out var interval);
        return error is null ? interval : throw node.Error(error);
    }

    private static string? ParseName(ConfigNode root)
    {
        if (root.Get("name") is not { } node)
            return null;
        var name = Scalar(node, "a host name");
        var error = ClientSettingRules.CheckName(name);
        return error is null ? name.Trim() : throw node.Error(error);
    }

    private static IReadOnlyList<string> ParseServers(ConfigNode root, int port)
    {
        var node = root.Get("servers");
        if (node is null)
            return [];
        var servers = node.AsStringList().Select(s => s.Trim()).ToList();
        for (var i = 0; i < servers.Count; i++)
        {
            if (ClientSettingRules.CheckServer(servers[i], port, out _) is { } error)
                throw (node.Kind == ConfigNodeKind.Sequence ? node.Items[i] : node).Error(error);
        }
        return servers;
    }

    private static string Scalar(ConfigNode node, string expected) =>
        node.Kind == ConfigNodeKind.Scalar ? node.Text! : throw node.Error($"expected {expected}, found {node.Describe()}");
}
