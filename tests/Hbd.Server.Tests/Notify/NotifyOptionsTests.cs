using Hbd.Common.Config;
using Hbd.Server.Config;
using Hbd.Server.Notify;

namespace Hbd.Server.Tests.Notify;

/// <summary>The notification keys: channels set up whole or not at all, rules that name what exists, errors at their lines.</summary>
public sealed class NotifyOptionsTests
{
    [Fact]
    public void Nothing_set_means_no_channel_and_no_rule_sends_anywhere()
    {
        var notify = Parse("").Notify;

        Assert.Empty(notify.Channels);
        Assert.All(notify.Rules, r => Assert.Empty(r.Channels));
        Assert.Equal((10, TimeSpan.FromSeconds(60), TimeSpan.FromHours(24), TimeSpan.Zero, TimeSpan.FromMinutes(10), 5),
            (notify.OutageThreshold, notify.OutageWindow, notify.MaxAge, notify.RepeatAfter, notify.FlapWindow, notify.FlapCount));
    }

    [Fact]
    public void Every_channel_is_read_with_its_settings()
    {
        var notify = Parse("""
            pushover_token: atoken
            pushover_user: ukey
            pushsrv: http://127.0.0.1:8080
            mattermost_url: https://chat.example.org
            mattermost_token: bot
            mattermost_channel: 4xp9fdt7pbgium38k5k6yrumnr
            smtpserver: mail.example.org
            smtp_tls: tls
            smtpuser: hbd
            smtppassword: secret
            mail_from: hbd@example.org
            mail_to: [ops@example.org, oncall@example.org]
            webhook_url: https://hooks.example.org/hbd
            webhook_secret: s3cret
            public_url: https://mon.example.org/
            repeat_after: 4h
            """).Notify;

        Assert.Equal(["pushover", "mattermost", "email", "webhook"], notify.Channels);
        Assert.Equal(new PushoverSettings(new Uri("http://127.0.0.1:8080"), "atoken", "ukey"), notify.Pushover);
        Assert.True(notify.Mattermost!.UsesApi);
        var email = notify.Email!;
        Assert.Equal(("mail.example.org", 465, SmtpTls.Tls, "hbd", "secret"), (email.Server, email.Port, email.Tls, email.User, email.Password));
        Assert.Equal(["ops@example.org", "oncall@example.org"], email.To);
        Assert.Equal("s3cret", notify.Webhook!.Secret);
        Assert.Equal(TimeSpan.FromHours(4), notify.RepeatAfter);
        Assert.All(notify.Rules, r => Assert.Equal(notify.Channels, r.Channels));
    }

    [Fact]
    public void Rules_are_read_with_their_events_hosts_levels_and_channels()
    {
        var notify = Parse("""
            webhook_url: http://127.0.0.1:9000/hook
            smtpserver: 127.0.0.1
            mail_from: hbd@example.org
            mail_to: ops@example.org
            notify:
              - {events: [host_down, host_up], hosts: ["db*"], channels: [webhook]}
              - {events: [level_changed], min_level: critical}
            """).Notify;

        Assert.Equal(2, notify.Rules.Count);
        Assert.Equal(["webhook"], notify.Rules[0].Channels);
        Assert.Equal("db*", Assert.Single(notify.Rules[0].Hosts).Pattern);
        Assert.Equal(Hbd.Common.AlertLevel.Critical, notify.Rules[1].MinLevel);
        Assert.Equal(["email", "webhook"], notify.Rules[1].Channels);
        Assert.Equal(587, notify.Email!.Port);
        Assert.Equal(SmtpTls.StartTls, notify.Email.Tls);
    }

    [Theory]
    [InlineData("pushover_token: t\n", 1, "pushover_token", "needs pushover_user")]
    [InlineData("pushover_user: u\n", 1, "pushover_user", "needs pushover_token")]
    [InlineData("pushsrv: https://p.example.org\n", 1, "pushsrv", "no effect without pushover_token and pushover_user")]
    [InlineData("mattermost_token: t\n", 1, "mattermost_token", "no effect without mattermost_url")]
    [InlineData("mattermost_url: https://c.example.org\nmattermost_token: t\n", 2, "mattermost_token", "needs mattermost_channel")]
    [InlineData("mattermost_url: ftp://c.example.org\n", 1, "mattermost_url", "http:// or https://")]
    [InlineData("smtpserver: m\nmail_to: a@example.org\n", 1, "smtpserver", "needs mail_from")]
    [InlineData("smtpserver: m\nmail_from: a@example.org\n", 1, "smtpserver", "needs mail_to")]
    [InlineData("smtpserver: m\nmail_from: a@example.org\nmail_to: [not an address]\n", 3, "mail_to", "not an e-mail address")]
    [InlineData("smtpserver: m\nmail_from: a@example.org\nmail_to: b@example.org\nsmtp_tls: ssl\n", 4, "smtp_tls", "'none', 'starttls' or 'tls'")]
    [InlineData("smtpserver: m\nmail_from: a@example.org\nmail_to: b@example.org\nsmtpuser: u\n", 4, "smtpuser", "both smtpuser and smtppassword")]
    [InlineData("mail_to: b@example.org\n", 1, "mail_to", "no effect without smtpserver")]
    [InlineData("webhook_secret: s\n", 1, "webhook_secret", "no effect without webhook_url")]
    [InlineData("public_url: mon.example.org\n", 1, "public_url", "http:// or https://")]
    [InlineData("repeat_after: 30s\n", 1, "repeat_after", "at least 1m")]
    [InlineData("outage_threshold: 0\n", 1, "outage_threshold", "")]
    [InlineData("webhook_url: http://h/\nnotify: [{events: [host_gone]}]\n", 2, "notify[0].events", "unknown event 'host_gone'")]
    [InlineData("webhook_url: http://h/\nnotify: [{events: [host_down], channels: [email]}]\n", 2, "notify[0].channels", "email channel is not set up")]
    [InlineData("webhook_url: http://h/\nnotify: [{events: [host_down], channels: [sms]}]\n", 2, "notify[0].channels", "unknown channel 'sms'")]
    [InlineData("webhook_url: http://h/\nnotify: [{events: [host_down], min_level: high}]\n", 2, "notify[0].min_level", "ok, warning, critical or unknown")]
    [InlineData("webhook_url: http://h/\nnotify: [{events: [host_down], when: always}]\n", 2, "notify[0].when", "unknown key in a notify rule")]
    [InlineData("notify: [{events: [host_down]}]\n", 1, "notify[0]", "no channel is set up")]
    public void A_setting_that_would_not_work_is_an_error_at_its_line(string yaml, int line, string key, string mentions)
    {
        var error = Assert.Throws<ConfigException>(() => Parse(yaml));

        Assert.Equal((line, key), (error.Line, error.Key));
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dns_events_can_be_routed()
    {
        var rule = Parse("webhook_url: http://h/\nnotify: [{events: [dns_updated, dns_failed]}]\n").Notify.Rules.Single();

        Assert.Equal(["dns_failed", "dns_updated"], rule.Events.Order(StringComparer.Ordinal));
    }

    private static ServerOptions Parse(string yaml) => ServerOptions.Parse(ConfigDocument.Parse(yaml, "/etc/hbd.yaml"));
}
