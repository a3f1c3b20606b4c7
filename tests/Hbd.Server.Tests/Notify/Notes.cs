using Hbd.Server.Notify;
namespace Hbd.Server.Tests.Notify;

/// <summary>Notifications as the router makes them, for the channel tests.</summary>
internal static class Notes
{
    public static readonly DateTimeOffset Time = new(2026, 1, 14, 21, 43, 17, 226, TimeSpan.Zero);

    public static Notification Down(string? level = "critical", string? url = "https://hbd.example.org/hosts/web1") => new()
    {
        OutboxId = 42,
        JournalId = 1234,
        Event = "host_down",
        Host = "web1",
        State = "down",
        Level = level,
        Time = Time,
        Title = "web1 is down",
        Text = "No heartbeat since 21:41:17 (2 min).\nLast message: disk /var 97 % full",
        Url = url,
        Repeat = 1,
    };
}
