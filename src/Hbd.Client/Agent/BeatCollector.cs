using Hbd.Client.Plugins;
using Hbd.Client.Thresholds;
using Hbd.Common;
using Hbd.Common.Protocol;

namespace Hbd.Client.Agent;

/// <summary>
/// Runs every plugin for one beat, each on its own worker with a shared time budget. A plugin that
/// throws or overruns reports UNKNOWN for its part and the beat leaves on time; an overrunning one
/// (a hung NFS mount) is not started again until it has returned. Then thresholds rate the metrics.
/// </summary>
internal sealed class BeatCollector(IReadOnlyList<IMonitorPlugin> plugins, ThresholdSet thresholds, TimeSpan budget, AgentLog log)
{
    private readonly Task?[] _busy = new Task?[plugins.Count];
    private readonly bool[] _givesInventory = new bool[plugins.Count];

    public BeatCollector(IReadOnlyList<IMonitorPlugin> plugins, AgentLog log)
        : this(plugins, ThresholdSet.Defaults, TimeSpan.FromSeconds(5), log)
    {
    }

    public IReadOnlyList<IMonitorPlugin> Plugins => plugins;

    /// <summary>How long one beat waits for its plugins: half the interval, within 0.5 to 5 seconds.</summary>
    public static TimeSpan BudgetFor(TimeSpan interval) =>
        TimeSpan.FromTicks(Math.Clamp(interval.Ticks / 2, TimeSpan.FromMilliseconds(500).Ticks, TimeSpan.FromSeconds(5).Ticks));

    /// <summary>Runs every plugin, or with <paramref name="only"/> those it selects (the others are not mentioned).</summary>
    public BeatContent Collect(Predicate<IMonitorPlugin>? only = null)
    {
        var parts = new BeatContent?[plugins.Count];
        var tasks = new Task?[plugins.Count];
        for (var i = 0; i < plugins.Count; i++)
        {
            if (_busy[i] is { IsCompleted: false } || (only is not null && !only(plugins[i])))
                continue;
            var part = parts[i] = new BeatContent();
            var plugin = plugins[i];
            tasks[i] = _busy[i] = Task.Run(() => plugin.Collect(part));
        }

        var deadline = Environment.TickCount64 + (long)budget.TotalMilliseconds;
        var beat = new BeatContent();
        for (var i = 0; i < plugins.Count; i++)
        {
            if (only is not null && !only(plugins[i]))
                continue;
            var name = plugins[i].Name;
            if (tasks[i] is not { } task)
            {
                Unknown(beat, i, $"{name} is still busy from an earlier beat");
                log.Problems.Failing($"plugin {name}", "failed", "still busy from an earlier beat");
                continue;
            }
            var finished = WaitUntil(task, deadline);
            if (!finished)
            {
                Unknown(beat, i, $"{name} gave no answer within {budget.TotalSeconds:0.#}s");
                log.Problems.Failing($"plugin {name}", "failed", $"no answer within {budget.TotalSeconds:0.#}s");
                continue;
            }
            Merge(beat, parts[i]!); // a plugin that failed half-way keeps what it had
            if (task.Exception?.GetBaseException() is { } error)
            {
                log.Problems.Failing($"plugin {name}", "failed", error.Message);
                Unknown(beat, i, $"{name} failed: {error.Message}");
            }
            else
            {
                log.Problems.Ended($"plugin {name}", "failed", "works again");
                _givesInventory[i] |= parts[i]!.Inventory.Count > 0;
            }
        }
        thresholds.Apply(beat);
        return beat;
    }

    private static bool WaitUntil(Task task, long deadline)
    {
        var left = deadline - Environment.TickCount64;
        try
        {
            return task.Wait(TimeSpan.FromMilliseconds(Math.Max(0, left)));
        }
        catch (AggregateException)
        {
            return true; // faulted: reported from task.Exception
        }
    }

    private static void Merge(BeatContent beat, BeatContent part)
    {
        beat.Metrics.AddRange(part.Metrics);
        beat.Checks.AddRange(part.Checks);
        foreach (var (key, value) in part.Inventory)
            beat.Inventory[key] = value;
    }

    private void Unknown(BeatContent beat, int plugin, string message)
    {
        beat.Checks.Add(new CheckResult($"plugin:{plugins[plugin].Name}", AlertLevel.Unknown, message));
        beat.InventoryIncomplete |= _givesInventory[plugin];
    }
}
