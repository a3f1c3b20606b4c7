using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>
/// Documented settings of features this version lacks (notifications, dynamic DNS, metric history, PostgreSQL) stop hbd
/// with exit 2 and FILE:LINE: key 'KEY': REASON, rather than being accepted and doing nothing (docs/configuration.md).
/// </summary>
public sealed class UnavailableSettingsTests : IDisposable
{
    private const string Notifications = "notifications are not available in this version";
    private const string DynamicDns = "dynamic DNS is not available in this version";

    /// <summary>Setting → (its YAML, the key path the message names, the reason). Line 2 of each file, after a line every file has.</summary>
    private static readonly Dictionary<string, (string Yaml, string Key, string Reason)> Settings = new()
    {
        ["pushsrv"] = ("pushsrv: https://push.example.org", "pushsrv", Notifications),
        ["pushover_token"] = ("pushover_token: [1, 2]", "pushover_token", Notifications),
        ["pushover_user"] = ("pushover_user: u123", "pushover_user", Notifications),
        ["mattermost_url"] = ("mattermost_url: https://chat.example.org/hooks/x", "mattermost_url", Notifications),
        ["mattermost_token"] = ("mattermost_token: t", "mattermost_token", Notifications),
        ["mattermost_channel"] = ("mattermost_channel: ops", "mattermost_channel", Notifications),
        ["smtpserver"] = ("smtpserver: mail.example.org", "smtpserver", Notifications),
        ["smtpport"] = ("smtpport: 587", "smtpport", Notifications),
        ["smtpuser"] = ("smtpuser: hbd", "smtpuser", Notifications),
        ["smtppassword"] = ("smtppassword: secret", "smtppassword", Notifications),
        ["smtp_tls"] = ("smtp_tls: starttls", "smtp_tls", Notifications),
        ["mail_from"] = ("mail_from: hbd@example.org", "mail_from", Notifications),
        ["mail_to"] = ("mail_to: [ops@example.org]", "mail_to", Notifications),
        ["webhook_url"] = ("webhook_url: https://hooks.example.org/hbd", "webhook_url", Notifications),
        ["webhook_secret"] = ("webhook_secret: s", "webhook_secret", Notifications),
        ["public_url"] = ("public_url: https://mon.example.org", "public_url", Notifications),
        ["outage_threshold"] = ("outage_threshold: 10", "outage_threshold", Notifications),
        ["outage_window"] = ("outage_window: 60s", "outage_window", Notifications),
        ["notify_max_age"] = ("notify_max_age: 24h", "notify_max_age", Notifications),
        ["notify"] = ("notify: [{events: [host_down], channels: [email]}]", "notify", Notifications),
        ["repeat_after"] = ("repeat_after: 4h", "repeat_after", Notifications),
        ["flap_window"] = ("flap_window: 10m", "flap_window", Notifications),
        ["flap_count"] = ("flap_count: 5", "flap_count", Notifications),
        ["classes.NAME.notify"] = ("classes: {laptops: {match: [\"laptop-*\"], notify: false}}", "classes.laptops.notify", Notifications),
        ["dyndnshosts"] = ("dyndnshosts: [home1]", "dyndnshosts", DynamicDns),
        ["dns_server"] = ("dns_server: ns1.example.org:53", "dns_server", DynamicDns),
        ["dns_zone"] = ("dns_zone: dyn.example.org", "dns_zone", DynamicDns),
        ["dns_ttl"] = ("dns_ttl: 60", "dns_ttl", DynamicDns),
        ["tsig_key_name"] = ("tsig_key_name: hbd-key", "tsig_key_name", DynamicDns),
        ["tsig_secret"] = ("tsig_secret: c2VjcmV0", "tsig_secret", DynamicDns),
        ["tsig_algorithm"] = ("tsig_algorithm: hmac-sha256", "tsig_algorithm", DynamicDns),
        ["dns_max_inflight"] = ("dns_max_inflight: 8", "dns_max_inflight", DynamicDns),
        ["store: postgres"] = ("store: postgres", "store", "PostgreSQL is not available in this version; use 'store: sqlite'"),
        ["postgres_url"] = ("postgres_url: Host=db;Database=hbd", "postgres_url", "PostgreSQL is not available in this version; use 'store: sqlite'"),
    };

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Names() => [.. Settings.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Check_config_refuses_the_setting_with_exit_2_file_line_key_and_reason(string setting)
    {
        var (yaml, key, reason) = Settings[setting];
        var path = _dir.Write("hbd.yaml", $"listen: 127.0.0.1\n{yaml}\n");

        var run = await Commands.RunServerAsync(_dir, "--check-config", "-c", path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"hbd: {path}:2: key '{key}': {reason}", run.Stderr.TrimEnd('\n'));
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Hbd_does_not_start_with_a_refused_setting()
    {
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);
        File.AppendAllText(config.Path, "pushover_token: abc\n");

        var run = await Commands.RunServerAsync(_dir, "-f", "-c", config.Path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"key 'pushover_token': {Notifications}", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.DataDir), "hbd made its data_dir before refusing the config");
    }

    [Fact]
    public async Task A_reload_with_a_refused_setting_is_refused_and_the_old_configuration_stays()
    {
        using var server = await ServerProcess.StartAsync(_dir);
        File.AppendAllText(server.ConfigPath, "dyndnshosts: [home1]\n");

        ProgramRun.Signal(server.Pid, "HUP");

        var rejected = await server.Eventually<JsonElement>(async () =>
        {
            var entries = await server.Api.GetAsync("/api/journal?kind=config_rejected");
            return entries.GetArrayLength() > 0 ? entries[0] : null;
        }, "a config_rejected journal entry");
        Assert.Contains($"key 'dyndnshosts': {DynamicDns}", rejected.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(server.IsRunning, server.Output);
        Assert.True(await server.Api.IsHealthyAsync(), server.Output);
        Assert.Equal(0, (await server.Api.GetAsync("/api/journal?kind=config_reloaded")).GetArrayLength());
    }
}
