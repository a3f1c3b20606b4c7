using System.Globalization;
using System.Text.Json.Nodes;
using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Hosts;

namespace Hbd.Server.Api;

/// <summary>Builds API views of registry entries. Bodies are copied under the entry's lock and decoded outside it.</summary>
public static class HostViews
{
    public static HostSummaryView Summary(HostEntry entry) => Build(entry, detail: false).Summary;

    public static HostDetailView Detail(HostEntry entry)
    {
        var (summary, beat, inventory, inventoryAt) = Build(entry, detail: true);
        return new HostDetailView
        {
            Host = summary,
            RunId = beat?.RunId ?? 0,
            Sequence = beat?.Sequence ?? 0,
            SentAt = beat?.SentAt,
            Metrics = MetricsJson(beat),
            Checks = beat?.Checks.Select(c => new CheckView(c.Name, AlertLevels.Name(c.Level), c.Message)).ToList() ?? [],
            Inventory = inventory is null ? null : InventoryJson.Object(inventory),
            InventoryAt = inventoryAt,
        };
    }

    private static (HostSummaryView Summary, Heartbeat? Beat, IReadOnlyDictionary<string, object?>? Inventory, DateTimeOffset? InventoryAt)
        Build(HostEntry entry, bool detail)
    {
        byte[] body;
        byte[]? inventoryBytes;
        DateTimeOffset? inventoryAt;
        HostSummaryView view;
        lock (entry.Sync)
        {
            body = entry.BodyMemory.ToArray();
            inventoryBytes = entry.Inventory;
            inventoryAt = entry.InventoryAt;
            view = new HostSummaryView
            {
                Name = entry.Name,
                State = HostStates.Name(entry.State),
                Level = AlertLevels.Name(entry.Level),
                Address = entry.Address,
                FirstSeen = entry.FirstSeen,
                LastSeen = entry.LastSeen,
                StateSince = entry.StateSince,
                Interval = entry.Interval > TimeSpan.Zero ? entry.Interval.TotalSeconds : null,
            };
        }
        var beat = body.Length > 0 ? HeartbeatReader.ReadBody(body) : null;
        var inventory = inventoryBytes is null ? null : HeartbeatReader.ReadInventory(inventoryBytes);
        view = view with { Os = OsName(inventory), Summary = SummaryOf(beat) };
        return (view, detail ? beat : null, inventory, detail ? inventoryAt : null);
    }

    private static SummaryMetrics SummaryOf(Heartbeat? beat)
    {
        if (beat is null)
            return new SummaryMetrics();
        double? Find(string group, string name) =>
            beat.Metrics.FirstOrDefault(g => g.Name == group)?.Values.Where(m => m.Name == name).Select(m => (double?)DisplayNumbers.Shortest(m.Value)).FirstOrDefault();
        var disks = beat.Metrics.Where(g => g.Name.StartsWith("disk:", StringComparison.Ordinal))
            .SelectMany(g => g.Values.Where(m => m.Name == "used_pct").Select(m => DisplayNumbers.Shortest(m.Value))).ToList();
        return new SummaryMetrics
        {
            Cpu = Find("cpu", "usage"),
            Memory = Find("memory", "used_pct"),
            Disk = disks.Count > 0 ? disks.Max() : null,
        };
    }

    internal static string? OsName(IReadOnlyDictionary<string, object?>? inventory) =>
        inventory?.GetValueOrDefault("os") is IReadOnlyDictionary<string, object?> os
            ? Convert.ToString(os.GetValueOrDefault("pretty_name") ?? os.GetValueOrDefault("os_name"), CultureInfo.InvariantCulture)
            : null;

    private static JsonObject MetricsJson(Heartbeat? beat)
    {
        var groups = new JsonObject();
        foreach (var group in beat?.Metrics ?? [])
        {
            var values = new JsonObject();
            foreach (var metric in group.Values)
                values[metric.Name] = new JsonObject { ["value"] = DisplayNumbers.Shortest(metric.Value), ["level"] = AlertLevels.Name(metric.Level) };
            groups[group.Name] = values;
        }
        return groups;
    }
}
