using System.Globalization;
using System.Text.Json.Nodes;
using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;

namespace Hbd.Server.Api;

/// <summary>Builds API views of committed hosts, each as one commit left it (read under the record's lock).</summary>
public static class HostViews
{
    /// <summary>The list view of a committed host; made for each answer and each frame of the feed, never kept.</summary>
    public static HostSummaryView Summary(HostRecord record)
    {
        lock (record.Sync)
        {
            var load = record.Load;
            return new HostSummaryView
            {
                Name = record.Name,
                State = HostStates.Name(record.State),
                Level = AlertLevels.Name(LevelOf(record.Level)),
                Address = record.Address,
                FirstSeen = record.FirstSeen,
                LastSeen = record.LastSeen,
                StateSince = record.StateSince,
                Interval = record.Interval > TimeSpan.Zero ? record.Interval.TotalSeconds : null,
                Os = record.Os,
                Class = record.Class,
                Summary = new SummaryMetrics { Cpu = load.CpuShown, Memory = load.MemoryShown, Disk = load.DiskShown },
            };
        }
    }

    /// <summary>The detail view; <paramref name="body"/> is the latest committed beat's (<see cref="CommittedHosts.BodyOf"/>).</summary>
    public static HostDetailView Detail(HostRecord record, byte[]? body)
    {
        var beat = body is { Length: > 0 } ? HeartbeatReader.ReadBody(body) : null;
        HostSummaryView summary;
        byte[]? inventory;
        DateTimeOffset? inventoryAt;
        lock (record.Sync)
            (summary, inventory, inventoryAt) = (Summary(record), record.Inventory, record.InventoryAt);
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
            Inventory = inventory is not null ? InventoryJson.Object(HeartbeatReader.ReadInventory(inventory)) : null,
            InventoryAt = inventoryAt,
        };
    }

    /// <summary>The OS name an inventory (MessagePack) gives, or null.</summary>
    public static string? OsName(byte[]? inventory) =>
        inventory is not null && HeartbeatReader.ReadInventory(inventory).GetValueOrDefault("os") is IReadOnlyDictionary<string, object?> os
            ? Convert.ToString(os.GetValueOrDefault("pretty_name") ?? os.GetValueOrDefault("os_name"), CultureInfo.InvariantCulture)
            : null;

    private static AlertLevel LevelOf(byte stored) => (AlertLevel)Math.Min(stored, (byte)AlertLevel.Unknown);

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
