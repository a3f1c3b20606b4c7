namespace Hbd.Server.Live;

/// <summary>How many feed clients are connected, up to <see cref="LiveFeedSettings.MaxClients"/>, and how many were cut off.</summary>
public sealed class LiveClientSlots(LiveFeedSettings settings)
{
    private int _count;
    private long _dropped;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Clients closed since the start because they did not read fast enough.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void CountDropped() => Interlocked.Increment(ref _dropped);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _count) <= settings.MaxClients)
            return true;
        Interlocked.Decrement(ref _count);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _count);
}
