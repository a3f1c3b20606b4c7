using Hbd.Server.Journal;

namespace Hbd.Server.Store;

/// <summary>Adds entries to the journal with the store writer's next write (the store writer is the one implementation).</summary>
public interface IJournalAppender
{
    /// <summary>An entry, routed to notifications like any other.</summary>
    void Append(JournalEntry entry);

    /// <summary>An entry that is journaled only, never routed to a notification.</summary>
    void AppendUnrouted(JournalEntry entry);
}
