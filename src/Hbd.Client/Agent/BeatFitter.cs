using System.Globalization;
using System.Text;
using Hbd.Common;
using Hbd.Common.Protocol;

namespace Hbd.Client.Agent;

/// <summary>
/// Keeps a beat within the protocol's datagram size (<see cref="WireFormat.MaxDatagramSize"/>): a server drops a larger
/// one whole. Leaves out the perfdata groups of checks, largest first, then the inventory, then the other metric groups,
/// until the beat fits, and says what it left out in an UNKNOWN check <see cref="CheckName"/>. The check results
/// themselves always stay. Only called for a beat that was measured over the limit.
/// </summary>
internal static class BeatFitter
{
    public const string CheckName = "beat_size";

    private const string CheckGroupPrefix = "check:";

    /// <summary>The fitted beat, or null when even the checks alone do not fit; <paramref name="note"/> says what went.</summary>
    public static Heartbeat? Fit(Heartbeat beat, int size, Func<Heartbeat, int> measure, out string note, out bool inventoryLeftOut)
    {
        var limit = WireFormat.MaxDatagramSize;
        var metrics = new List<MetricGroup>(beat.Metrics);
        var checkGroups = LargestFirst(metrics, checks: true);
        var otherGroups = LargestFirst(metrics, checks: false);
        var leftOutChecks = new List<string>();
        var leftOutGroups = new List<string>();
        var inventory = beat.Inventory;
        inventoryLeftOut = false;

        Heartbeat candidate;
        int candidateSize;
        while (true)
        {
            note = Note(size, limit, leftOutChecks, inventoryLeftOut, leftOutGroups);
            var checks = new List<CheckResult>(beat.Checks.Count + 1);
            checks.AddRange(beat.Checks);
            checks.Add(new CheckResult(CheckName, AlertLevel.Unknown, note));
            candidate = beat with
            {
                Level = AlertLevels.Worst(beat.Level, AlertLevel.Unknown),
                Metrics = metrics,
                Checks = checks,
                Inventory = inventory,
            };
            candidateSize = measure(candidate);
            if (candidateSize <= limit)
                return candidate;

            if (checkGroups.Count > 0)
            {
                var group = checkGroups[0];
                checkGroups.RemoveAt(0);
                RemoveGroup(metrics, group);
                leftOutChecks.Add(group.Name[CheckGroupPrefix.Length..]);
            }
            else if (inventory is not null)
            {
                inventory = null;
                inventoryLeftOut = true;
            }
            else if (otherGroups.Count > 0)
            {
                var group = otherGroups[0];
                otherGroups.RemoveAt(0);
                RemoveGroup(metrics, group);
                leftOutGroups.Add(group.Name);
            }
            else
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The check groups (or the others) largest first, in their order within the beat when as large. An insertion sort
    /// by hand, where LINQ's Where and OrderByDescending would add their generic code over MetricGroup to the agent.
    /// </summary>
    private static List<MetricGroup> LargestFirst(List<MetricGroup> metrics, bool checks)
    {
        var groups = new List<MetricGroup>();
        var sizes = new List<int>();
        foreach (var group in metrics)
        {
            if (group.Name.StartsWith(CheckGroupPrefix, StringComparison.Ordinal) != checks)
                continue;
            var size = EstimatedSize(group);
            var at = sizes.Count;
            while (at > 0 && sizes[at - 1] < size)
                at--;
            groups.Insert(at, group);
            sizes.Insert(at, size);
        }
        return groups;
    }

    private static void RemoveGroup(List<MetricGroup> metrics, MetricGroup group)
    {
        for (var i = 0; i < metrics.Count; i++)
        {
            if (ReferenceEquals(metrics[i], group))
            {
                metrics.RemoveAt(i);
                return;
            }
        }
    }

    /// <summary>The order to leave groups out in; the exact encoded size is not needed for that.</summary>
    private static int EstimatedSize(MetricGroup group)
    {
        var size = Encoding.UTF8.GetByteCount(group.Name);
        foreach (var metric in group.Values)
            size += Encoding.UTF8.GetByteCount(metric.Name) + 11;
        return size;
    }

    private static string Note(int size, int limit, List<string> checks, bool inventory, List<string> groups)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"beat too large ({size:N0} bytes over {limit:N0})"));
        var parts = new List<string>(3);
        if (checks.Count > 0)
            parts.Add($"perfdata of {(checks.Count == 1 ? "check" : "checks")} {string.Join(", ", checks)}");
        if (inventory)
            parts.Add("inventory (sent with a later beat)");
        if (groups.Count > 0)
            parts.Add($"metrics {string.Join(", ", groups)}");
        if (parts.Count > 0)
            text.Append(": ").Append(string.Join("; ", parts)).Append(" left out");
        return text.ToString();
    }
}
