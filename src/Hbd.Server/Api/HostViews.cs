using System.Globalization;
using System.Text.Json.Nodes;
using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;

namespace Hbd.Server.Api;

/// <summary>Builds API views of committed host snapshots (immutable: no lock needed).</summary>
public static class HostViews
{
    /// <summary>
    /// The list view; <paramref name="os"/> is the OS name from the host's inventory, decoded by the caller once per
    /// inventory, and <paramref name="hostClass"/> the name of the host's class.
    /// </summary>
    public static HostSummaryView Summary(HostSnapshot snapshot, string? os, string? hostClass = null)
    {
        var row = snapshot.Row;
        return new HostSummaryView
        {
            Name = row.Name,
            State = HostStates.Name(snapshot.State),
            Level = AlertLevels.Name(LevelOf(row.Level)),
            Address = row.Address,
            FirstSeen = row.FirstSeen,
            LastSeen = row.LastSeen,
            StateSince = row.StateSince,
            Interval = row.Interval > TimeSpan.Zero ? row.Interval.TotalSeconds : null,
            Os = os,
            Class = hostClass,
            Summary = SummaryOf(row.Body is { Length: > 0 } body ? HeartbeatReader.ReadBody(body) : null),
        };
    }

    public static HostDetailView Detail(HostRecord record)
    {
        var row = record.Snapshot.Row;
        var beat = row.Body is { Length: > 0 } body ? HeartbeatReader.ReadBody(body) : null;
        var summary = record.Summary;
        return new HostDetailView
        {
            Name = summary.Name,
            State = summary.State,
            Level = summary.Level,
            Address = summary.Address,
            FirstSeen = summary.FirstSeen,
            LastSeen = summary.LastSeen,
            StateSince = summary.StateSince,
            Interval = summary.Interval,
            Os = summary.Os,
            Class = summary.Class,
            Summary = summary.Summary,
            RunId = beat is null ? null : beat.RunId.ToString("x16", CultureInfo.InvariantCulture),
            Sequence = beat?.Sequence ?? 0,
            SentAt = beat?.SentAt,
            Metrics = MetricsJson(beat),
            Checks = beat?.Checks.Select(c => new CheckView(c.Name, AlertLevels.Name(c.Level), c.Message)).ToList() ?? [],
            Inventory = row.Inventory is { } inventory ? InventoryJson.Object(HeartbeatReader.ReadInventory(inventory)) : null,
            InventoryAt = row.InventoryAt,
        };
    }

    /// <summary>The OS name an inventory (MessagePack) gives, or null.</summary>
    public static string? OsName(byte[]? inventory) =>
        inventory is not null && HeartbeatReader.ReadInventory(inventory).GetValueOrDefault("os") is IReadOnlyDictionary<string, object?> os
            ? Convert.ToString(os.GetValueOrDefault("pretty_name") ?? os.GetValueOrDefault("os_name"), CultureInfo.InvariantCulture)
            : null;

    private static AlertLevel LevelOf(byte stored) => (AlertLevel)Math.Min(stored, (byte)AlertLevel.Unknown);

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
