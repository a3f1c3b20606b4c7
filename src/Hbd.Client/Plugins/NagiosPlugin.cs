using Hbd.Client.Agent;
using Hbd.Client.Checks;
using Hbd.Common;
using Hbd.Common.Protocol;

namespace Hbd.Client.Plugins;

/// <summary>
/// Nagios-compatible checks: a check result per configured check and a group "check:NAME" with its
/// performance data, each metric rated by its own warn and crit ranges. The checks run beside the beat on their own
/// schedule (started at the first beat); a beat only reads their latest results, UNKNOWN "pending" until the first.
/// </summary>
internal sealed class NagiosPlugin : IMonitorPlugin, ISettlingPlugin, IDisposable
{
    private readonly CheckScheduler _scheduler;
    private readonly ProblemTracker? _problems;

    public NagiosPlugin(PluginContext context, NagiosOptions options)
    {
        var runner = new CheckRunner(context.Time);
        _scheduler = new CheckScheduler(options.Checks, options.MaxParallel, context.Time, runner.RunAsync);
        _problems = context.Problems;
    }

    public string Name => "nagios";

    public static IReadOnlyList<string> SettingKeys => NagiosOptions.SettingKeys;

    public static NagiosPlugin Create(PluginContext context, PluginSettings settings) => new(context, NagiosOptions.Parse(settings));

    public void Collect(BeatContent beat)
    {
        _scheduler.Start();
        _scheduler.OnBeat();
        foreach (var (check, outcome) in _scheduler.Results)
        {
            if (outcome is null)
            {
                beat.Checks.Add(new CheckResult(check.Name, AlertLevel.Unknown, "pending"));
                continue;
            }
            beat.Checks.Add(new CheckResult(check.Name, outcome.Level, outcome.Message));
            if (outcome.RunFailed)
                _problems?.Failing($"check {check.Name}", "cannot run", outcome.Message);
            else
                _problems?.Ended($"check {check.Name}", "cannot run", "runs again");
            var metrics = new List<Metric>(outcome.PerfData.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in outcome.PerfData)
            {
                // The first of a repeated label wins; an undetermined value ("U") has nothing to send.
                if (item.Value is { } value && seen.Add(item.Label))
                    metrics.Add(new Metric(item.Label, value, item.Level()));
            }
            if (metrics.Count > 0)
                beat.Metrics.Add(new MetricGroup($"check:{check.Name}", metrics));
        }
    }

    public void Settle() => _scheduler.WaitForFirstResults();

    public void Dispose() => _scheduler.Dispose();
}
