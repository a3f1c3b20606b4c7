using Hbd.Common.Config;

namespace Hbd.Common.Tests.Config;

public sealed class ConfigKeysTests
{
    [Fact]
    public void Unknown_top_level_keys_are_warnings_with_file_and_line()
    {
        var doc = ConfigDocument.Parse("hb_port: 1\nfoo: 2\nlisten: \"::\"\nintervall: 5\n", "/etc/hb.yaml");

        var warnings = ConfigKeys.UnknownKeyWarnings(doc);

        Assert.Equal(
        [
            "/etc/hb.yaml:2: unknown key 'foo' (ignored)",
            "/etc/hb.yaml:4: unknown key 'intervall' (ignored)",
        ], warnings);
    }

    [Fact]
    public void Each_programs_keys_are_known_to_both()
    {
        var doc = ConfigDocument.Parse(
            "interval: 10\nservers: [a]\nplugins: {}\nthresholds: {}\nencrypt: false\n" +
            "hbd_port: 1\nclasses: {}\nnotify: []\npushover_token: x\nrepeat_after: 4h\nflap_window: 10m\nflap_count: 5\n" +
            "max_hosts: 1\nstore: sqlite\npostgres_url: x\nhistory_days: 7\ntls_cert: x\ndyndnshosts: [a]\n", "x.yaml");

        Assert.Empty(ConfigKeys.UnknownKeyWarnings(doc));
    }

    [Fact]
    public void Unknown_keys_inside_a_class_are_warnings()
    {
        var doc = ConfigDocument.Parse("classes:\n  core:\n    match: [db*]\n    donw_after: 30s\n", "x.yaml");

        Assert.Equal(["x.yaml:4: unknown key 'classes.core.donw_after' (ignored)"], ConfigKeys.UnknownKeyWarnings(doc));
    }

    [Fact]
    public void Every_spec_server_key_is_known()
    {
        string[] spec =
        [
            "listen", "hb_port", "hbd_port", "ws_port", "data_dir", "logfile", "pidfile", "key", "keys", "require_signed",
            "max_clock_skew", "late_after", "down_after", "classes", "watchhosts", "dyndnshosts", "dns_server", "dns_zone",
            "dns_ttl", "tsig_key_name", "tsig_secret", "tsig_algorithm", "dns_max_inflight", "pushsrv", "pushover_token", "pushover_user",
            "mattermost_url", "mattermost_token", "mattermost_channel", "smtpserver", "smtpport", "smtpuser", "smtppassword",
            "smtp_tls", "mail_from", "mail_to", "webhook_url", "webhook_secret", "public_url", "outage_threshold",
            "outage_window", "notify_max_age", "notify", "repeat_after", "flap_window", "flap_count", "journal_max_days", "journal_max_entries",
            "history_days", "api_token", "read_token", "tls_cert", "tls_key", "store", "postgres_url",
        ];

        Assert.All(spec, key => Assert.Contains(key, ConfigKeys.Server));
    }
}
