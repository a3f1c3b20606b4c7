using System.Collections.Concurrent;
using System.Net;
using Hbd.Server.Dns;
using Hbd.Server.Journal;
using Hbd.Server.Store;

namespace Hbd.Server.Tests.Dns;

/// <summary>
/// A DNS server the test holds in its hand: it answers queries with <see cref="Held"/>, records each update, and keeps
/// updates in flight until the gate opens, so a test can change an address while one is in flight.
/// </summary>
internal sealed class FakeDnsServer : IDnsServerClient
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _maxInFlight;
    private int _queries;

    public FakeDnsServer(bool open = true)
    {
        if (open)
            _gate.SetResult();
    }

    public IReadOnlyList<IPAddress> Held { get; set; } = [];

    public ConcurrentQueue<IPAddress> Updates { get; } = new();

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int Queries => Volatile.Read(ref _queries);

    public void Open() => _gate.TrySetResult();

    public Task<IReadOnlyList<IPAddress>?> QueryAsync(string name, CancellationToken cancel)
    {
        Interlocked.Increment(ref _queries);
        return Task.FromResult<IReadOnlyList<IPAddress>?>(Held);
    }

    public async Task<string?> UpdateAsync(string name, IPAddress address, CancellationToken cancel)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }
        Updates.Enqueue(address);
        try
        {
            await _gate.Task.WaitAsync(cancel);
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

/// <summary>The journal as the updater writes to it.</summary>
internal sealed class RecordingJournal : IJournalAppender
{
    public ConcurrentQueue<JournalEntry> Entries { get; } = new();

    public void Append(JournalEntry entry) => Entries.Enqueue(entry);

    public void AppendUnrouted(JournalEntry entry) => Entries.Enqueue(entry);
}
