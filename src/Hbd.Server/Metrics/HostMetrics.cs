using System.Buffers;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;

namespace Hbd.Server.Metrics;

/// <summary>
/// The per-host series, read from the read model's records (made at commit): nothing is decoded per scrape, except under
/// <c>metrics_export: all</c> each record's metrics once (<see cref="HostRecord.Metrics"/>). One pass gathers what the
/// families need into a compact table, so each family's pass reads it in order instead of chasing every record's objects again.
/// </summary>
internal static class HostMetrics
{
    private delegate void RowSeries(PrometheusTextWriter writer, in HostRow host);

    public static async ValueTask WriteAsync(PrometheusTextWriter w, ArraySegment<HostRecord> hosts, MetricsExport export,
        CancellationToken cancellationToken)
    {
        if (export == MetricsExport.None)
            return;
        var rows = ArrayPool<HostRow>.Shared.Rent(Math.Max(1, hosts.Count));
        try
        {
            for (var i = 0; i < hosts.Count; i++)
                rows[i] = HostRow.Of(hosts[i]);
            var table = new ArraySegment<HostRow>(rows, 0, hosts.Count);
            foreach (var (name, type, help, series) in Summary)
            {
                w.Family(name, type, help);
                await EachHost(w, table, series, cancellationToken).ConfigureAwait(false);
            }
            if (export == MetricsExport.All)
            {
                w.Family("hbd_host_metric", "gauge", "Every metric of the host's latest heartbeat, by group and name, as the agent sent it.");
                await EachHost(w, table, static (w, in h) =>
                {
                    foreach (var m in h.Record.Metrics)
                        w.Sample("hbd_host_metric"u8, h.Label, [new Label("group", m.Group), new Label("metric", m.Metric)], m.Value);
                }, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<HostRow>.Shared.Return(rows, clearArray: true);
        }
    }

    private static readonly (string Name, string Type, string Help, RowSeries Series)[] Summary =
    [
        ("hbd_host_up", "gauge", "1 while the host's heartbeats arrive (state up), else 0.",
            static (w, in h) => w.Sample("hbd_host_up"u8, h.Label, [], h.State == HostState.Up ? 1 : 0)),
        ("hbd_host_state", "gauge", "The host's state (unknown, up, late, down) as a label; one sample per host, always 1.",
            static (w, in h) => w.Sample("hbd_host_state"u8, h.Label, [new Label("state", HostStates.Name(h.State))], 1)),
        ("hbd_host_level", "gauge", "The worst level the agent rated: 0 ok, 1 warning, 2 critical, 3 unknown.",
            static (w, in h) => w.Sample("hbd_host_level"u8, h.Label, [], h.Level)),
        ("hbd_host_last_seen_timestamp_seconds", "gauge", "When the host's latest heartbeat arrived, in Unix time; absent if never heard from.",
            static (w, in h) => Optional(w, "hbd_host_last_seen_timestamp_seconds"u8, h, h.LastSeen)),
        ("hbd_host_cpu_usage_percent", "gauge", "CPU in use, in percent, from the latest heartbeat.",
            static (w, in h) => Optional(w, "hbd_host_cpu_usage_percent"u8, h, h.Cpu)),
        ("hbd_host_memory_used_percent", "gauge", "Memory in use, in percent, from the latest heartbeat.",
            static (w, in h) => Optional(w, "hbd_host_memory_used_percent"u8, h, h.Memory)),
        ("hbd_host_disk_used_percent", "gauge", "Space in use on the host's fullest disk, in percent, from the latest heartbeat.",
            static (w, in h) => Optional(w, "hbd_host_disk_used_percent"u8, h, h.Disk)),
    ];

    private static void Optional(PrometheusTextWriter w, ReadOnlySpan<byte> name, in HostRow host, double? value)
    {
        if (value is { } v)
            w.Sample(name, host.Label, [], v);
    }

    private static async ValueTask EachHost(PrometheusTextWriter w, ArraySegment<HostRow> hosts, RowSeries series,
        CancellationToken cancellationToken)
    {
        for (var i = 0; i < hosts.Count; i++)
        {
            series(w, in hosts.Array![hosts.Offset + i]);
            if (w.ShouldFlush)
                await w.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What the summary families need of one host, gathered in one pass over its record.</summary>
    private readonly record struct HostRow(HostRecord Record, byte[] Label, HostState State, byte Level,
        double? LastSeen, double? Cpu, double? Memory, double? Disk)
    {
        public static HostRow Of(HostRecord record)
        {
            lock (record.Sync)
                return OfCommit(record);
        }

        private static HostRow OfCommit(HostRecord record)
        {
            var load = record.Load;
            return new HostRow(record, record.MetricsLabel, record.State, Math.Min(record.Level, (byte)3),
                record.LastSeen is { } seen ? ServerMetrics.UnixSeconds(seen) : null, load.CpuShown, load.MemoryShown, load.DiskShown);
        }
    }
}
