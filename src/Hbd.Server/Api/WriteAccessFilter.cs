using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Api;

/// <summary>
/// Guards write calls: with an api_token, a matching bearer token is needed; without one, only
/// loopback clients may write (docs/api.md, Access). It records who was let in, for the journal.
/// </summary>
public sealed class WriteAccessFilter(ApiTokens tokens) : IEndpointFilter
{
    private static readonly object WriterKey = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (tokens.Write is { } token)
        {
            if (!Matches(http.Request.Headers.Authorization.ToString(), token))
                return ApiResults.Error(StatusCodes.Status401Unauthorized, "unauthorized", "a valid 'Authorization: Bearer <api_token>' is required");
            http.Items[WriterKey] = "token";
        }
        else if (http.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(Unmapped(remote)))
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, "unauthorized", "writes are allowed from loopback only unless api_token is set");
        }
        else
        {
            http.Items[WriterKey] = Unmapped(remote).ToString();
        }
        return await next(context).ConfigureAwait(false);
    }

    /// <summary>Who this filter let write: "token", or the loopback address the request came from.</summary>
    public static string Writer(HttpContext http) =>
        http.Items[WriterKey] as string ?? throw new InvalidOperationException("the endpoint is not guarded by WriteAccessFilter");

    internal static bool Matches(string header, string token)
    {
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

/// <summary>The API's tokens (api_token, read_token).</summary>
public sealed record ApiTokens(string? Write, string? Read);
