using System.Text.Json;
using Hbd.Server.Api;
using Hbd.Server.Commits;

namespace Hbd.Server.Live;

/// <summary>
/// The feed's messages (docs/api.md): <c>{"type":"snapshot","seq":N,"hosts":[…]}</c> on connect, then frames
/// <c>{"seq":N,"changes":[…]}</c> of <c>host</c>, <c>event</c> and <c>removed</c> changes, in commit order.
/// </summary>
internal static class LiveMessages
{
    public static async ValueTask SendSnapshotAsync(LiveMessageWriter writer, HostsSnapshot snapshot, CancellationToken cancel)
    {
        var json = writer.Begin();
        json.WriteStartObject();
        json.WriteString("type", "snapshot");
        json.WriteNumber("seq", snapshot.Sequence);
        json.WriteStartArray("hosts");
        foreach (var record in snapshot.Hosts.OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
        {
            JsonSerializer.Serialize(json, HostViews.Summary(record), ApiJson.Default.HostSummaryView);
            await writer.FlushIfLargeAsync(cancel).ConfigureAwait(false);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await writer.EndAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// One frame for several batches. A host that changed in more than one of them is sent once, as the last one left it,
    /// at its last place: a burst of beats from a large fleet stays one host per host.
    /// </summary>
    public static async ValueTask SendFrameAsync(LiveMessageWriter writer, IReadOnlyList<CommittedBatch> batches, CancellationToken cancel)
    {
        var lastOf = new Dictionary<string, (int Batch, int Index)>(StringComparer.OrdinalIgnoreCase);
        for (var b = 0; b < batches.Count; b++)
            for (var h = 0; h < batches[b].Hosts.Count; h++)
                lastOf[batches[b].Hosts[h].Name] = (b, h);

        var json = writer.Begin();
        json.WriteStartObject();
        json.WriteNumber("seq", batches[^1].Sequence);
        json.WriteStartArray("changes");
        for (var b = 0; b < batches.Count; b++)
        {
            var batch = batches[b];
            foreach (var name in batch.Removed)
            {
                json.WriteStartObject();
                json.WriteString("type", "removed");
                json.WriteString("name", name);
                json.WriteEndObject();
            }
            for (var h = 0; h < batch.Hosts.Count; h++)
            {
                var record = batch.Hosts[h];
                if (lastOf[record.Name] != (b, h))
                    continue;
                json.WriteStartObject();
                json.WriteString("type", "host");
                json.WritePropertyName("host");
                JsonSerializer.Serialize(json, HostViews.Summary(record), ApiJson.Default.HostSummaryView);
                json.WriteEndObject();
                await writer.FlushIfLargeAsync(cancel).ConfigureAwait(false);
            }
            foreach (var entry in batch.Journal)
            {
                json.WriteStartObject();
                json.WriteString("type", "event");
                json.WritePropertyName("event");
                JsonSerializer.Serialize(json, entry, ApiJson.Default.JournalEntry);
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await writer.EndAsync(cancel).ConfigureAwait(false);
    }
}
