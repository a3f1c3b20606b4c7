using Hbd.Server.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Silences;

/// <summary>
/// Journals the end of each silence once (also those that ended while hbd was stopped) and prunes ended silences once the
/// journal no longer keeps entries of their time. A silence stops being active at its end whether or not this has run:
/// every read compares with the clock. Looks once a second, in memory; the store is touched only when something ended.
/// </summary>
public sealed partial class SilenceExpiry(
    ActiveSilences silences, ISilenceStore store, StoreWriter writer, JournalRetention retention, TimeProvider time,
    ILogger<SilenceExpiry> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;
    private bool _failing;

    /// <summary>Notes the silences ended by <paramref name="now"/> and prunes when due.</summary>
    public void RunDue(DateTimeOffset now)
    {
        var ended = silences.EndedBy(now);
        if (ended.Count > 0)
        {
            // Noted first, then journaled: a crash between the two loses an "ended" line rather than writing it twice.
            store.NoteSilencesExpired([.. ended.Select(s => s.Id)]);
            foreach (var silence in ended)
                writer.Append(SilenceJournal.Expired(silence, now));
            silences.Reload();
        }
        if (now - _lastPrune >= PruneInterval)
        {
            _lastPrune = now;
            store.PruneSilences(now - retention.MaxAge);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, time);
        try
        {
            do
            {
                try
                {
                    RunDue(time.GetUtcNow());
                    _failing = false;
                }
                catch (Exception e)
                {
                    // The store is failing (/healthz says so): said once, not every second. Silences still end on time;
                    // only their journal lines wait.
                    if (!_failing)
                        LogFailed(logger, e.Message);
                    _failing = true;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "noting ended silences failed, trying again: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
