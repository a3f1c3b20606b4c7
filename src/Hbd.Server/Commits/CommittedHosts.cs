using System.Collections.Concurrent;
using Hbd.Server.Api;
using Hbd.Server.Store;

namespace Hbd.Server.Commits;

/// <summary>
/// The read model: every host as last committed, one record per host that each commit of it updates in place. The API,
/// /metrics and the live feed's snapshots read it without the registry's locks and without decoding a body per request.
/// </summary>
/// <param name="classOf">The name of a host's class under the settings in force, for the list's <c>class</c>.</param>
/// <param name="store">Where the latest bodies are read when asked for; without one, the records keep them.</param>
/// <param name="keepBodies">Whether records keep their bodies all the same (<c>metrics_export: all</c> reads every one at each scrape).</param>
public sealed class CommittedHosts(Func<string, string?>? classOf = null, IHostStore? store = null, Func<bool>? keepBodies = null)
{
    private readonly ConcurrentDictionary<string, HostRecord> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<string, string?> _classOf = classOf ?? (static _ => null);
    private readonly Func<string, byte[]?>? _storedBody = store is null ? null : store.LoadBody;
    private readonly Func<bool> _keepBodies = store is null ? static () => true : keepBodies ?? (static () => false);
    private long _sequence;

    /// <summary>The batch the model is as of.</summary>
    public long Sequence => Interlocked.Read(ref _sequence);

    public int Count => _hosts.Count;

    /// <summary>Whether records keep their bodies (then every committed row must carry a copy of its own).</summary>
    public bool KeepsBodies => _keepBodies();

    /// <summary>Every host; enumerating takes no lock and copies nothing.</summary>
    public IEnumerable<HostRecord> All
    {
        get
        {
            foreach (var (_, record) in _hosts)
                yield return record;
        }
    }

    public bool TryGet(string name, out HostRecord record) => _hosts.TryGetValue(name, out record!);

    /// <summary>The body of the host's latest committed beat: the record's, or the store's; null for a host never heard from.</summary>
    public byte[]? BodyOf(HostRecord record) => record.Body ?? _storedBody?.Invoke(record.Name);

    /// <summary>The hosts as they are at start, before the first commit (restored from the store, watched).</summary>
    public void Load(IEnumerable<HostSnapshot> snapshots)
    {
        foreach (var snapshot in snapshots)
            Commit(snapshot);
    }

    /// <summary>
    /// Takes a committed batch and returns its hosts' new records; called by the feed under its lock, so batches come one at
    /// a time and in order.
    /// </summary>
    internal IReadOnlyList<HostRecord> Apply(long sequence, IReadOnlyList<HostSnapshot> snapshots, IReadOnlyList<string> removed)
    {
        // Removals first, as the store applies them: a host forgotten and heard again in one batch is its new self.
        foreach (var name in removed)
            _hosts.TryRemove(name, out _);
        var records = new HostRecord[snapshots.Count];
        for (var i = 0; i < records.Length; i++)
            records[i] = Commit(snapshots[i]);
        Interlocked.Exchange(ref _sequence, sequence);
        return records;
    }

    /// <summary>The host's record with the snapshot committed: its record updated, or a new one for a host new to the model.</summary>
    private HostRecord Commit(HostSnapshot snapshot)
    {
        if (!_hosts.TryGetValue(snapshot.Name, out var record))
            return _hosts[snapshot.Name] = new HostRecord(snapshot.Name, Values(snapshot, null), _storedBody);
        record.Commit(Values(snapshot, record));
        return record;
    }

    /// <summary>What the record says after the snapshot; only commits change records, one at a time, so the previous values read without a lock.</summary>
    private HostRecord.Values Values(HostSnapshot snapshot, HostRecord? previous)
    {
        var row = snapshot.Row;
        // The inventory array is replaced only when a new inventory arrives: its OS name is decoded once.
        var os = previous is not null && ReferenceEquals(previous.Inventory, row.Inventory) ? previous.Os : HostViews.OsName(row.Inventory);
        // A row without a body carries no new beat (a change of state alone): the load and the body kept, if any, stay.
        var load = !row.CarriesBody && previous is not null ? previous.Load : row.Load;
        var body = _keepBodies() ? row.Body ?? previous?.Body : null;
        return new HostRecord.Values(row, snapshot.State, os, _classOf(snapshot.Name), load, body);
    }

    /// <summary>
    /// After the classes changed (a reload): gives each host whose class changed its new one at once, rather than at its
    /// next commit, which a silent host may never have.
    /// </summary>
    public void Reclassify()
    {
        foreach (var (name, record) in _hosts)
        {
            var hostClass = _classOf(name);
            if (hostClass != record.Class)
                record.Reclassify(hostClass);
        }
    }
}
