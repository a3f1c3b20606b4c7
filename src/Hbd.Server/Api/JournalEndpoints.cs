using System.Globalization;
using Hbd.Server.Journal;
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
            var q = request.Query;
            DateTimeOffset? since = null;
            if (q.TryGetValue("since", out var sinceText) && !string.IsNullOrEmpty(sinceText))
            {
                if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    return ApiResults.BadRequest($"since: '{sinceText}' is not an ISO 8601 time");
                since = parsed;
            }
            if (!TryInt(q["limit"], 100, 1, JournalQuery.MaxLimit, out var limit))
                return ApiResults.BadRequest($"limit: expected a whole number from 1 to {JournalQuery.MaxLimit}");
            long? before = null;
            if (!string.IsNullOrEmpty(q["before"]))
            {
                if (!long.TryParse(q["before"], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    return ApiResults.BadRequest("before: expected a journal entry id");
                before = id;
            }
            var query = new JournalQuery(Empty(q["host"]), Empty(q["kind"]), since, before, limit);
            return Results.Json(await journal.QueryJournalAsync(query, request.HttpContext.RequestAborted), ApiJson.Default.IReadOnlyListJournalEntry);
        });
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool TryInt(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrEmpty(text))
            return true;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
