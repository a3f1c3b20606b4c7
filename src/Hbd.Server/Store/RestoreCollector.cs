using System.Runtime;

namespace Hbd.Server.Store;

/// <summary>
/// The garbage collector's mode while the stored hosts are put back. Everything made then lives on, so every collection in
/// between would only copy survivors from generation to generation: a million hosts, about 1.7 GB, spent a third of a
/// restart so. With room for what the store holds, no collection runs until the restore is done; without (the runtime
/// refuses the size, or the restore outgrows it), at least no background collection traces the growing heap.
/// </summary>
internal sealed class RestoreCollector : IDisposable
{
    private readonly GCLatencyMode _latency;

    private RestoreCollector(GCLatencyMode latency) => _latency = latency;

    /// <param name="storeBytes">
    /// The size of the store's file; 0 when unknown. The hosts take about twice that in memory (a million: an 838 MB file,
    /// 1.8 GB), and room for two and a half times it is asked for.
    /// </param>
    public static RestoreCollector Enter(long storeBytes)
    {
        var latency = GCSettings.LatencyMode;
        try
        {
            if (storeBytes > 0 && GC.TryStartNoGCRegion(64L * 1024 * 1024 + storeBytes * 5 / 2))
                return new RestoreCollector(latency);
        }
        catch (ArgumentOutOfRangeException)
        {
            // More than the runtime can set aside at once: collect, but not in the background.
        }
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        return new RestoreCollector(latency);
    }

    public void Dispose()
    {
        // The region ends by itself when the restore allocated more than it asked for.
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            GC.EndNoGCRegion();
        else
            GCSettings.LatencyMode = _latency;
    }
}
