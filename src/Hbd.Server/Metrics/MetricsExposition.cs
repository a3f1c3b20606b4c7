using System.Buffers;
using System.IO.Pipelines;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Store;

namespace Hbd.Server.Metrics;

/// <summary>
/// What GET /metrics answers: the server's series, then the per-host ones that <c>metrics_export</c> asks for, all from one
/// pass's copy of the read model's references, so every family of a scrape speaks of the same hosts.
/// </summary>
public sealed class MetricsExposition(CommitFeed commits, HostRegistry registry, IngestCounters counters, StoreHealth store,
    MetricsExportSetting export, TimeProvider time, Dns.DnsStates? dns = null, IServiceProvider? services = null)
{
    // Resolved at the first scrape: history and notifications are registered only when they run.
    private readonly Lazy<(History.HistoryRecorder?, Notify.NotificationSender?)> _features = new(() =>
        ((History.HistoryRecorder?)services?.GetService(typeof(History.HistoryRecorder)),
            (Notify.NotificationSender?)services?.GetService(typeof(Notify.NotificationSender))));

    public async Task WriteAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        var writer = new PrometheusTextWriter(output);
        var hosts = TakeHosts(commits.Hosts);
        try
        {
            ServerMetrics.Write(writer, hosts, registry.StartedAt, counters, commits, store, registry.Bodies, time.GetUtcNow());
            FeatureMetrics.Write(writer, _features.Value.Item1, _features.Value.Item2);
            if (dns is not null)
                DnsMetrics.Write(writer, dns);
            await HostMetrics.WriteAsync(writer, hosts, export.Value, cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Cleared: the pool must not keep records (and their bodies) alive.
            ArrayPool<HostRecord>.Shared.Return(hosts.Array!, clearArray: true);
        }
    }

    /// <summary>The records as they are now, in a pooled array (100,000 references are 800 KB: not worth a fresh one per scrape).</summary>
    private static ArraySegment<HostRecord> TakeHosts(CommittedHosts model)
    {
        var array = ArrayPool<HostRecord>.Shared.Rent(model.Count + 64);
        var count = 0;
        foreach (var record in model.All)
        {
            if (count == array.Length)
            {
                var larger = ArrayPool<HostRecord>.Shared.Rent(array.Length * 2);
                array.AsSpan().CopyTo(larger);
                ArrayPool<HostRecord>.Shared.Return(array, clearArray: true);
                array = larger;
            }
            array[count++] = record;
        }
        return new ArraySegment<HostRecord>(array, 0, count);
    }
}
