using System.Globalization;
using Hbd.Common;
using Hbd.Common.Config;
using Hbd.Server.Config;

namespace Hbd.Server.Notify;

/// <summary>
/// Reads the notification keys (docs/configuration.md, notifications). A channel is on when its credentials are set; a
/// channel half set up (a token without its user, a server without recipients), a rule naming a channel that is not set
/// up, or an unknown event is an error at its line: a notification that silently goes nowhere is worse than none.
/// </summary>
internal static class NotifyOptionsParser
{
    private static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);

    public static NotifyOptions Parse(ConfigNode root)
    {
        var options = new NotifyOptions
        {
            Pushover = Pushover(root),
            Mattermost = Mattermost(root),
            Email = Email(root),
            Webhook = Webhook(root),
            PublicUrl = root.Get("public_url") is { } publicUrl ? HttpUrl(publicUrl) : null,
            OutageThreshold = root.GetInt("outage_threshold", 1) ?? NotifyOptions.DefaultOutageThreshold,
            OutageWindow = root.GetDuration("outage_window", MinWindow) ?? NotifyOptions.DefaultOutageWindow,
            MaxAge = root.GetDuration("notify_max_age", TimeSpan.FromMinutes(1)) ?? NotifyOptions.DefaultMaxAge,
            RepeatAfter = root.GetDuration("repeat_after", TimeSpan.Zero) ?? TimeSpan.Zero,
            FlapWindow = root.GetDuration("flap_window", MinWindow) ?? NotifyOptions.DefaultFlapWindow,
            FlapCount = root.GetInt("flap_count", 0) ?? NotifyOptions.DefaultFlapCount,
        };
        if (options.RepeatAfter > TimeSpan.Zero && options.RepeatAfter < TimeSpan.FromMinutes(1))
            throw root.ErrorAt("repeat_after", "must be 0 (never) or at least 1m");
        var channels = options.Channels;
        var rules = root.Get("notify") is { } notify ? Rules(notify, channels) : NotifyOptions.DefaultRules(channels);
        return options with { Rules = rules };
    }

    private static PushoverSettings? Pushover(ConfigNode root)
    {
        var token = Text(root, "pushover_token");
        var user = Text(root, "pushover_user");
        if (token is null && user is null)
        {
            Unused(root, "pushsrv", "pushover_token and pushover_user");
            return null;
        }
        if (token is null)
            throw root.ErrorAt("pushover_user", "the Pushover channel needs pushover_token too");
        if (user is null)
            throw root.ErrorAt("pushover_token", "the Pushover channel needs pushover_user too");
        var server = root.Get("pushsrv") is { } node ? HttpUrl(node) : PushoverSettings.DefaultServer;
        return new PushoverSettings(server, token, user);
    }

    private static MattermostSettings? Mattermost(ConfigNode root)
    {
        var token = Text(root, "mattermost_token");
        var channel = Text(root, "mattermost_channel");
        if (root.Get("mattermost_url") is not { } urlNode)
        {
            Unused(root, "mattermost_token", "mattermost_url");
            Unused(root, "mattermost_channel", "mattermost_url");
            return null;
        }
        if ((token is null) != (channel is null))
        {
            throw token is null
                ? root.ErrorAt("mattermost_channel", "posting to a channel needs mattermost_token (a bot token) too")
                : root.ErrorAt("mattermost_token", "a bot token needs mattermost_channel (the channel id to post to) too");
        }
        return new MattermostSettings(HttpUrl(urlNode), token, channel);
    }

    private static EmailSettings? Email(ConfigNode root)
    {
        var server = Text(root, "smtpserver");
        if (server is null)
        {
            foreach (var key in new[] { "smtpport", "smtpuser", "smtppassword", "smtp_tls", "mail_from", "mail_to" })
                Unused(root, key, "smtpserver");
            return null;
        }
        var from = Text(root, "mail_from") ?? throw root.ErrorAt("smtpserver", "the e-mail channel needs mail_from (the sender's address)");
        var toNode = root.Get("mail_to") ?? throw root.ErrorAt("smtpserver", "the e-mail channel needs mail_to (one address or a list)");
        var to = toNode.AsStringList().Select(a => a.Trim()).Where(a => a.Length > 0).ToList();
        if (to.Count == 0)
            throw toNode.Error("needs at least one address");
        foreach (var address in to.Append(from))
        {
            if (!System.Net.Mail.MailAddress.TryCreate(address, out _))
                throw root.ErrorAt(address == from ? "mail_from" : "mail_to", $"'{address}' is not an e-mail address");
        }
        var user = Text(root, "smtpuser");
        var password = Text(root, "smtppassword");
        if ((user is null) != (password is null))
            throw root.ErrorAt(user is null ? "smtppassword" : "smtpuser", "SMTP authentication needs both smtpuser and smtppassword");
        var tls = root.Get("smtp_tls") is { } tlsNode
            ? tlsNode.AsString().Trim().ToLowerInvariant() switch
            {
                "none" => SmtpTls.None,
                "starttls" => SmtpTls.StartTls,
                "tls" => SmtpTls.Tls,
                _ => throw tlsNode.Error($"expected 'none', 'starttls' or 'tls', found {tlsNode.Describe()}"),
            }
            : SmtpTls.StartTls;
        var port = root.GetInt("smtpport", 1, 65535) ?? (tls == SmtpTls.Tls ? 465 : EmailSettings.DefaultPort);
        return new EmailSettings(server, port, tls, user, password, from, to);
    }

    private static WebhookSettings? Webhook(ConfigNode root)
    {
        if (root.Get("webhook_url") is not { } url)
        {
            Unused(root, "webhook_secret", "webhook_url");
            return null;
        }
        return new WebhookSettings(HttpUrl(url), Text(root, "webhook_secret"));
    }

    private static List<NotifyRule> Rules(ConfigNode notify, IReadOnlyList<string> configured)
    {
        var rules = new List<NotifyRule>();
        foreach (var rule in notify.AsList())
        {
            rule.AsMap();
            foreach (var entry in rule.Entries)
            {
                if (entry.Key is not ("events" or "hosts" or "min_level" or "channels"))
                    throw rule.ErrorAt(entry.Key, "unknown key in a notify rule (events, hosts, min_level, channels)");
            }
            var eventsNode = rule.Get("events") ?? throw rule.Error("a notify rule needs 'events' (host_down, host_up, level_changed …)");
            var events = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in eventsNode.AsStringList().Select(e => e.Trim()))
            {
                if (!NotifyOptions.Events.Contains(name))
                    throw eventsNode.Error($"unknown event '{name}' (one of {string.Join(", ", NotifyOptions.Events.Order(StringComparer.Ordinal))})");
                events.Add(name);
            }
            if (events.Count == 0)
                throw eventsNode.Error("needs at least one event");
            var hosts = new List<HostNamePattern>();
            if (rule.Get("hosts") is { } hostsNode)
            {
                foreach (var text in hostsNode.AsStringList())
                    hosts.Add(HostNamePattern.TryCreate(text.Trim(), out var error) ?? throw hostsNode.Error(error!));
            }
            AlertLevel? minLevel = rule.Get("min_level") is { } levelNode ? Level(levelNode) : null;
            var channels = configured;
            if (rule.Get("channels") is { } channelsNode)
            {
                channels = channelsNode.AsStringList().Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
                foreach (var channel in channels)
                {
                    if (!ChannelNames.All.Contains(channel))
                        throw channelsNode.Error($"unknown channel '{channel}' (one of {string.Join(", ", ChannelNames.All)})");
                    if (!configured.Contains(channel))
                        throw channelsNode.Error($"the {channel} channel is not set up ({Needs(channel)})");
                }
            }
            else if (configured.Count == 0)
            {
                throw rule.Error("no channel is set up for this rule to send to (set the keys of pushover, mattermost, email or webhook)");
            }
            rules.Add(new NotifyRule(events, hosts, minLevel, channels));
        }
        return rules;
    }

    private static string Needs(string channel) => channel switch
    {
        ChannelNames.Pushover => "set pushover_token and pushover_user",
        ChannelNames.Mattermost => "set mattermost_url",
        ChannelNames.Email => "set smtpserver, mail_from and mail_to",
        _ => "set webhook_url",
    };

    private static AlertLevel Level(ConfigNode node) => node.AsString().Trim().ToLowerInvariant() switch
    {
        "ok" => AlertLevel.Ok,
        "warning" => AlertLevel.Warning,
        "critical" => AlertLevel.Critical,
        "unknown" => AlertLevel.Unknown,
        _ => throw node.Error($"expected ok, warning, critical or unknown, found {node.Describe()}"),
    };

    private static Uri HttpUrl(ConfigNode node)
    {
        var text = node.AsString().Trim();
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? uri
            : throw node.Error($"expected an http:// or https:// URL, found {node.Describe()}");
    }

    private static string? Text(ConfigNode root, string key)
    {
        if (root.Get(key) is not { } node)
            return null;
        var text = node.AsString().Trim();
        return text.Length > 0 ? text : throw node.Error("empty (remove the key to go without it)");
    }

    /// <summary>A key of a channel that is not set up would do nothing: refused, naming what it needs.</summary>
    private static void Unused(ConfigNode root, string key, string needs)
    {
        if (root.Has(key))
            throw root.ErrorAt(key, string.Create(CultureInfo.InvariantCulture, $"has no effect without {needs}"));
    }
}
