using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Hbd.Server.Api;

/// <summary>
/// Gives the errors that come with no body — routing's 404 (no route) and 405 (route, but not for this method) —
/// the API's JSON {error, detail}, so that a client never has to handle a second error format.
/// </summary>
public static class StatusCodeErrors
{
    public static IApplicationBuilder UseJsonStatusCodeErrors(this IApplicationBuilder app) => app.UseStatusCodePages(Write);

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
