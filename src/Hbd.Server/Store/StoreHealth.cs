using System.Globalization;
using Hbd.Server.Journal;

namespace Hbd.Server.Store;

/// <summary>
/// How the store writer's writes have gone lately, for /healthz and /api/status. Written by the
/// flushing thread alone; readers get an immutable snapshot.
/// </summary>
public sealed class StoreHealth
{
    /// <summary>Fewer failures in a row than this are a passing lock or a slow disk, not an outage.</summary>
    public const int UnhealthyAfterFailures = 4;

    /// <summary>And writes must have been failing for at least this long.</summary>
    public static readonly TimeSpan UnhealthyAfter = TimeSpan.FromSeconds(1);

    private StoreHealthSnapshot _current = new(null, null, 0, null, 0);

    public StoreHealthSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Durations and rows of the writes, for /metrics.</summary>
    public StoreWriteStats Writes { get; } = new();

    /// <summary>Records a failed write; returns the figures after it.</summary>
    public StoreHealthSnapshot Failed(DateTimeOffset at, string error, int pendingJournal)
    {
        var before = Current;
        var after = before with
        {
            FailingSince = before.FailingSince ?? at,
            ConsecutiveFailures = before.ConsecutiveFailures + 1,
            LastError = error,
            PendingJournal = pendingJournal,
        };
        Volatile.Write(ref _current, after);
        return after;
    }

    /// <summary>Records a write that went through; returns since when writes had been failing, or null.</summary>
    public DateTimeOffset? Succeeded(DateTimeOffset at)
    {
        var failingSince = Current.FailingSince;
        Volatile.Write(ref _current, new StoreHealthSnapshot(at, null, 0, null, 0));
        return failingSince;
    }
}

/// <summary>The store writer's figures at one moment. <see cref="LastError"/> is cleared by the next good write.</summary>
public sealed record StoreHealthSnapshot(
    DateTimeOffset? LastWrite, DateTimeOffset? FailingSince, int ConsecutiveFailures, string? LastError, int PendingJournal)
{
    public bool IsUnhealthy(DateTimeOffset now) =>
        FailingSince is { } since && ConsecutiveFailures >= StoreHealth.UnhealthyAfterFailures && now - since >= StoreHealth.UnhealthyAfter;

    /// <summary>"store writes failing for 3.2 s: REASON", for /healthz.</summary>
    public string Describe(DateTimeOffset now)
    {
        var failingFor = now - (FailingSince ?? now);
        var span = failingFor < TimeSpan.FromMinutes(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{failingFor.TotalSeconds:0.0} s")
            : Durations.Format(failingFor);
        return $"store writes failing for {span}: {LastError}";
    }
}
