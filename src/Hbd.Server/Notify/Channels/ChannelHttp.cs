using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Hbd.Server.Notify.Channels;

/// <summary>
/// One HTTP attempt for the Pushover, Mattermost and webhook channels: sent within the attempt's timeout and classified the
/// same way for all three (a channel adds what its service says), so a failed delivery is an outcome and never an exception.
/// </summary>
internal static class ChannelHttp
{
    /// <summary>How long one attempt may take: long enough for a slow service, short enough that a hung one does not hold the sender.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How much of an answer's body is read: errors are short, and a service gone wrong must not fill memory.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly ProductInfoHeaderValue UserAgent = new("hbd", typeof(ChannelHttp).Assembly.GetName().Version?.ToString(3));

    /// <summary>
    /// Sends what <paramref name="request"/> makes and judges the answer with <paramref name="judge"/>; a transport failure
    /// or the timeout is a transient outcome, a URL that HTTP cannot reach a permanent one. The caller's own cancellation
    /// (hbd stopping) is thrown, not judged.
    /// </summary>
    public static async Task<SendOutcome> SendAsync(HttpClient http, Func<HttpRequestMessage> request, TimeSpan timeout,
        TimeProvider time, Func<HttpAnswer, SendOutcome> judge, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = new CancellationTokenSource(timeout, time);
        using var onTimeout = timer.Token.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), attempt);
        try
        {
            using var message = request();
            message.Headers.UserAgent.Add(UserAgent);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            var body = await ReadBodyAsync(response.Content, attempt.Token).ConfigureAwait(false);
            return judge(new HttpAnswer(response.StatusCode, response.ReasonPhrase, response.Headers, body));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Transient($"no answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException e)
        {
            return SendOutcome.Transient(Describe(e));
        }
        catch (IOException e)
        {
            return SendOutcome.Transient($"connection lost: {ChannelText.OneLine(e.Message)}");
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
        {
            // A URL HTTP cannot reach (an ftp: scheme, say): the setting is wrong, and no retry mends it.
            return SendOutcome.Permanent($"cannot send there: {ChannelText.OneLine(e.Message)}");
        }
    }

    /// <summary>
    /// The judgement every HTTP service shares: 2xx sent; 408, 429 and 5xx transient (429 after the service's Retry-After);
    /// any other status permanent. <paramref name="said"/> is what the service said, when the channel could read it from the body.
    /// </summary>
    public static SendOutcome Classify(HttpAnswer answer, string? said, DateTimeOffset now)
    {
        var detail = Detail(answer, said);
        if (answer.IsSuccess)
            return SendOutcome.Sent(detail);
        if (answer.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || answer.Code >= 500)
            return SendOutcome.Transient(detail, RetryAfter(answer, now));
        return SendOutcome.Permanent(detail);
    }

    /// <summary>"HTTP 400 Bad Request: what the service said" (its body as one short line when it said nothing readable).</summary>
    public static string Detail(HttpAnswer answer, string? said)
    {
        var text = ChannelText.OneLine(said ?? answer.Body);
        return text.Length == 0 ? answer.StatusLine : $"{answer.StatusLine}: {text}";
    }

    /// <summary>The standard Retry-After header, as seconds or as a date; null when there is none.</summary>
    public static TimeSpan? RetryAfter(HttpAnswer answer, DateTimeOffset now)
    {
        var header = answer.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
            return date > now ? date - now : TimeSpan.Zero;
        return null;
    }

    /// <summary>What went wrong below HTTP, for people: refused, reset, name not found, TLS.</summary>
    private static string Describe(HttpRequestException e)
    {
        var what = e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "name not resolved",
            HttpRequestError.ConnectionError => "connection failed",
            HttpRequestError.SecureConnectionError => "TLS failed",
            HttpRequestError.ResponseEnded => "connection closed before the answer",
            HttpRequestError.InvalidResponse => "not an HTTP answer",
            _ => "request failed",
        };
        var cause = e.InnerException is SocketException socket ? $"{socket.SocketErrorCode}: {e.Message}" : e.Message;
        return $"{what}: {ChannelText.OneLine(cause)}";
    }

    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                length += read;
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
    }
}
