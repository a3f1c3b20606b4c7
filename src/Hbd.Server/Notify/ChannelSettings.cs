namespace Hbd.Server.Notify;

/// <summary>Pushover (<c>pushsrv</c>, <c>pushover_token</c>, <c>pushover_user</c>): the channel is on when both credentials are set.</summary>
public sealed record PushoverSettings(Uri Server, string Token, string User)
{
    public static readonly Uri DefaultServer = new("https://api.pushover.net");
}

/// <summary>
/// Mattermost: an incoming-webhook URL alone (<c>mattermost_url</c>), or a server URL with a bot token
/// (<c>mattermost_token</c>) and a channel id (<c>mattermost_channel</c>) for API v4's POST /api/v4/posts.
/// </summary>
public sealed record MattermostSettings(Uri Url, string? Token, string? Channel)
{
    public bool UsesApi => Token is not null;
}

public enum SmtpTls
{
    None,
    StartTls,
    Tls,
}

/// <summary>E-mail (<c>smtpserver</c>, <c>smtpport</c>, <c>smtp_tls</c>, <c>smtpuser</c>, <c>smtppassword</c>, <c>mail_from</c>, <c>mail_to</c>).</summary>
public sealed record EmailSettings(string Server, int Port, SmtpTls Tls, string? User, string? Password, string From, IReadOnlyList<string> To)
{
    public const int DefaultPort = 587;
}

/// <summary>A JSON webhook (<c>webhook_url</c>), signed with <c>webhook_secret</c> when set.</summary>
public sealed record WebhookSettings(Uri Url, string? Secret);
