using System.Net;
using System.Net.Http.Headers;

namespace Hbd.Server.Notify.Channels;

/// <summary>A service's HTTP answer as a channel judges it: the status, the headers and the start of the body.</summary>
internal sealed record HttpAnswer(HttpStatusCode Status, string? Reason, HttpResponseHeaders Headers, string Body)
{
    public int Code => (int)Status;

    public bool IsSuccess => Code is >= 200 and <= 299;

    /// <summary>"HTTP 400 Bad Request": the start of every detail about an answer.</summary>
    public string StatusLine => string.IsNullOrEmpty(Reason) ? $"HTTP {Code}" : $"HTTP {Code} {Reason}";
}
