using System.Globalization;
using Hbd.Server.Api;
using Hbd.Server.Journal;

namespace Hbd.Server.Silences;

/// <summary>How silences read in the journal: server entries (no host), since a silence may cover many.</summary>
public static class SilenceJournal
{
    public static JournalEntry Added(Silence silence, DateTimeOffset time) =>
        Entry(JournalKinds.SilenceAdded, time, $"{Name(silence)} until {Time(silence.Until)} by {silence.CreatedBy}"
            + (string.IsNullOrEmpty(silence.Comment) ? "" : $": {silence.Comment}"));

    public static JournalEntry Removed(Silence silence, DateTimeOffset time, string by) =>
        Entry(JournalKinds.SilenceRemoved, time, $"{Name(silence)} removed by {by}");

    public static JournalEntry Expired(Silence silence, DateTimeOffset time) =>
        Entry(JournalKinds.SilenceExpired, time, $"{Name(silence)} ended at {Time(silence.Until)}");

    private static string Name(Silence silence) =>
        string.Create(CultureInfo.InvariantCulture, $"silence {silence.Id} for {string.Join(", ", silence.Hosts)}");

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(UtcTimeConverter.Format, CultureInfo.InvariantCulture);

    private static JournalEntry Entry(string kind, DateTimeOffset time, string text) => new(0, time, null, kind, null, text);
}
