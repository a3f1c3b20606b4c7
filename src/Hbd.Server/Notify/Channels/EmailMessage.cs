using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;

namespace Hbd.Server.Notify.Channels;

/// <summary>
/// The e-mail for a notification: "[hbd] title", plain text and HTML alternatives (the HTML escaped: host names and hosts'
/// messages are not markup), dated when the event happened, with a Message-ID made from the outbox row so that a resend of
/// the row is recognisable as the same message.
/// </summary>
internal static class EmailMessage
{
    public const string SubjectPrefix = "[hbd] ";

    /// <summary>Builds the message; throws <see cref="ParseException"/> for an address that is not one.</summary>
    public static MimeMessage Build(EmailSettings settings, Notification notification)
    {
        var message = new MimeMessage
        {
            Subject = SubjectPrefix + notification.Title,
            Date = notification.Time,
            MessageId = MessageId(notification),
        };
        message.From.Add(MailboxAddress.Parse(settings.From));
        foreach (var to in settings.To)
            message.To.Add(MailboxAddress.Parse(to));
        // RFC 3834: an automatic message, so that vacation responders do not answer it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new BodyBuilder { TextBody = PlainText(notification), HtmlBody = Html(notification) };
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>"outbox-ID.REPEAT@hbd" for a row; unique for a test message, which has no row (two tests are two messages).</summary>
    public static string MessageId(Notification notification) => notification.OutboxId == 0
        ? $"test-{Guid.NewGuid():N}@hbd"
        : string.Create(CultureInfo.InvariantCulture, $"outbox-{notification.OutboxId}.{notification.Repeat}@hbd");

    public static string PlainText(Notification notification)
    {
        var text = new StringBuilder(notification.Title).Append("\n\n");
        if (notification.Text.Length > 0)
            text.Append(notification.Text).Append("\n\n");
        if (!string.IsNullOrEmpty(notification.Url))
            text.Append(notification.Url).Append('\n');
        return text.ToString();
    }

    public static string Html(Notification notification)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html><body>\n<p><strong>")
            .Append(WebUtility.HtmlEncode(notification.Title)).Append("</strong></p>\n");
        if (notification.Text.Length > 0)
        {
            var lines = notification.Text.ReplaceLineEndings("\n").Split('\n').Select(WebUtility.HtmlEncode);
            html.Append("<p>").AppendJoin("<br>\n", lines).Append("</p>\n");
        }
        if (!string.IsNullOrEmpty(notification.Url))
        {
            var url = WebUtility.HtmlEncode(notification.Url);
            html.Append("<p><a href=\"").Append(url).Append("\">").Append(url).Append("</a></p>\n");
        }
        return html.Append("</body></html>\n").ToString();
    }
}
