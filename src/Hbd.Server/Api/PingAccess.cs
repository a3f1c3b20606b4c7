using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hbd.Server.Ingest;
using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Api;

/// <summary>
/// Who may ping a host: whoever holds the api_token, or the host's own secret (its `keys` entry, else the shared `key`) —
/// so a cron job needs no more than the host's agent already has. With neither set, loopback clients only, as for writes.
/// </summary>
public static class PingAccess
{
    /// <summary>Null when the request may ping <paramref name="host"/>; else the 401 to answer.</summary>
    public static IResult? Check(HttpContext http, string host, ApiTokens tokens, SigningKeys keys)
    {
        var secret = keys.SecretFor(host);
        if (tokens.Write is null && secret is null)
        {
            return http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(Unmapped(remote))
                ? null
                : Unauthorized("pings are allowed from loopback only unless api_token or a key is set");
        }
        var header = http.Request.Headers.Authorization.ToString();
        if (tokens.Write is { } token && WriteAccessFilter.Matches(header, token))
            return null;
        if (secret is not null && MatchesSecret(header, secret))
            return null;
        return Unauthorized("a valid 'Authorization: Bearer <api_token, or the host's key>' is required");
    }

    /// <summary>The client's address as the host's address: IPv4 clients of a dual-stack socket without the ::ffff: prefix.</summary>
    public static string ClientAddress(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } remote ? Unmapped(remote).ToString() : "unknown";

    private static bool MatchesSecret(string header, byte[] secret)
    {
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()), secret);
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IResult Unauthorized(string detail) => ApiResults.Error(StatusCodes.Status401Unauthorized, "unauthorized", detail);
}
