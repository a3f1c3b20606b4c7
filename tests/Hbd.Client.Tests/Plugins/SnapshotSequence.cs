using System.Globalization;
using Hbd.Client.Linux;
using Hbd.Client.Plugins;
using Hbd.Common.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Client.Tests.Plugins;

/// <summary>
/// Rate cases as in Telegraf's testcases: fixtures/&lt;kind&gt;/&lt;case&gt;/proc0, proc1 … replace one proc/ directory
/// in turn, as the kernel rewrites /proc between two reads, and the fake clock stands at the case's <c>seconds</c>
/// for each sample. expected.out holds the output, computed by fixtures/rates_expected.py.
/// </summary>
internal static class SnapshotSequence
{
    public static List<BeatContent> Run(string kind, string name, Func<PluginContext, string, IMonitorPlugin> create)
    {
        var snapshots = Fixtures.Root(Path.Combine(kind, name));
        var times = File.ReadAllText(Path.Combine(snapshots, "seconds"))
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(text => double.Parse(text, CultureInfo.InvariantCulture))
            .ToList();
        var root = Directory.CreateTempSubdirectory("hbd-rates-");
        try
        {
            var clock = new FakeTimeProvider(Fixtures.Now);
            var plugin = create(new PluginContext(HostPaths.UnderRoot(root.FullName), clock), snapshots);
            var proc = Path.Combine(root.FullName, "proc");
            var beats = new List<BeatContent>();
            for (var i = 0; Directory.Exists(Path.Combine(snapshots, $"proc{i}")); i++)
            {
                if (Directory.Exists(proc))
                    Directory.Delete(proc, recursive: true);
                CopyTree(Path.Combine(snapshots, $"proc{i}"), proc);
                clock.SetUtcNow(Fixtures.Now + TimeSpan.FromSeconds(times[i]));
                var beat = new BeatContent();
                plugin.Collect(beat);
                beats.Add(beat);
            }
            Assert.Equal(times.Count, beats.Count);
            return beats;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    public static List<string> Expected(string kind, string name) =>
        File.ReadLines(Path.Combine(Fixtures.Root(Path.Combine(kind, name)), "expected.out"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();

    /// <summary>Every group of every beat as an expected.out line.</summary>
    public static List<string> Render(List<BeatContent> beats) =>
        beats.SelectMany((beat, sample) => beat.Metrics.Select(group => Render(sample, group))).ToList();

    // "0.###" shows a missing rounding as extra digits.
    private static string Render(int sample, MetricGroup group) =>
        $"{sample} {group.Name} "
        + string.Join(' ', group.Values.Select(metric => $"{metric.Name}={metric.Value.ToString("0.###", CultureInfo.InvariantCulture)}"));

    public static Dictionary<string, double> Values(BeatContent beat, string group) =>
        beat.Metrics.Single(g => g.Name == group).Values.ToDictionary(metric => metric.Name, metric => metric.Value);

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.GetDirectories(from))
            CopyTree(directory, Path.Combine(to, Path.GetFileName(directory)));
    }
}
