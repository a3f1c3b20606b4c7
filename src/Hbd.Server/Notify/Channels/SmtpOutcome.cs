using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Hbd.Server.Notify.Channels;

/// <summary>
/// What an SMTP failure means for the outbox: a 4xx reply, a lost or refused connection or a TLS failure may pass (transient);
/// a 5xx reply (a refused recipient or sender, 530 for authentication or TLS the settings do not give), failed authentication, an address that does not parse or a server without
/// what the settings ask for (STARTTLS, AUTH) will not (permanent).
/// </summary>
internal static class SmtpOutcome
{
    public static SendOutcome Of(Exception exception) => exception switch
    {
        SmtpCommandException e => Reply((int)e.StatusCode, Describe(e)),
        ServiceNotAuthenticatedException e => SendOutcome.Permanent($"SMTP 530 (authentication or TLS required): {ChannelText.OneLine(e.Message)}"),
        AuthenticationException e => SendOutcome.Permanent($"authentication failed: {ChannelText.OneLine(e.Message)}"),
        SslHandshakeException e => SendOutcome.Transient($"TLS failed: {ChannelText.OneLine(e.Message)}"),
        SmtpProtocolException e => SendOutcome.Transient($"SMTP conversation failed: {ChannelText.OneLine(e.Message)}"),
        SocketException e => SendOutcome.Transient($"connection failed: {e.SocketErrorCode}: {ChannelText.OneLine(e.Message)}"),
        IOException e => SendOutcome.Transient($"connection lost: {ChannelText.OneLine(e.Message)}"),
        ServiceNotConnectedException e => SendOutcome.Transient($"connection lost: {ChannelText.OneLine(e.Message)}"),
        ParseException e => SendOutcome.Permanent($"not an e-mail address (mail_from, mail_to): {ChannelText.OneLine(e.Message)}"),
        NotSupportedException e => SendOutcome.Permanent($"the server cannot do what the settings ask: {ChannelText.OneLine(e.Message)}"),
        _ => SendOutcome.Transient($"{exception.GetType().Name}: {ChannelText.OneLine(exception.Message)}"),
    };

    /// <summary>A reply code: 4xx transient, anything else that is an error (5xx) permanent.</summary>
    public static SendOutcome Reply(int code, string detail) =>
        code is >= 400 and <= 499 ? SendOutcome.Transient(detail) : SendOutcome.Permanent(detail);

    /// <summary>"SMTP 550 (recipient nobody@example.org): the server's words".</summary>
    private static string Describe(SmtpCommandException e)
    {
        var what = e.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted => $"recipient {e.Mailbox} refused",
            SmtpErrorCode.SenderNotAccepted => $"sender {e.Mailbox} refused",
            SmtpErrorCode.MessageNotAccepted => "message refused",
            _ => "unexpected reply",
        };
        return $"SMTP {(int)e.StatusCode} ({what}): {ChannelText.OneLine(e.Message)}";
    }
}
