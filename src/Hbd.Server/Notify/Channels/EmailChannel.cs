using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Hbd.Server.Notify.Channels;

/// <summary>
/// E-mail over SMTP (MailKit): one connection per message, TLS as the settings say (none, STARTTLS, or TLS from the start),
/// authenticated when a user is set. A connection per message keeps the channel free of state a server could time out.
/// </summary>
public sealed class EmailChannel : INotificationChannel
{
    private readonly EmailSettings _settings;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly X509Certificate2? _trustedRoot;

    /// <param name="settings">The server, TLS, credentials and addresses.</param>
    /// <param name="time">The clock of the attempt's timeout.</param>
    /// <param name="timeout">How long one attempt may take, connecting to QUIT (10 s unless a test wants less).</param>
    /// <param name="trustedRoot">
    /// A root trusted besides the system's (tests, with a certificate of their own); the server's certificate is validated
    /// as always, its chain may also end here.
    /// </param>
    public EmailChannel(EmailSettings settings, TimeProvider? time = null, TimeSpan? timeout = null, X509Certificate2? trustedRoot = null)
    {
        _settings = settings;
        _time = time ?? TimeProvider.System;
        _timeout = timeout ?? ChannelHttp.DefaultTimeout;
        _trustedRoot = trustedRoot;
    }

    public string Name => "email";

    public static SecureSocketOptions SocketOptions(SmtpTls tls) => tls switch
    {
        SmtpTls.StartTls => SecureSocketOptions.StartTls,
        SmtpTls.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    /// <summary>Sends one message; the caller's own cancellation (hbd stopping) is thrown, everything else is an outcome.</summary>
    public async Task<SendOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = new CancellationTokenSource(_timeout, _time);
        using var onTimeout = timer.Token.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), attempt);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, _timeout.TotalMilliseconds) };
        if (_trustedRoot is not null)
            client.ServerCertificateValidationCallback = TrustedRoot.Callback(_trustedRoot);
        try
        {
            var message = EmailMessage.Build(_settings, notification);
            using (message)
            {
                await client.ConnectAsync(_settings.Server, _settings.Port, SocketOptions(_settings.Tls), attempt.Token).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(_settings.User))
                    await client.AuthenticateAsync(_settings.User, _settings.Password ?? "", attempt.Token).ConfigureAwait(false);
                var reply = await client.SendAsync(message, attempt.Token).ConfigureAwait(false);
                await QuitAsync(client, attempt.Token).ConfigureAwait(false);
                return SendOutcome.Sent($"SMTP 250: {ChannelText.OneLine(reply)}");
            }
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // The attempt's timer or MailKit's own per-operation timeout, whichever fired first: both mean no answer in time.
            return SendOutcome.Transient($"no answer within {_timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return SmtpOutcome.Of(e);
        }
    }

    /// <summary>Says QUIT; the message is taken already, so a server that drops the line first changes nothing.</summary>
    private static async Task QuitAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException)
        {
        }
    }
}
