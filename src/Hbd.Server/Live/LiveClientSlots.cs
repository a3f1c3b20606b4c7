namespace Hbd.Server.Live;

/// <summary>How many feed clients are connected, up to <see cref="LiveFeedSettings.MaxClients"/>.</summary>
public sealed class LiveClientSlots(LiveFeedSettings settings)
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _count) <= settings.MaxClients)
            return true;
        Interlocked.Decrement(ref _count);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _count);
}
