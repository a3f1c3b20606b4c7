using Hbd.Common.Config;

namespace Hbd.Client.Agent;

/// <summary>
/// Turns problems seen at every beat into a few lines: one when a problem starts, a reminder at most every
/// <see cref="ReminderEvery"/> while it lasts, one when it ends. A daemon that repeated a failure at every beat would
/// bury it; one that said nothing without -v would hide it.
/// </summary>
/// <param name="time">The clock that times the reminders and how long a problem lasted.</param>
/// <param name="write">Where a line goes (the agent log at the default level).</param>
internal sealed class ProblemTracker(TimeProvider time, Action<string> write)
{
    public static readonly TimeSpan ReminderEvery = TimeSpan.FromMinutes(10);

    // A few at most, looked up by a linear search: no dictionary keyed by a tuple, whose generic code and type data
    // would be one more instantiation in the agent's binary.
    private readonly List<Open> _open = [];
    private readonly Lock _sync = new();

    /// <summary>
    /// Reports that <paramref name="subject"/> has the problem <paramref name="kind"/> now ("server mon1", "cannot
    /// resolve") because of <paramref name="reason"/>: written when it starts and as a reminder when one is due.
    /// </summary>
    public void Failing(string subject, string kind, string reason)
    {
        var now = time.GetUtcNow();
        string? line = null;
        lock (_sync)
        {
            var at = IndexOf(subject, kind);
            if (at < 0)
            {
                _open.Add(new Open(subject, kind, now) { LastWritten = now });
                line = $"{subject}: {kind} ({reason})";
            }
            else if (_open[at] is var open && now - open.LastWritten >= ReminderEvery)
            {
                open.LastWritten = now;
                line = $"{subject}: {kind}, still failing for {Elapsed(now - open.Since)} ({reason})";
            }
        }
        if (line is not null)
            write(line);
    }

    /// <summary>Reports that the problem is gone; written once, as "subject: <paramref name="recovered"/> after 12m".</summary>
    public void Ended(string subject, string kind, string recovered)
    {
        var now = time.GetUtcNow();
        Open open;
        lock (_sync)
        {
            var at = IndexOf(subject, kind);
            if (at < 0)
                return;
            open = _open[at];
            _open.RemoveAt(at);
        }
        write($"{subject}: {recovered} after {Elapsed(now - open.Since)}");
    }

    /// <summary>Whether the problem is open (for tests and --once).</summary>
    public bool IsFailing(string subject, string kind)
    {
        lock (_sync)
            return IndexOf(subject, kind) >= 0;
    }

    private int IndexOf(string subject, string kind)
    {
        for (var i = 0; i < _open.Count; i++)
        {
            if (_open[i].Subject == subject && _open[i].Kind == kind)
                return i;
        }
        return -1;
    }

    /// <summary>Whole seconds under a minute, whole minutes above: a log line needs no more.</summary>
    private static string Elapsed(TimeSpan span) =>
        DurationParser.Format(span < TimeSpan.FromMinutes(1)
            ? TimeSpan.FromSeconds(Math.Max(1, Math.Floor(span.TotalSeconds)))
            : TimeSpan.FromMinutes(Math.Floor(span.TotalMinutes)));

    private sealed class Open(string subject, string kind, DateTimeOffset since)
    {
        public string Subject { get; } = subject;

        public string Kind { get; } = kind;

        public DateTimeOffset Since { get; } = since;

        public DateTimeOffset LastWritten { get; set; }
    }
}
