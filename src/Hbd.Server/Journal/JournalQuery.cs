namespace Hbd.Server.Journal;

/// <summary>
/// A page of the journal, newest first: entries older than <see cref="Before"/> (an id) when set, of any of <see cref="Kinds"/>,
/// at <see cref="Level"/>, and timed at or after <see cref="Since"/> and before <see cref="Until"/>.
/// </summary>
public sealed record JournalQuery(string? Host = null, IReadOnlyList<string>? Kinds = null, DateTimeOffset? Since = null, long? Before = null,
    int Limit = 100, string? Level = null, DateTimeOffset? Until = null)
{
    public const int MaxLimit = 1000;
}
