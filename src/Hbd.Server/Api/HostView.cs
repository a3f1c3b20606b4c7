using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Hbd.Server.Api;

/// <summary>A host in the API's list: state and a glance at its load.</summary>
public record HostSummaryView
{
    public required string Name { get; init; }
    public required string State { get; init; }
    public required string Level { get; init; }
    public string? Address { get; init; }
    public DateTimeOffset? FirstSeen { get; init; }
    public DateTimeOffset? LastSeen { get; init; }
    public DateTimeOffset StateSince { get; init; }

    /// <summary>The interval the agent announced, in seconds.</summary>
    public double? Interval { get; init; }

    public string? Os { get; init; }

    /// <summary>The first class of the configuration whose patterns match the name; null when none does.</summary>
    public string? Class { get; init; }

    public SummaryMetrics Summary { get; init; } = new();
}

/// <summary>cpu and memory use, and the fullest disk, in percent.</summary>
public sealed record SummaryMetrics
{
    public double? Cpu { get; init; }
    public double? Memory { get; init; }
    public double? Disk { get; init; }
}

/// <summary>One host with everything the server knows of it: the list's fields and the latest beat's.</summary>
public sealed record HostDetailView : HostSummaryView
{
    // After the list fields: the detail reads as the list item, then the latest beat.
    /// <summary>16 hex digits: a 64-bit number would be rounded by JavaScript's JSON.parse.</summary>
    [JsonPropertyOrder(1)]
    public string? RunId { get; init; }

    [JsonPropertyOrder(1)]
    public ulong Sequence { get; init; }
    [JsonPropertyOrder(1)]
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>group → metric → {value, level}.</summary>
    [JsonPropertyOrder(1)]
    public required JsonObject Metrics { get; init; }

    [JsonPropertyOrder(1)]
    public required IReadOnlyList<CheckView> Checks { get; init; }
    [JsonPropertyOrder(1)]
    public JsonObject? Inventory { get; init; }
    [JsonPropertyOrder(1)]
    public DateTimeOffset? InventoryAt { get; init; }

    /// <summary>When the latest silence covering the host ends; null when none does (docs/api.md, silences).</summary>
    [JsonPropertyOrder(2)]
    public DateTimeOffset? SilencedUntil { get; init; }

    /// <summary>The host's dynamic DNS record; null when the host is not in dyndnshosts (docs/api.md, hosts).</summary>
    [JsonPropertyOrder(2)]
    public Dns.DnsStateView? Dns { get; init; }
}

public sealed record CheckView(string Name, string Level, string Message);

public sealed record ErrorView(string Error, string Detail);

public sealed record StatusView
{
    public required string Version { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public long UptimeSeconds { get; init; }
    public required IReadOnlyDictionary<string, int> Hosts { get; init; }
    public required DatagramCounts Datagrams { get; init; }
    public required StoreStatusView Store { get; init; }

    /// <summary>The metric history's figures; null when <c>history_days</c> is 0.</summary>
    public HistoryStatusView? History { get; init; }

    public required NotificationsStatusView Notifications { get; init; }

    public required FeedStatusView Feed { get; init; }
}

/// <summary>
/// The live feed: the WebSocket clients connected and the most there may be, those cut off since the start for not reading,
/// and the seq of the latest committed batch (what a client's frames count up to).
/// </summary>
public sealed record FeedStatusView(int Clients, int MaxClients, long Dropped, long Seq);

/// <summary>The channels set up, and the notifications delivered and given up since the start.</summary>
public sealed record NotificationsStatusView(IReadOnlyList<string> Channels, long Sent, long GivenUp);

/// <summary>What the metric history holds and has done since the start.</summary>
public sealed record HistoryStatusView
{
    public int Days { get; init; }
    public int Hosts { get; init; }
    public int Series { get; init; }
    public long Samples { get; init; }
    public long BlocksWritten { get; init; }
    public long BlocksDropped { get; init; }
    public long WriteFailures { get; init; }
    public long Lagged { get; init; }
    public int FoldsWaiting { get; init; }
    public long FileBytes { get; init; }
}

/// <summary>How the store writer's writes are going; failing_since is null while they succeed.</summary>
public sealed record StoreStatusView
{
    public DateTimeOffset? LastWrite { get; init; }
    public DateTimeOffset? FailingSince { get; init; }
    public int ConsecutiveFailures { get; init; }
    public string? LastError { get; init; }

    /// <summary>Journal entries held back by failed writes, to go with the next one that succeeds.</summary>
    public int PendingJournal { get; init; }
}

public sealed record DatagramCounts
{
    public long Accepted { get; init; }
    public long Messages { get; init; }
    public long RejectedTotal { get; init; }
    public required IReadOnlyDictionary<string, long> Rejected { get; init; }
}

public sealed record HealthView(string Status);

/// <summary>Source-generated JSON for every API type: snake_case, RFC 3339 UTC times with milliseconds, no reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false, Converters = [typeof(UtcTimeConverter)])]
[JsonSerializable(typeof(HostSummaryView))]
[JsonSerializable(typeof(HostDetailView))]
[JsonSerializable(typeof(IReadOnlyList<Journal.JournalEntry>))]
[JsonSerializable(typeof(Journal.JournalEntry))]
[JsonSerializable(typeof(ErrorView))]
[JsonSerializable(typeof(StatusView))]
[JsonSerializable(typeof(HealthView))]
public sealed partial class ApiJson : JsonSerializerContext;
