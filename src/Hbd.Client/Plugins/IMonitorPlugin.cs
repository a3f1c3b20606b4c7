namespace Hbd.Client.Plugins;

/// <summary>A collector of one part of the host's state. One instance lives for the agent's lifetime.</summary>
internal interface IMonitorPlugin
{
    /// <summary>The name the plugin is registered and configured under (`plugins: {cpu: ...}`).</summary>
    string Name { get; }

    /// <summary>
    /// Samples the host and adds metrics, checks or inventory to <paramref name="beat"/>.
    /// Rate plugins keep their previous sample and report rates from the second call on.
    /// May throw: the agent turns a failure into an UNKNOWN check named after the plugin.
    /// </summary>
    void Collect(BeatContent beat);
}

/// <summary>
/// A plugin that reports rates between its previous sample and this one (cpu, disk, network): a Collect whose result
/// is thrown away starts a new measuring window.
/// </summary>
internal interface IRatePlugin : IMonitorPlugin;

/// <summary>A plugin whose results arrive after its first Collect (checks on their own schedule).</summary>
internal interface ISettlingPlugin
{
    /// <summary>Blocks until the first results are in, within the plugin's own time limits.</summary>
    void Settle();
}
