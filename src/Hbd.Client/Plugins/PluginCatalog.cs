using Hbd.Client.Checks;

namespace Hbd.Client.Plugins;

/// <summary>
/// One plugin as the catalog knows it: name, whether it runs without configuration, the settings it reads besides
/// <c>enabled</c> (so configuration can warn about unknown ones) and its factory.
/// </summary>
internal sealed record PluginRegistration(
    string Name,
    bool EnabledByDefault,
    IReadOnlyList<string> SettingKeys,
    Func<PluginContext, PluginSettings, IMonitorPlugin> Create,
    Func<PluginSettings, bool>? EnabledWhen = null)
{
    /// <summary>
    /// The plugin's <c>enabled</c> setting, or its default: <see cref="EnabledWhen"/> for a plugin that runs once it is
    /// configured (nagios, when it has checks), else <see cref="EnabledByDefault"/>.
    /// </summary>
    public bool IsEnabled(PluginSettings settings) => settings.GetBool("enabled", EnabledWhen?.Invoke(settings) ?? EnabledByDefault);
}

/// <summary>Every plugin the agent has, one line each, in the order they run. An explicit table: no reflection (AOT).</summary>
internal static class PluginCatalog
{
    public static IReadOnlyList<PluginRegistration> All { get; } =
    [
        new("cpu", true, ["per_core"], (context, settings) => new CpuPlugin(context, settings.GetBool("per_core", false))),
        new("memory", true, [], (context, _) => new MemoryPlugin(context)),
        new("disk", true, MountFilter.SettingKeys, DiskPlugin.Create),
        new("network", true, NetworkPlugin.SettingKeys, NetworkPlugin.Create),
        new("os_info", true, [], (context, _) => new OsInfoPlugin(context)),
        new("filesystem_info", true, MountFilter.SettingKeys, FilesystemInfoPlugin.Create),
        new("nagios", false, NagiosPlugin.SettingKeys, NagiosPlugin.Create, NagiosOptions.HasChecks),
    ];

    public static PluginRegistration? Find(string name) => All.FirstOrDefault(entry => entry.Name == name);

    /// <summary>
    /// Builds the enabled plugins in catalog order. <paramref name="settings"/> holds the configured plugins by name;
    /// a plugin without an entry gets <see cref="PluginSettings.Empty"/>, so runs when it is enabled by default.
    /// </summary>
    public static IReadOnlyList<IMonitorPlugin> CreateEnabled(PluginContext context, IReadOnlyDictionary<string, PluginSettings> settings)
    {
        var plugins = new List<IMonitorPlugin>();
        foreach (var entry in All)
        {
            var own = settings.GetValueOrDefault(entry.Name) ?? PluginSettings.Empty;
            if (entry.IsEnabled(own))
                plugins.Add(entry.Create(context, own));
        }
        return plugins;
    }
}
