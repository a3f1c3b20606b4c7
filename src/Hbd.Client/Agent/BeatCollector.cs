using Hbd.Client.Plugins;
using Hbd.Common;
using Hbd.Common.Protocol;

namespace Hbd.Client.Agent;

/// <summary>Runs every plugin for one beat; a plugin that throws reports UNKNOWN for its part and the rest go on.</summary>
internal sealed class BeatCollector(IReadOnlyList<IMonitorPlugin> plugins, AgentLog log)
{
    public IReadOnlyList<IMonitorPlugin> Plugins => plugins;

    public BeatContent Collect()
    {
        var beat = new BeatContent();
        foreach (var plugin in plugins)
        {
            try
            {
                plugin.Collect(beat);
            }
            catch (Exception e)
            {
                log.Detail($"plugin {plugin.Name} failed: {e.Message}");
                beat.Checks.Add(new CheckResult($"plugin:{plugin.Name}", AlertLevel.Unknown, $"{plugin.Name} failed: {e.Message}"));
            }
        }
        return beat;
    }
}
