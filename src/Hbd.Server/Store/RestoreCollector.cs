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
    private readonly bool _ownsRegion;

    private RestoreCollector(GCLatencyMode latency, bool ownsRegion)
    {
        _latency = latency;
        _ownsRegion = ownsRegion;
    }

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
                return new RestoreCollector(latency, ownsRegion: true);
        }
        catch (ArgumentOutOfRangeException)
        {
            // More than the runtime can set aside at once: collect, but not in the background.
        }
        catch (InvalidOperationException)
        {
            // A region is in progress already (another server in this process, as in tests): leave it be.
            return new RestoreCollector(latency, ownsRegion: false);
        }
        SetLatency(GCLatencyMode.Batch);
        return new RestoreCollector(latency, ownsRegion: false);
    }

    /// <summary>Sets the mode, unless another restore in this process (tests run many servers) holds a region meanwhile.</summary>
    private static void SetLatency(GCLatencyMode mode)
    {
        try
        {
            if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
                GCSettings.LatencyMode = mode;
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        if (!_ownsRegion)
        {
            SetLatency(_latency);
            return;
        }
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The region ended by itself: the restore allocated more than it asked for, or something collected.
        }
    }
}
