namespace Hbd.Server.Journal;

/// <summary>One line of the journal. <see cref="Id"/> is 0 until the store has written it.</summary>
public sealed record JournalEntry(long Id, DateTimeOffset Time, string? Host, string Kind, string? Level, string Text);

/// <summary>The journal's event kinds.</summary>
public static class JournalKinds
{
    public const string HostNew = "host_new";
    public const string HostUp = "host_up";
    public const string HostLate = "host_late";
    public const string HostDown = "host_down";
    public const string LevelChanged = "level_changed";
    public const string AddressChanged = "address_changed";
    public const string Message = "message";
    public const string ClockSkew = "clock_skew";
    public const string HostRemoved = "host_removed";
    public const string ConfigReloaded = "config_reloaded";
    public const string ConfigRejected = "config_rejected";
    public const string SilenceAdded = "silence_added";
    public const string SilenceRemoved = "silence_removed";
    public const string SilenceExpired = "silence_expired";

    /// <summary>A dyndns host's DNS record now holds its address.</summary>
    public const string DnsUpdated = "dns_updated";

    /// <summary>An update of a dyndns host's record failed (the first failure of a run; retries go on quietly).</summary>
    public const string DnsFailed = "dns_failed";
}
