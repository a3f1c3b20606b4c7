using Hbd.Common.Config;

namespace Hbd.Client.Plugins;

/// <summary>Builds the enabled plugins from the `plugins:` section; a bad setting becomes a file:line error.</summary>
internal static class PluginConfig
{
    public static IReadOnlyList<IMonitorPlugin> Create(ConfigNode? section, PluginContext context, ICollection<string> warnings)
    {
        var settings = new Dictionary<string, PluginSettings>(StringComparer.Ordinal);
        var nodes = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        foreach (var entry in section?.AsMap().Entries ?? [])
        {
            var registration = PluginCatalog.Find(entry.Key);
            if (registration is null)
            {
                warnings.Add($"{section!.FilePath}:{entry.Line}: unknown plugin '{entry.Key}' (ignored)");
                continue;
            }
            if (entry.Value.IsNull)
                continue;
            var map = entry.Value.AsMap();
            foreach (var setting in map.Entries)
                if (setting.Key != "enabled" && !registration.SettingKeys.Contains(setting.Key))
                    warnings.Add($"{section!.FilePath}:{setting.Line}: unknown setting '{map.PathOf(setting.Key)}' (ignored)");
            settings[entry.Key] = new PluginSettings(map.Entries.Select(e => KeyValuePair.Create(e.Key, ToValue(e.Value))));
            nodes[entry.Key] = entry.Value;
        }
        // One plugin at a time, so a bad setting is reported at that plugin's own line.
        var plugins = new List<IMonitorPlugin>();
        foreach (var registration in PluginCatalog.All)
        {
            var own = settings.GetValueOrDefault(registration.Name) ?? PluginSettings.Empty;
            try
            {
                if (registration.IsEnabled(own))
                    plugins.Add(registration.Create(context, own));
            }
            catch (FormatException e)
            {
                var node = nodes.GetValueOrDefault(registration.Name);
                throw node?.Error($"plugin '{registration.Name}': {e.Message}") ?? new ConfigException(e.Message);
            }
        }
        return plugins;
    }

    private static object? ToValue(ConfigNode node) => node.Kind switch
    {
        ConfigNodeKind.Scalar => node.Text,
        ConfigNodeKind.Sequence => node.Items.Select(ToValue).ToList(),
        ConfigNodeKind.Mapping => node.Entries.ToDictionary(e => e.Key, e => ToValue(e.Value), StringComparer.Ordinal),
        _ => null,
    };
}
