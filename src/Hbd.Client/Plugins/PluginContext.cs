using Hbd.Client.Agent;
using Hbd.Client.Linux;

namespace Hbd.Client.Plugins;

/// <summary>What every plugin is given: where the host's files are and the clock.</summary>
internal sealed record PluginContext(HostPaths Paths, TimeProvider Time)
{
    /// <summary>The real host: /proc, /sys, / and the system clock.</summary>
    public static PluginContext Default { get; } = new(HostPaths.Default, TimeProvider.System);

    /// <summary>Where plugins report lasting failures of their own (checks that cannot run); none in tests unless given.</summary>
    public ProblemTracker? Problems { get; init; }
}
