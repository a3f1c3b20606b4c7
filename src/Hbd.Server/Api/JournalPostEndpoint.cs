using Hbd.Server.Journal;
using Hbd.Server.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hbd.Server.Api;

/// <summary>POST /api/journal: a message from a person or a script, journaled as kind `message` through the store writer.</summary>
public static class JournalPostEndpoint
{
    public static void MapJournalPostEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/journal", async (HttpRequest request, StoreWriter writer, TimeProvider time) =>
        {
            var (fields, error) = await JsonRequestBody.ReadObjectAsync(request);
            if (error is not null)
                return error;
            if (!JournalMessageRequest.TryParse(fields!, out var message, out var detail))
                return ApiResults.BadRequest(detail);

            var written = writer.AppendTracked(new JournalEntry(0, time.GetUtcNow(), message.Host, JournalKinds.Message, message.Level, message.Text));
            // Answered with the entry as committed, id and all, so a read that follows finds it.
            try
            {
                writer.Flush();
            }
            catch (Exception e)
            {
                return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "store_unavailable",
                    $"the message is taken, but the store could not write it yet ({e.Message}); it will be written when the store recovers");
            }
            try
            {
                return Results.Json(await written, ApiJson.Default.JournalEntry, statusCode: StatusCodes.Status201Created);
            }
            catch (InvalidOperationException e)
            {
                return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "store_unavailable", e.Message);
            }
        }).AddEndpointFilter<WriteAccessFilter>();
    }
}
