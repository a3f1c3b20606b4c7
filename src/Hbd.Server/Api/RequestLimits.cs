using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Hbd.Server.Api;

/// <summary>
/// The documented limits on a request's line and headers, enforced here so that a request over them gets a JSON
/// 414 or 431. Kestrel answers its own limits before any middleware runs, with an empty body and no way to change
/// it, so its limits are raised above ours: only what is also over Kestrel's still gets Kestrel's empty answer.
/// </summary>
public static class RequestLimits
{
    /// <summary>Longest request line, its CRLF included (Kestrel's default).</summary>
    public const int MaxRequestLine = 8 * 1024;

    /// <summary>Most bytes of header lines, each counted as "name: value" and its CRLF (Kestrel's default).</summary>
    public const int MaxHeadersTotal = 32 * 1024;

    /// <summary>Most header lines (Kestrel's default).</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>Kestrel's limits: four times ours, which bounds what a connection may make it buffer.</summary>
    public static void RaiseKestrelLimits(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = 4 * MaxRequestLine;
        limits.MaxRequestHeadersTotalSize = 4 * MaxHeadersTotal;
        limits.MaxRequestHeaderCount = 4 * MaxHeaderCount;
    }

    /// <summary>Middleware: answers a request over the limits with a JSON error and does not pass it on.</summary>
    public static Task Enforce(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value + request.QueryString.Value;
        var line = request.Method.Length + 1 + target.Length + 1 + request.Protocol.Length + 2;
        if (line > MaxRequestLine)
            return Reject(context, StatusCodes.Status414UriTooLong, "uri_too_long",
                $"the request line is {line} bytes; at most {MaxRequestLine} are allowed");

        var count = 0;
        var total = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                total += name.Length + 2 + (value?.Length ?? 0) + 2;
            }
        }
        if (count > MaxHeaderCount)
            return Reject(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "request_header_fields_too_large",
                $"the request has {count} header lines; at most {MaxHeaderCount} are allowed");
        if (total > MaxHeadersTotal)
            return Reject(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "request_header_fields_too_large",
                $"the request's headers are {total} bytes; at most {MaxHeadersTotal} are allowed");
        return next(context);
    }

    private static Task Reject(HttpContext context, int status, string error, string detail) =>
        ApiResults.Error(status, error, detail).ExecuteAsync(context);
}
