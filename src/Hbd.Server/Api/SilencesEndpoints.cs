using System.Globalization;
using Hbd.Server.Silences;
using Hbd.Server.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hbd.Server.Api;

/// <summary>/api/silences: list, make and remove silences. Each change is journaled and the read model reloaded.</summary>
public static class SilencesEndpoints
{
    public static void MapSilencesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/silences", async (HttpRequest request, ISilenceStore store, TimeProvider time) =>
        {
            var all = request.Query["all"].ToString();
            var includeExpired = false;
            if (all.Length > 0 && !bool.TryParse(all, out includeExpired))
                return ApiResults.BadRequest($"all: expected true or false, found '{all}'");
            var silences = await store.QuerySilencesAsync(time.GetUtcNow(), includeExpired, request.HttpContext.RequestAborted);
            return Results.Json(silences.Select(SilenceView.Of).ToList(), RestJson.Default.IReadOnlyListSilenceView);
        });

        app.MapPost("/api/silences", async (HttpContext http, ISilenceStore store, ActiveSilences active, StoreWriter writer, TimeProvider time) =>
        {
            var (fields, error) = await JsonRequestBody.ReadObjectAsync(http.Request);
            if (error is not null)
                return error;
            var now = time.GetUtcNow();
            if (!SilenceRequest.TryParse(fields!, now, out var wanted, out var detail))
                return ApiResults.BadRequest(detail);

            var (silence, added) = await store.AddSilenceAsync(
                new Silence(0, wanted.Hosts, wanted.Until, wanted.Comment, now, WriteAccessFilter.Writer(http)), now, http.RequestAborted);
            if (!added)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, "conflict", string.Create(CultureInfo.InvariantCulture,
                    $"silence {silence.Id} is active with the same hosts, until and comment"));
            }
            active.Reload();
            Journal(writer, SilenceJournal.Added(silence, now));
            return Results.Json(SilenceView.Of(silence), RestJson.Default.SilenceView, statusCode: StatusCodes.Status201Created);
        }).AddEndpointFilter<WriteAccessFilter>();

        app.MapDelete("/api/silences/{id}", async (string id, HttpContext http, ISilenceStore store, ActiveSilences active, StoreWriter writer,
            TimeProvider time) =>
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                return ApiResults.BadRequest($"id: expected a silence id (a whole number), found '{id}'");
            if (await store.RemoveSilenceAsync(number, http.RequestAborted) is not { } removed)
                return ApiResults.NotFound($"no silence {number}");
            active.Reload();
            Journal(writer, SilenceJournal.Removed(removed, time.GetUtcNow(), WriteAccessFilter.Writer(http)));
            return Results.NoContent();
        }).AddEndpointFilter<WriteAccessFilter>();
    }

    /// <summary>
    /// The silence is committed already; its journal line goes with the store writer, flushed now so a read that follows
    /// finds it. Should the store fail, the line waits for it like any other and the change still stands.
    /// </summary>
    private static void Journal(StoreWriter writer, Journal.JournalEntry entry)
    {
        writer.Append(entry);
        try
        {
            writer.Flush();
        }
        catch (Exception)
        {
            // Logged and counted by the writer (/healthz); the entry is kept for its next write.
        }
    }
}
