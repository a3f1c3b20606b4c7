using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Hbd.Server.Api;

/// <summary>
/// Gives the errors that come with no body — routing's 404 (no route) and 405 (route, but not for this method), and
/// the 500 of an unhandled exception — the API's JSON {error, detail}, so that a client never has to handle a second
/// error format.
/// </summary>
public static class StatusCodeErrors
{
    public static IApplicationBuilder UseJsonStatusCodeErrors(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteException }).UseStatusCodePages(Write);

    /// <summary>
    /// The middleware has logged the exception. Kestrel's BadHttpRequestException (a body over its limit, a body cut
    /// short) is the client's mistake and keeps its status; anything else is ours, and its message stays in the log.
    /// </summary>
    private static Task WriteException(HttpContext http)
    {
        var result = http.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException bad
            ? ApiResults.Error(bad.StatusCode, SnakeCase(ReasonPhrases.GetReasonPhrase(bad.StatusCode)), bad.Message)
            : ApiResults.Error(StatusCodes.Status500InternalServerError, "internal_error", "the server failed on this request; its log says why");
        return result.ExecuteAsync(http);
    }

    private static Task Write(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var status = http.Response.StatusCode;
        var path = request.Path.Value;
        var result = status switch
        {
            StatusCodes.Status404NotFound => ApiResults.NotFound($"nothing at {path}"),
            StatusCodes.Status405MethodNotAllowed => ApiResults.Error(status, "method_not_allowed",
                $"{request.Method} is not allowed on {path}; allowed: {http.Response.Headers.Allow}"),
            _ => ApiResults.Error(status, SnakeCase(ReasonPhrases.GetReasonPhrase(status)), ReasonPhrases.GetReasonPhrase(status)),
        };
        return result.ExecuteAsync(http);
    }

    private static string SnakeCase(string phrase) =>
        phrase.Length == 0 ? "error" : phrase.Replace(' ', '_').Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}
