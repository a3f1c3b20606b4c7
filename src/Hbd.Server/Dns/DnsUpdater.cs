using System.Net;
using System.Net.Sockets;
using Hbd.Server.Commits;
using Hbd.Server.Journal;
using Hbd.Server.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Dns;

/// <summary>
/// Keeps each dyndns host's DNS record at the host's newest committed address (docs/configuration.md, dynamic DNS).
/// Level-triggered: the committed stream only moves the address a host should have; one task per host that is out of
/// step sends updates until DNS holds the newest address, so an address that changes while an update is in flight is
/// sent next, and DNS ends with the newest. At most <c>dns_max_inflight</c> exchanges are in flight at once.
/// A record not yet checked (at start) is queried first and updated only when it differs: a restart sends no update
/// when DNS is already right. There is no outbox: the wanted state is the host's address in hbd.db, and the query at
/// start reconciles DNS with it, so a crash loses nothing and a repeated update (a record replaced by itself) is harmless.
/// Failures are retried with <see cref="DnsBackoff"/> while the address is still wanted; hbd never stops for DNS.
/// </summary>
public sealed partial class DnsUpdater(DnsOptions options, DnsStates states, CommitFeed feed, IJournalAppender journal,
    TimeProvider time, ILogger<DnsUpdater> logger, Func<IPAddress, IDnsServerClient>? connect = null) : BackgroundService
{
    public const int QueueBatches = 256;

    private readonly SemaphoreSlim _slots = new(options.MaxInflight, options.MaxInflight);
    private readonly List<Task> _workers = [];
    private readonly Lock _workersSync = new();
    private (CommitSubscription Subscription, HostsSnapshot Snapshot)? _start;
    private IDnsServerClient? _client;
    private CancellationToken _stopping;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the store writer starts, so no commit is missed; the snapshot is where the stream takes up.
        _start = feed.SubscribeWithSnapshot(QueueBatches);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var (subscription, snapshot) = _start ?? feed.SubscribeWithSnapshot(QueueBatches);
        try
        {
            _client = await ConnectAsync(stoppingToken).ConfigureAwait(false);
            Want(snapshot.Hosts);
            while (!stoppingToken.IsCancellationRequested)
            {
                while (subscription.Reader.TryRead(out var batch))
                    Want(batch.Hosts);
                if (subscription.Lagged)
                {
                    LogLagged(logger);
                    subscription.Dispose();
                    (subscription, snapshot) = feed.SubscribeWithSnapshot(QueueBatches);
                    Want(snapshot.Hosts);
                    continue;
                }
                if (!await subscription.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
                    break; // the feed completes at shutdown
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            subscription.Dispose();
            Task[] workers;
            lock (_workersSync)
                workers = [.. _workers];
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
    }

    /// <summary>The server's address; a name that does not resolve yet is retried, DNS must not stop hbd.</summary>
    private async Task<IDnsServerClient> ConnectAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var address = await DnsServerClient.ResolveAsync(options, stoppingToken).ConfigureAwait(false);
                return connect?.Invoke(address) ?? new DnsServerClient(options, address);
            }
            catch (SocketException e)
            {
                LogResolveFailed(logger, options.Server, e.Message);
                await Task.Delay(DnsBackoff.After(attempt), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Moves the wanted address of each dyndns host among <paramref name="hosts"/>; starts its task when it has none.</summary>
    private void Want(IEnumerable<HostRecord> hosts)
    {
        foreach (var record in hosts)
        {
            if (states.Find(record.Name) is not { } state || !TryParse(record.Address, out var address))
                continue;
            lock (states.Sync)
            {
                if (address.Equals(state.Desired))
                    continue;
                state.Desired = address;
                if (state.Busy || state.Synced)
                    continue;
                state.Busy = true;
            }
            var worker = Task.Run(() => WorkAsync(state));
            lock (_workersSync)
            {
                _workers.RemoveAll(t => t.IsCompleted);
                _workers.Add(worker);
            }
        }
    }

    private static bool TryParse(string? text, out IPAddress address)
    {
        if (!IPAddress.TryParse(text, out address!))
            return false;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        return true;
    }

    /// <summary>One host's task: query if unchecked, update until DNS holds the newest wanted address, retry on failure.</summary>
    private async Task WorkAsync(DnsHostState state)
    {
        var delay = TimeSpan.Zero;
        try
        {
            while (true)
            {
                if (delay > TimeSpan.Zero)
                    await Task.Delay(delay, time, _stopping).ConfigureAwait(false);
                await _slots.WaitAsync(_stopping).ConfigureAwait(false);
                IPAddress want;
                bool check;
                lock (states.Sync)
                {
                    if (state.Synced)
                    {
                        // Done: the slot goes back, and the next address change starts a new task.
                        state.Busy = false;
                        _slots.Release();
                        return;
                    }
                    want = state.Desired!;
                    check = !state.Checked;
                }
                var (error, was) = await ExchangeAsync(state, want, check).ConfigureAwait(false);
                delay = error is null ? TimeSpan.Zero : Failed(state, error);
                if (error is null && was is not null)
                    Updated(state, want, was);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>The query (when unchecked) and the update, in one slot. Null error: done; null <c>was</c>: nothing was sent.</summary>
    private async Task<(string? Error, string? Was)> ExchangeAsync(DnsHostState state, IPAddress want, bool check)
    {
        try
        {
            IPAddress? inDns;
            lock (states.Sync)
                inDns = state.InDns;
            var was = inDns?.ToString() ?? "none";
            if (check)
            {
                var held = await _client!.QueryAsync(state.Name, _stopping).ConfigureAwait(false);
                if (held is null)
                    return ($"no answer to the query for {state.Name}", null);
                lock (states.Sync)
                {
                    state.Checked = true;
                    state.InDns = held.Count == 1 ? held[0] : null;
                }
                if (held.Count == 1 && held[0].Equals(want))
                    return (null, null);
                was = held.Count == 0 ? "none" : string.Join(", ", held);
            }
            var error = await _client!.UpdateAsync(state.Name, want, _stopping).ConfigureAwait(false);
            return (error, was);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            return (e.Message, null);
        }
        finally
        {
            _slots.Release();
        }
    }

    private void Updated(DnsHostState state, IPAddress address, string was)
    {
        var now = time.GetUtcNow();
        lock (states.Sync)
        {
            state.InDns = address;
            state.Checked = true;
            state.LastUpdate = now;
            state.LastError = null;
            state.FailuresInARow = 0;
        }
        states.CountUpdated();
        var type = address.AddressFamily == AddressFamily.InterNetwork ? "A" : "AAAA";
        journal.Append(new JournalEntry(0, now, state.Host, JournalKinds.DnsUpdated, null, $"{state.Name} {type} {address} (was {was})"));
    }

    /// <summary>Records a failure and returns the wait before the next try; only the first failure of a run is journaled.</summary>
    private TimeSpan Failed(DnsHostState state, string error)
    {
        int failures;
        lock (states.Sync)
        {
            state.LastError = error;
            failures = ++state.FailuresInARow;
        }
        states.CountFailed();
        var retry = DnsBackoff.After(failures);
        LogUpdateFailed(logger, state.Name, error, retry.TotalSeconds);
        if (failures == 1)
        {
            journal.Append(new JournalEntry(0, time.GetUtcNow(), state.Host, JournalKinds.DnsFailed, "warning",
                $"{state.Name}: DNS update failed: {error}; retrying"));
        }
        return retry;
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "dns: fell behind the committed stream; taken up again from the newest snapshot")]
    private static partial void LogLagged(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "dns: cannot resolve dns_server {Server}: {Error}; retrying")]
    private static partial void LogResolveFailed(ILogger logger, string server, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "dns: update of {Name} failed: {Error}; next try in {Seconds:0} s")]
    private static partial void LogUpdateFailed(ILogger logger, string name, string error, double seconds);
}
