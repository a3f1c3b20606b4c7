using BenchmarkDotNet.Attributes;
using Hbd.Client.Agent;
using Hbd.Client.Plugins;

namespace Hbd.Benchmarks;

/// <summary>
/// What one beat costs the agent on this machine's real /proc and /sys: the whole collection as the agent runs it
/// (every default plugin on the thread pool, thresholds applied), and each plugin alone (<c>Plugin</c>). The
/// allocation column is the garbage the agent clears after every beat.
/// </summary>
[MemoryDiagnoser]
public class BeatCollectionBenchmarks : IDisposable
{
    private IReadOnlyList<IMonitorPlugin> _plugins = [];
    private IMonitorPlugin? _plugin;
    private BeatCollector _collector = null!;

    /// <summary>"beat": the whole collection; otherwise the one plugin of that name.</summary>
    [Params("beat", "cpu", "memory", "disk", "network", "os_info", "filesystem_info")]
    public string Plugin { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _plugins = PluginConfig.Create(null, PluginContext.Default, new List<string>());
        _plugin = _plugins.SingleOrDefault(p => p.Name == Plugin);
        _collector = new BeatCollector(_plugins, AgentLog.Quiet);
        _collector.Collect(); // rate plugins report from their second sample on
    }

    [Benchmark]
    public int Collect()
    {
        if (_plugin is null)
            return _collector.Collect().Metrics.Count;
        var part = new BeatContent();
        _plugin.Collect(part);
        return part.Metrics.Count + part.Inventory.Count;
    }

    public void Dispose()
    {
        foreach (var plugin in _plugins)
            (plugin as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
    }
}
