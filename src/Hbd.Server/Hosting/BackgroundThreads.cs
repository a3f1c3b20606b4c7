namespace Hbd.Server.Hosting;

/// <summary>
/// Threads for work that must give way to the heartbeat receive thread. On two cores at 100,000 beats a second, the
/// store writer at the same priority took the CPU for long enough that the socket's buffer overflowed; at a nice of
/// <see cref="Nice"/> it still gets all the CPU that is spare, but the receive thread runs first when both want it.
/// </summary>
internal static class BackgroundThreads
{
    public const int Nice = 5;

    /// <summary>Runs <paramref name="loop"/> on a thread of its own, named <paramref name="name"/>, at the lower priority.</summary>
    public static Thread Start(string name, Action loop)
    {
        var thread = new Thread(() =>
        {
            LowerPriority();
            try
            {
                loop();
            }
            catch (ObjectDisposedException)
            {
                // The service's parts were disposed under the thread as the host went down: nothing is left to do.
            }
        })
        { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    /// <summary>Raising one's own nice value needs no privilege; where it fails (not Linux), the thread runs as it is.</summary>
    private static void LowerPriority()
    {
        if (!OperatingSystem.IsLinux())
            return;
        try
        {
            LibC.SetPriority(0, LibC.GetTid(), Nice);
        }
        catch (EntryPointNotFoundException)
        {
        }
        catch (DllNotFoundException)
        {
        }
    }
}
