using Hbd.Server.History;
using Hbd.Server.Notify;

namespace Hbd.Server.Metrics;

/// <summary>The series of the metric history and of notifications, when they run.</summary>
internal static class FeatureMetrics
{
    public static void Write(PrometheusTextWriter w, HistoryRecorder? history, NotificationSender? notifications)
    {
        if (history is not null)
        {
            var counters = history.Counters;
            w.Family("hbd_history_samples_total", "counter", "Beats recorded in the metric history.");
            w.Sample("hbd_history_samples_total", Interlocked.Read(ref counters.Samples));
            w.Family("hbd_history_blocks_written_total", "counter", "History blocks written to history.db (a minute of beats, an hour or a day of points).");
            w.Sample("hbd_history_blocks_written_total", Interlocked.Read(ref counters.BlocksWritten));
            w.Family("hbd_history_blocks_dropped_total", "counter", "History blocks let go while history.db could not be written.");
            w.Sample("hbd_history_blocks_dropped_total", Interlocked.Read(ref counters.BlocksDropped));
            w.Family("hbd_history_write_failures_total", "counter", "Writes to history.db that failed.");
            w.Sample("hbd_history_write_failures_total", Interlocked.Read(ref counters.WriteFailures));
            w.Family("hbd_history_lagged_total", "counter", "Times the history fell behind the committed stream (a gap in every host's history).");
            w.Sample("hbd_history_lagged_total", Interlocked.Read(ref counters.Lagged));
        }
        if (notifications is not null)
        {
            w.Family("hbd_notifications_sent_total", "counter", "Notifications delivered, over every channel.");
            w.Sample("hbd_notifications_sent_total", notifications.Sent);
            w.Family("hbd_notifications_given_up_total", "counter", "Notifications given up (refused for good, or not delivered within notify_max_age).");
            w.Sample("hbd_notifications_given_up_total", notifications.Failed);
        }
    }
}
