using System.Globalization;
using Hbd.Server.Journal;

namespace Hbd.Server.Notify;

/// <summary>
/// The messages people read on a phone: what happened to which host (the title), when and for how long (the journal's
/// sentence and the time), and a link to the host's page when <c>public_url</c> is set.
/// </summary>
public static class NotificationText
{
    public static Notification For(JournalEntry entry, string? state, Uri? publicUrl) => new()
    {
        Event = entry.Kind,
        Host = entry.Host,
        State = state,
        Level = entry.Level,
        Time = entry.Time,
        Title = Title(entry),
        Text = $"{entry.Text}\n{Stamp(entry.Time)}",
        Url = entry.Host is { } host && publicUrl is not null ? HostPage(publicUrl, host) : publicUrl?.ToString(),
    };

    public static string HostPage(Uri publicUrl, string host) =>
        publicUrl.ToString().TrimEnd('/') + "/hosts/" + Uri.EscapeDataString(host);

    private static string Title(JournalEntry entry) => entry.Kind switch
    {
        JournalKinds.HostDown => $"{entry.Host} is down",
        JournalKinds.HostUp => $"{entry.Host} is up again",
        JournalKinds.HostLate => $"{entry.Host} is late",
        JournalKinds.HostNew => $"new host {entry.Host}",
        JournalKinds.LevelChanged => $"{entry.Host} is {entry.Level ?? "unknown"}",
        JournalKinds.Message => $"{entry.Host}: message",
        NotifyEvents.StillDown => $"{entry.Host} is still down",
        NotifyEvents.Flapping => $"{entry.Host} is flapping",
        NotifyEvents.FlappingOver => $"{entry.Host} is stable again",
        NotifyEvents.Outage => "Outage: " + FirstLine(entry.Text),
        NotifyEvents.OutageOver => "Outage over: " + FirstLine(entry.Text),
        NotifyEvents.NotifyFailed => "A notification could not be delivered",
        JournalKinds.DnsUpdated => $"{entry.Host}: DNS record updated",
        JournalKinds.DnsFailed => $"{entry.Host}: DNS update failed",
        _ => entry.Host is null ? entry.Kind : $"{entry.Host}: {entry.Kind}",
    };

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    private static string Stamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
