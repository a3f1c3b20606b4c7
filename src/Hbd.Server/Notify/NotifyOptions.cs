using Hbd.Common;
using Hbd.Server.Config;

namespace Hbd.Server.Notify;

/// <summary>
/// Who hears about what (docs/configuration.md, notifications): the channels that are configured, the routing rules, and
/// the limits that keep messages few (repeat, flapping, outage summaries, giving up).
/// </summary>
public sealed record NotifyOptions
{
    public static readonly TimeSpan DefaultOutageWindow = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromHours(24);
    public static readonly TimeSpan DefaultFlapWindow = TimeSpan.FromMinutes(10);
    public const int DefaultOutageThreshold = 10;
    public const int DefaultFlapCount = 5;

    /// <summary>The events routing rules may name: the journal kinds a notification can be about.</summary>
    public static readonly IReadOnlySet<string> Events = new HashSet<string>(StringComparer.Ordinal)
    {
        Journal.JournalKinds.HostNew, Journal.JournalKinds.HostDown, Journal.JournalKinds.HostUp, Journal.JournalKinds.HostLate,
        Journal.JournalKinds.LevelChanged, Journal.JournalKinds.Message, NotifyEvents.Outage, NotifyEvents.OutageOver,
        NotifyEvents.Flapping, NotifyEvents.FlappingOver, NotifyEvents.StillDown, NotifyEvents.NotifyFailed,
        Journal.JournalKinds.DnsUpdated, Journal.JournalKinds.DnsFailed,
    };

    public static readonly NotifyOptions None = new();

    public PushoverSettings? Pushover { get; init; }
    public MattermostSettings? Mattermost { get; init; }
    public EmailSettings? Email { get; init; }
    public WebhookSettings? Webhook { get; init; }

    /// <summary>The web UI's address (<c>public_url</c>), for links to a host's page.</summary>
    public Uri? PublicUrl { get; init; }

    public int OutageThreshold { get; init; } = DefaultOutageThreshold;
    public TimeSpan OutageWindow { get; init; } = DefaultOutageWindow;

    /// <summary>A notification not delivered this long after its event is given up (<c>notify_max_age</c>).</summary>
    public TimeSpan MaxAge { get; init; } = DefaultMaxAge;

    /// <summary>Remind this often while a host stays down (<c>repeat_after</c>); zero: never.</summary>
    public TimeSpan RepeatAfter { get; init; }

    public TimeSpan FlapWindow { get; init; } = DefaultFlapWindow;

    /// <summary>More state changes than this within <see cref="FlapWindow"/> is flapping (<c>flap_count</c>); 0: never.</summary>
    public int FlapCount { get; init; } = DefaultFlapCount;

    /// <summary>The rules as configured, or the default ones (<see cref="DefaultRules"/>) when <c>notify</c> is not set.</summary>
    public IReadOnlyList<NotifyRule> Rules { get; init; } = [];

    /// <summary>The names of the configured channels, in a fixed order.</summary>
    public IReadOnlyList<string> Channels =>
    [
        .. Pushover is null ? Array.Empty<string>() : [ChannelNames.Pushover],
        .. Mattermost is null ? Array.Empty<string>() : [ChannelNames.Mattermost],
        .. Email is null ? Array.Empty<string>() : [ChannelNames.Email],
        .. Webhook is null ? Array.Empty<string>() : [ChannelNames.Webhook],
    ];

    /// <summary>Everything that decides notifications, as text: two options that send the same messages the same way compare equal.</summary>
    public string Fingerprint() => string.Join("\n",
        Pushover, Mattermost, Email is { } e ? e with { To = [] } + string.Join(",", e.To) : "", Webhook, PublicUrl, OutageThreshold, OutageWindow,
        MaxAge, RepeatAfter, FlapWindow, FlapCount,
        string.Join(";", Rules.Select(r => string.Join(",", r.Events.Order(StringComparer.Ordinal)) + "|" + string.Join(",", r.Hosts.Select(h => h.Pattern))
            + "|" + r.MinLevel + "|" + string.Join(",", r.Channels))));

    /// <summary>Without <c>notify</c>: every channel hears of hosts going down and coming back, outages, flapping, and critical levels.</summary>
    public static IReadOnlyList<NotifyRule> DefaultRules(IReadOnlyList<string> channels) =>
    [
        new(Set(Journal.JournalKinds.HostDown, Journal.JournalKinds.HostUp, NotifyEvents.Outage, NotifyEvents.OutageOver, NotifyEvents.Flapping,
            NotifyEvents.FlappingOver, NotifyEvents.StillDown, NotifyEvents.NotifyFailed), [], null, channels),
        new(Set(Journal.JournalKinds.LevelChanged), [], AlertLevel.Critical, channels),
    ];

    private static HashSet<string> Set(params string[] events) => new(events, StringComparer.Ordinal);
}

/// <summary>
/// One routing rule: events × host patterns × a minimum level → channels. No patterns: every host (and the events of no
/// single host, such as an outage summary). No minimum level: any.
/// </summary>
public sealed record NotifyRule(IReadOnlySet<string> Events, IReadOnlyList<HostNamePattern> Hosts, AlertLevel? MinLevel,
    IReadOnlyList<string> Channels);

public static class ChannelNames
{
    public const string Pushover = "pushover";
    public const string Mattermost = "mattermost";
    public const string Email = "email";
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<string> All = [Pushover, Mattermost, Email, Webhook];
}

/// <summary>Journal kinds that notifications add to the journal's own.</summary>
public static class NotifyEvents
{
    /// <summary>More than outage_threshold hosts went down within outage_window: one summary.</summary>
    public const string Outage = "outage";

    /// <summary>The hosts of an outage are back (or the outage is over with some still down): one summary.</summary>
    public const string OutageOver = "outage_over";

    /// <summary>A host changed state more than flap_count times within flap_window; quiet until it is stable.</summary>
    public const string Flapping = "flapping";

    /// <summary>A flapping host has been stable for flap_window: its state now.</summary>
    public const string FlappingOver = "flapping_over";

    /// <summary>A reminder that a host is still down (repeat_after).</summary>
    public const string StillDown = "still_down";

    /// <summary>A notification was given up after notify_max_age, or refused for good by its channel.</summary>
    public const string NotifyFailed = "notify_failed";
}
