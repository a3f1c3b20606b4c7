using Hbd.Server.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hbd.Server.Api;

/// <summary>GET /api/journal: newest first, filtered and paged by id.</summary>
public static class JournalEndpoints
{
    public static void MapJournalEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/journal", async (HttpRequest request, IJournalStore journal) =>
        {
            if (!JournalRequest.TryParse(request.Query, out var query, out var error))
                return ApiResults.BadRequest(error);
            return Results.Json(await journal.QueryJournalAsync(query, request.HttpContext.RequestAborted), ApiJson.Default.IReadOnlyListJournalEntry);
        });
    }
}
