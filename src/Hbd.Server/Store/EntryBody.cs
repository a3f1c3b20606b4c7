using Hbd.Server.Hosts;

namespace Hbd.Server.Store;

/// <summary>A body left in its registry entry for the store to read at the write: version <paramref name="Version"/> of it.</summary>
public readonly record struct EntryBody(HostEntry Entry, long Version)
{
    /// <summary>
    /// Calls <paramref name="read"/> with the body under the entry's lock, and returns true, if the entry still holds this
    /// version; false if a newer beat replaced it meanwhile (that one makes the entry dirty again, for the next write).
    /// </summary>
    public bool TryRead<TState>(TState state, System.Buffers.ReadOnlySpanAction<byte, TState> read)
    {
        lock (Entry.Sync)
        {
            if (Entry.BodyVersion != Version || Entry.Body is not { } body)
                return false;
            read(body.Span, state);
            return true;
        }
    }
}
