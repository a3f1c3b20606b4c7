using Hbd.Server.Store;

namespace Hbd.Server.Silences;

/// <summary>
/// The read model of silences: those whose expiry is not yet noted, as the store has them, reloaded whole after every change.
/// Few and rarely changed, so a host's silence is found by a scan, without a query per request.
/// </summary>
public sealed class ActiveSilences
{
    private readonly ISilenceStore _store;
    private readonly Lock _reload = new();
    private IReadOnlyList<Silence> _current;

    public ActiveSilences(ISilenceStore store)
    {
        _store = store;
        _current = store.LoadUnnotedSilences();
    }

    /// <summary>Reads the store again; call after each change to it. Serialised, so a slower reload cannot undo a newer one.</summary>
    public void Reload()
    {
        lock (_reload)
            Volatile.Write(ref _current, _store.LoadUnnotedSilences());
    }

    /// <summary>
    /// When the host's silencing ends: the latest end among the silences active at <paramref name="now"/> that cover it,
    /// since all of them hold from now on. Null when none does.
    /// </summary>
    public DateTimeOffset? SilencedUntil(string host, DateTimeOffset now)
    {
        DateTimeOffset? until = null;
        foreach (var silence in Volatile.Read(ref _current))
        {
            if (silence.IsActiveAt(now) && silence.Covers(host) && (until is null || silence.Until > until))
                until = silence.Until;
        }
        return until;
    }

    /// <summary>Silences that have ended by <paramref name="now"/> and whose expiry is still to be noted.</summary>
    public IReadOnlyList<Silence> EndedBy(DateTimeOffset now) => [.. Volatile.Read(ref _current).Where(s => !s.IsActiveAt(now))];
}
