using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Api;

/// <summary>
/// With a read_token set, reads need `Authorization: Bearer` with it (or with the api_token, which
/// may do everything); without one, reads are open (docs/api.md, Access).
/// </summary>
public sealed class ReadAccessFilter(ApiTokens tokens) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (tokens.Read is { } read)
        {
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            if (!WriteAccessFilter.Matches(header, read) && !(tokens.Write is { } write && WriteAccessFilter.Matches(header, write)))
                return ApiResults.Error(StatusCodes.Status401Unauthorized, "unauthorized", "a valid 'Authorization: Bearer <read_token>' is required");
        }
        return await next(context).ConfigureAwait(false);
    }
}
