using System.Collections.Frozen;

namespace Hbd.Common.Config;

/// <summary>
/// The top-level keys each program reads. Both read the same file and ignore each other's keys silently;
/// a key neither knows is a warning, not an error.
/// </summary>
public static class ConfigKeys
{
    /// <summary>Keys read by hbc.</summary>
    public static IReadOnlySet<string> Client { get; } = FrozenSet.Create(StringComparer.Ordinal,
    [
        "hb_port", "interval", "name", "servers", "key", "key_file", "encrypt", "plugins", "thresholds",
    ]);

    /// <summary>Keys read by hbd.</summary>
    public static IReadOnlySet<string> Server { get; } = FrozenSet.Create(StringComparer.Ordinal,
    [
        "listen", "hb_port", "hbd_port", "ws_port", "data_dir", "logfile", "pidfile",
        "key", "key_file", "keys", "require_signed", "max_clock_skew",
        "late_after", "down_after", "classes", "watchhosts", "max_hosts",
        "max_new_hosts_per_minute", "max_messages_per_minute",
        "dyndnshosts", "dns_server", "dns_zone", "dns_ttl", "tsig_key_name", "tsig_secret", "tsig_algorithm", "dns_max_inflight",
        "pushsrv", "pushover_token", "pushover_user",
        "mattermost_url", "mattermost_token", "mattermost_channel",
        "smtpserver", "smtpport", "smtpuser", "smtppassword", "smtp_tls", "mail_from", "mail_to",
        "webhook_url", "webhook_secret", "public_url", "outage_threshold", "outage_window", "notify_max_age",
        "notify", "repeat_after", "flap_window", "flap_count",
        "journal_max_days", "journal_max_entries", "history_days", "metrics_export",
        "api_token", "read_token", "tls_cert", "tls_key", "store", "postgres_url",
    ]);

    /// <summary>Keys of one host class (<c>classes: {NAME: {...}}</c>).</summary>
    public static IReadOnlySet<string> ServerClass { get; } = FrozenSet.Create(StringComparer.Ordinal,
    [
        "match", "late_after", "down_after", "notify",
    ]);

    /// <summary>True when either program reads the top-level <paramref name="key"/>.</summary>
    public static bool IsKnown(string key) => Client.Contains(key) || Server.Contains(key);

    /// <summary>
    /// One <c>FILE:LINE: unknown key 'foo' (ignored)</c> per top-level key neither program knows, and per
    /// unknown key inside a host class, in file order.
    /// </summary>
    public static IReadOnlyList<string> UnknownKeyWarnings(ConfigDocument doc)
    {
        var warnings = new List<string>();
        foreach (var entry in doc.Root.Entries)
        {
            if (!IsKnown(entry.Key))
                warnings.Add(Warning(doc.Path, entry.Line, entry.Key));
        }
        if (doc.Root.Get("classes") is { Kind: ConfigNodeKind.Mapping } classes)
        {
            foreach (var hostClass in classes.Entries)
            {
                if (hostClass.Value.Kind != ConfigNodeKind.Mapping)
                    continue;
                foreach (var entry in hostClass.Value.Entries)
                {
                    if (!ServerClass.Contains(entry.Key))
                        warnings.Add(Warning(doc.Path, entry.Line, hostClass.Value.PathOf(entry.Key)));
                }
            }
        }
        return warnings;
    }

    private static string Warning(string? file, int line, string key)
    {
        var location = ConfigException.Location(file, line);
        return location is null ? $"unknown key '{key}' (ignored)" : $"{location}: unknown key '{key}' (ignored)";
    }
}
