using Hbd.Server.Commits;
using Hbd.Server.Hosts;

namespace Hbd.Server.Metrics;

/// <summary>
/// The per-host series, read from the read model's records (made at commit): nothing is decoded per scrape, except under
/// <c>metrics_export: all</c> each record's metrics once (<see cref="HostRecord.Metrics"/>).
/// </summary>
internal static class HostMetrics
{
    private delegate void HostSeries(PrometheusTextWriter writer, HostRecord host);

    public static async ValueTask WriteAsync(PrometheusTextWriter w, ArraySegment<HostRecord> hosts, MetricsExport export,
        CancellationToken cancellationToken)
    {
        if (export == MetricsExport.None)
            return;
        foreach (var (name, type, help, series) in Summary)
        {
            w.Family(name, type, help);
            await EachHost(w, hosts, series, cancellationToken).ConfigureAwait(false);
        }
        if (export == MetricsExport.All)
        {
            w.Family("hbd_host_metric", "gauge", "Every metric of the host's latest heartbeat, by group and name, as the agent sent it.");
            await EachHost(w, hosts, static (w, h) =>
            {
                foreach (var m in h.Metrics)
                    w.Sample("hbd_host_metric", [new Label("host", h.Name), new Label("group", m.Group), new Label("metric", m.Metric)], m.Value);
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static readonly (string Name, string Type, string Help, HostSeries Series)[] Summary =
    [
        ("hbd_host_up", "gauge", "1 while the host's heartbeats arrive (state up), else 0.",
            static (w, h) => w.Sample("hbd_host_up", [new Label("host", h.Name)], h.Snapshot.State == HostState.Up ? 1 : 0)),
        ("hbd_host_state", "gauge", "The host's state (unknown, up, late, down) as a label; one sample per host, always 1.",
            static (w, h) => w.Sample("hbd_host_state", [new Label("host", h.Name), new Label("state", HostStates.Name(h.Snapshot.State))], 1)),
        ("hbd_host_level", "gauge", "The worst level the agent rated: 0 ok, 1 warning, 2 critical, 3 unknown.",
            static (w, h) => w.Sample("hbd_host_level", [new Label("host", h.Name)], Math.Min(h.Snapshot.Row.Level, (byte)3))),
        ("hbd_host_last_seen_timestamp_seconds", "gauge", "When the host's latest heartbeat arrived, in Unix time; absent if never heard from.",
            static (w, h) =>
            {
                if (h.Snapshot.Row.LastSeen is { } seen)
                    w.Sample("hbd_host_last_seen_timestamp_seconds", [new Label("host", h.Name)], ServerMetrics.UnixSeconds(seen));
            }),
        ("hbd_host_cpu_usage_percent", "gauge", "CPU in use, in percent, from the latest heartbeat.",
            static (w, h) => Optional(w, "hbd_host_cpu_usage_percent", h, h.Summary.Summary.Cpu)),
        ("hbd_host_memory_used_percent", "gauge", "Memory in use, in percent, from the latest heartbeat.",
            static (w, h) => Optional(w, "hbd_host_memory_used_percent", h, h.Summary.Summary.Memory)),
        ("hbd_host_disk_used_percent", "gauge", "Space in use on the host's fullest disk, in percent, from the latest heartbeat.",
            static (w, h) => Optional(w, "hbd_host_disk_used_percent", h, h.Summary.Summary.Disk)),
    ];

    private static void Optional(PrometheusTextWriter w, string name, HostRecord host, double? value)
    {
        if (value is { } v)
            w.Sample(name, [new Label("host", host.Name)], v);
    }

    private static async ValueTask EachHost(PrometheusTextWriter w, ArraySegment<HostRecord> hosts, HostSeries series,
        CancellationToken cancellationToken)
    {
        foreach (var host in hosts)
        {
            series(w, host);
            if (w.ShouldFlush)
                await w.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
