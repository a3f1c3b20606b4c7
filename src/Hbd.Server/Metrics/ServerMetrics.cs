using Hbd.Server.Api;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Store;

namespace Hbd.Server.Metrics;

/// <summary>The server's own series: build, hosts by state, datagram counters, the commit feed and the store writer.</summary>
internal static class ServerMetrics
{
    public static void Write(PrometheusTextWriter w, ReadOnlySpan<HostRecord> hosts, DateTimeOffset startedAt, IngestCounters counters,
        CommitFeed commits, StoreHealth store, BodyBufferPool bodies, DateTimeOffset now)
    {
        w.Family("hbd_build_info", "gauge", "The running hbd's version, as a label; always 1.");
        w.Sample("hbd_build_info", [new Label("version", StatusEndpoints.Version)], 1);
        w.Family("hbd_start_time_seconds", "gauge", "When this hbd started, in Unix time.");
        w.Sample("hbd_start_time_seconds", UnixSeconds(startedAt));

        Span<int> byState = stackalloc int[4];
        foreach (var host in hosts)
            byState[(int)host.State]++;
        w.Family("hbd_hosts", "gauge", "Hosts by state, as last committed.");
        foreach (var state in HostStateValues)
            w.Sample("hbd_hosts", [new Label("state", HostStates.Name(state))], byState[(int)state]);

        w.Family("hbd_datagrams_accepted_total", "counter", "Heartbeat datagrams taken.");
        w.Sample("hbd_datagrams_accepted_total", counters.Accepted);
        w.Family("hbd_messages_total", "counter", "Journal message datagrams (hbc -m) taken.");
        w.Sample("hbd_messages_total", counters.Messages);
        w.Family("hbd_datagrams_rejected_total", "counter", "Datagrams dropped, by reason.");
        foreach (var reason in RejectReasons.All)
            w.Sample("hbd_datagrams_rejected_total", [new Label("reason", RejectReasons.Name(reason))], counters.Rejected(reason));

        w.Family("hbd_beat_bodies_not_kept_total", "counter",
            "Beats whose body was not kept for the store because the bodies waiting for it reached their bound (the beat itself counted).");
        w.Sample("hbd_beat_bodies_not_kept_total", bodies.Refused);

        w.Family("hbd_commit_batches_published_total", "counter", "Committed batches published to the change feed.");
        w.Sample("hbd_commit_batches_published_total", commits.Sequence);
        w.Family("hbd_commit_sequence", "gauge", "Sequence number of the latest committed batch (what a WebSocket client resumes from).");
        w.Sample("hbd_commit_sequence", commits.Sequence);
        w.Family("hbd_commit_feed_subscribers", "gauge", "Consumers subscribed to the committed change feed.");
        w.Sample("hbd_commit_feed_subscribers", commits.SubscriberCount);

        WriteStore(w, store, now);
        RuntimeMetrics.Write(w);
    }

    private static readonly HostState[] HostStateValues = Enum.GetValues<HostState>();

    private static void WriteStore(PrometheusTextWriter w, StoreHealth store, DateTimeOffset now)
    {
        var writes = store.Writes.Current;
        w.Family("hbd_store_write_duration_seconds", "histogram", "Duration of the store writer's transactions, failed ones included.");
        for (var i = 0; i < StoreWriteStats.BucketBounds.Length; i++)
            w.Sample("hbd_store_write_duration_seconds_bucket", [new Label("le", BucketLabels[i])], writes.CumulativeBuckets[i]);
        w.Sample("hbd_store_write_duration_seconds_bucket", [new Label("le", "+Inf")], writes.Writes);
        w.Sample("hbd_store_write_duration_seconds_sum", writes.Total.TotalSeconds);
        w.Sample("hbd_store_write_duration_seconds_count", writes.Writes);
        w.Family("hbd_store_last_write_duration_seconds", "gauge", "Duration of the latest store write.");
        w.Sample("hbd_store_last_write_duration_seconds", writes.Last.TotalSeconds);
        w.Family("hbd_store_write_failures_total", "counter", "Store writes that failed (their rows go with the next write).");
        w.Sample("hbd_store_write_failures_total", writes.Failures);
        w.Family("hbd_store_host_rows_written_total", "counter", "Host rows written to the store.");
        w.Sample("hbd_store_host_rows_written_total", writes.HostRows);
        w.Family("hbd_store_journal_rows_written_total", "counter", "Journal rows written to the store.");
        w.Sample("hbd_store_journal_rows_written_total", writes.JournalRows);

        var health = store.Current;
        w.Family("hbd_store_healthy", "gauge", "1 while the store can be written, 0 when writes have failed long enough for /healthz to fail.");
        w.Sample("hbd_store_healthy", health.IsUnhealthy(now) ? 0 : 1);
        w.Family("hbd_store_consecutive_write_failures", "gauge", "Store writes that failed in a row; 0 after a good one.");
        w.Sample("hbd_store_consecutive_write_failures", health.ConsecutiveFailures);
        w.Family("hbd_store_pending_journal_entries", "gauge", "Journal entries held back by failed writes.");
        w.Sample("hbd_store_pending_journal_entries", health.PendingJournal);
        if (health.LastWrite is { } last)
        {
            w.Family("hbd_store_last_write_timestamp_seconds", "gauge", "When the store was last written, in Unix time.");
            w.Sample("hbd_store_last_write_timestamp_seconds", UnixSeconds(last));
        }
    }

    private static readonly string[] BucketLabels = [.. StoreWriteStats.BucketBounds.Select(PrometheusTextWriter.FormatNumber)];

    public static double UnixSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}
