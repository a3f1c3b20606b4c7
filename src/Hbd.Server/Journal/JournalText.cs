using Hbd.Common;
using Hbd.Server.Hosts;

namespace Hbd.Server.Journal;

/// <summary>How each host change reads in the journal.</summary>
public static class JournalText
{
    public static JournalEntry? For(HostChange change) => change switch
    {
        HostAdded added => Entry(added, JournalKinds.HostNew, AlertLevels.Name(added.Level),
            $"new host {added.Host}" + (added.Address is null ? "" : $" at {added.Address}") + $", level {AlertLevels.Name(added.Level)}"),
        HostStateChanged { To: HostState.Late } late => Entry(late, JournalKinds.HostLate, "warning",
            $"{late.Host} is late: no heartbeat for {Durations.Format(late.Silence)}"),
        HostStateChanged { To: HostState.Down, NeverSeen: true } never => Entry(never, JournalKinds.HostDown, "critical",
            $"{never.Host} is down: never heard from, {Durations.Format(never.Silence)} after start"),
        HostStateChanged { To: HostState.Down } down => Entry(down, JournalKinds.HostDown, "critical",
            $"{down.Host} is down: no heartbeat for {Durations.Format(down.Silence)}"),
        HostStateChanged { To: HostState.Up } up => Entry(up, JournalKinds.HostUp, "ok",
            $"{up.Host} is up again after {Durations.Format(up.Silence)} {HostStates.Name(up.From)}"),
        HostLevelChanged level => Entry(level, JournalKinds.LevelChanged, AlertLevels.Name(level.To),
            $"{level.Host} level {AlertLevels.Name(level.From)} → {AlertLevels.Name(level.To)}"),
        HostAddressChanged moved => Entry(moved, JournalKinds.AddressChanged, null,
            $"{moved.Host} now reports from {moved.To}" + (moved.From is null ? "" : $" (was {moved.From})")),
        HostClockRejected clock => Entry(clock, JournalKinds.ClockSkew, "warning", ClockText(clock)),
        HostMessage message => Entry(message, JournalKinds.Message, null, message.Text),
        HostRemoved removed => Entry(removed, JournalKinds.HostRemoved, null, $"{removed.Host} forgotten by {removed.By}"),
        _ => null,
    };

    private static string ClockText(HostClockRejected clock)
    {
        // A forged send time can be anything up to 2^63 ms, past what a TimeSpan holds.
        var off = Durations.Format(TimeSpan.FromMilliseconds(Math.Min(Math.Abs((double)clock.OffsetMs), TimeSpan.MaxValue.TotalMilliseconds - 1)));
        if (clock.BeforeLatest)
            return $"{clock.Host}: heartbeats of a new run dropped as stale: sent {off} before the latest beat accepted"
                + " (a replay of an older run, or the agent's clock went back)";
        var direction = clock.OffsetMs > 0 ? "ahead of" : "behind";
        return $"{clock.Host}: heartbeats dropped as stale: sent {off} {direction} this server's clock"
            + $" (max_clock_skew {Durations.Format(clock.MaxClockSkew)}); check the agent's clock";
    }

    private static JournalEntry Entry(HostChange change, string kind, string? level, string text) =>
        new(0, change.Time, change.Host, kind, level, text);
}
