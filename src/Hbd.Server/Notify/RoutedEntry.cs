using Hbd.Server.Journal;

namespace Hbd.Server.Notify;

/// <summary>A journal entry to write, and the notifications it was routed to (none: journaled only).</summary>
public readonly record struct RoutedEntry(JournalEntry Entry, IReadOnlyList<RoutedMessage> Notify)
{
    public static RoutedEntry JournalOnly(JournalEntry entry) => new(entry, []);
}

/// <summary>One channel's message about an entry.</summary>
public readonly record struct RoutedMessage(string Channel, Notification Message);
