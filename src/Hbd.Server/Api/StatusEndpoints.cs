using System.Reflection;
using Hbd.Server.Commits;
using Hbd.Server.Config;
using Hbd.Server.History;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Live;
using Hbd.Server.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hbd.Server.Api;

/// <summary>/api/status (version, uptime, hosts by state, datagram counters, store writes, the live feed), and /healthz.</summary>
public static class StatusEndpoints
{
    public static string Version { get; } = (typeof(StatusEndpoints).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    public static void MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/status", (HostRegistry registry, IngestCounters counters, StoreHealth storeHealth, TimeProvider time,
            IServiceProvider services) =>
        {
            var byState = Enum.GetValues<HostState>().ToDictionary(HostStates.Name, _ => 0);
            foreach (var entry in registry.All)
                byState[HostStates.Name(entry.State)]++;
            byState["total"] = registry.Count;
            var view = new StatusView
            {
                Version = Version,
                StartedAt = registry.StartedAt,
                UptimeSeconds = (long)(time.GetUtcNow() - registry.StartedAt).TotalSeconds,
                Hosts = byState,
                Datagrams = new DatagramCounts
                {
                    Accepted = counters.Accepted,
                    Messages = counters.Messages,
                    RejectedTotal = counters.TotalRejected,
                    Rejected = RejectReasons.All.ToDictionary(RejectReasons.Name, counters.Rejected),
                },
                Store = StoreStatus(storeHealth.Current),
                History = services.GetService<HistoryRecorder>() is { } history ? HistoryStatus(history, services.GetRequiredService<ServerOptions>()) : null,
                Notifications = services.GetService<Notify.NotificationSender>() is { } sender
                    ? new NotificationsStatusView(services.GetRequiredService<ServerOptions>().Notify.Channels, sender.Sent, sender.Failed)
                    : new NotificationsStatusView([], 0, 0),
                Feed = FeedStatus(services),
            };
            return Results.Json(view, ApiJson.Default.StatusView);
        });
    }

    public static void MapHealthEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (IJournalStore journal, StoreHealth storeHealth, TimeProvider time) =>
        {
            // Reads can work while nothing can be written (a full disk, a read-only file): ask the writer too.
            var writes = storeHealth.Current;
            var now = time.GetUtcNow();
            if (writes.IsUnhealthy(now))
                return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "unhealthy", writes.Describe(now));
            try
            {
                await journal.QueryJournalAsync(new Journal.JournalQuery(Limit: 1));
                return Results.Json(new HealthView("ok"), ApiJson.Default.HealthView);
            }
            catch (Exception e)
            {
                return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "unhealthy", e.Message);
            }
        });
    }

    private static HistoryStatusView HistoryStatus(HistoryRecorder history, ServerOptions options)
    {
        var counters = history.Counters;
        var file = Path.Combine(options.DataDir, HistorySetup.FileName);
        return new HistoryStatusView
        {
            Days = options.HistoryDays,
            Hosts = history.HostCount,
            Series = history.Catalog.Count,
            Samples = Interlocked.Read(ref counters.Samples),
            BlocksWritten = Interlocked.Read(ref counters.BlocksWritten),
            BlocksDropped = Interlocked.Read(ref counters.BlocksDropped),
            WriteFailures = Interlocked.Read(ref counters.WriteFailures),
            Lagged = Interlocked.Read(ref counters.Lagged),
            FoldsWaiting = history.FoldsWaiting,
            FileBytes = FileBytes(file) + FileBytes(file + "-wal"),
        };
    }

    private static FeedStatusView FeedStatus(IServiceProvider services)
    {
        var slots = services.GetRequiredService<LiveClientSlots>();
        return new FeedStatusView(slots.Count, services.GetRequiredService<LiveFeedSettings>().MaxClients, slots.Dropped,
            services.GetRequiredService<CommitFeed>().Sequence);
    }

    private static long FileBytes(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static StoreStatusView StoreStatus(StoreHealthSnapshot health) => new()
    {
        LastWrite = health.LastWrite,
        FailingSince = health.FailingSince,
        ConsecutiveFailures = health.ConsecutiveFailures,
        LastError = health.LastError,
        PendingJournal = health.PendingJournal,
    };
}
