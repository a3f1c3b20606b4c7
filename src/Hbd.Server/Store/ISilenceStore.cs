using Hbd.Server.Silences;

namespace Hbd.Server.Store;

/// <summary>Silences: made and removed through the API, expired by time, kept a while after for the record.</summary>
public interface ISilenceStore
{
    /// <summary>
    /// Stores the silence and returns it with its id; or, when a silence active at <paramref name="now"/> is the same
    /// (<see cref="Silence.SameAs"/>), stores nothing and returns that one with Added false. Decided in one transaction.
    /// </summary>
    Task<(Silence Silence, bool Added)> AddSilenceAsync(Silence silence, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes a silence, active or expired; returns it, or null when there is none of that id.</summary>
    Task<Silence?> RemoveSilenceAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Silences newest first: those active at <paramref name="now"/>, or with <paramref name="includeExpired"/> all that are kept.</summary>
    Task<IReadOnlyList<Silence>> QuerySilencesAsync(DateTimeOffset now, bool includeExpired, CancellationToken cancellationToken = default);

    /// <summary>Every silence whose expiry has not been noted yet (<see cref="NoteSilencesExpired"/>), active or not.</summary>
    IReadOnlyList<Silence> LoadUnnotedSilences();

    /// <summary>Records that the expiry of these silences was journaled, so it is journaled once.</summary>
    void NoteSilencesExpired(IReadOnlyCollection<long> ids);

    /// <summary>Deletes silences noted as expired that ended before <paramref name="before"/>; returns how many.</summary>
    int PruneSilences(DateTimeOffset before);
}
