namespace Hbd.Server.Journal;

/// <summary>A page of the journal, newest first: entries older than <see cref="Before"/> (an id) when set.</summary>
public sealed record JournalQuery(string? Host = null, string? Kind = null, DateTimeOffset? Since = null, long? Before = null, int Limit = 100)
{
    public const int MaxLimit = 1000;
}
