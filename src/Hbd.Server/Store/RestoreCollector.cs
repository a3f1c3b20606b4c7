using System.Runtime;

namespace Hbd.Server.Store;

/// <summary>
/// The garbage collector's mode while the stored hosts are put back. Everything made then lives on, so every collection in
/// between would only copy survivors from generation to generation: a million hosts, about 1.2 GB, spent a third of a
/// restart so. With room for what the store holds, no collection runs until the restore is done; without (the runtime
/// refuses the size, or the restore outgrows it), at least no background collection traces the growing heap. The mode is
/// the process's: restores that overlap (tests run many servers in one process) share it, and the last one out puts back
/// the mode the first one found.
/// </summary>
internal sealed class RestoreCollector : IDisposable
{
    private static readonly Lock Gate = new();
    private static int _active;
    private static GCLatencyMode _found;
    private static bool _inRegion;

    private bool _disposed;

    private RestoreCollector()
    {
    }

    /// <param name="storeBytes">
    /// The size of the store's file; 0 when unknown. The hosts take about twice that in memory while they are built (a
    /// million: an 838 MB file), and room for two and a half times it is asked for.
    /// </param>
    public static RestoreCollector Enter(long storeBytes)
    {
        lock (Gate)
        {
            if (_active++ == 0)
            {
                _found = GCSettings.LatencyMode;
                _inRegion = storeBytes > 0 && TryStartRegion(64L * 1024 * 1024 + storeBytes * 5 / 2);
                if (!_inRegion)
                    GCSettings.LatencyMode = GCLatencyMode.Batch;
            }
            return new RestoreCollector();
        }
    }

    private static bool TryStartRegion(long bytes)
    {
        try
        {
            return GC.TryStartNoGCRegion(bytes);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // more than the runtime can set aside at once
        }
        catch (InvalidOperationException)
        {
            return false; // a region is in progress already
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            if (--_active > 0)
                return;
            if (_inRegion && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                try
                {
                    GC.EndNoGCRegion();
                }
                catch (InvalidOperationException)
                {
                    // The region ended by itself: the restore allocated more than it asked for, or something collected.
                }
            }
            else if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
            {
                GCSettings.LatencyMode = _found;
            }
        }
    }
}
