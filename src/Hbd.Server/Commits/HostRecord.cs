using Hbd.Server.Hosts;
using Hbd.Server.Metrics;
using Hbd.Server.Store;

namespace Hbd.Server.Commits;

/// <summary>
/// A host as last committed: what the list, the feed and /metrics show of it. A million of these are held at once, so it
/// keeps no view objects (the API's views are made from it when asked) and, as a rule, not the latest beat's body, which
/// the store has: <see cref="CommittedHosts.BodyOf"/> reads it when a host's details are asked for.
/// <para>
/// One record per host, updated in place by each commit of it: a new record per beat outlived the younger generations
/// and ended as garbage in the oldest, which grew by gigabytes between its collections at a million hosts. A commit
/// replaces all values at once under <see cref="Sync"/>; what must be consistent across several of them (a view) is read
/// under it too. Each property alone reads the latest commit.
/// </para>
/// </summary>
public sealed class HostRecord
{
    /// <summary>Stands for an absent time in the fields below: times as Unix milliseconds, not DateTimeOffset? (24 bytes each).</summary>
    private const long NoTime = long.MinValue;

    private readonly Func<string, byte[]?>? _storedBody;
    private Values _values;
    private long _commits;
    private MetricSample[]? _metrics;
    private byte[]? _metricsLabel;

    internal HostRecord(string name, in Values values, Func<string, byte[]?>? storedBody)
    {
        Name = name;
        _values = values;
        _storedBody = storedBody;
    }

    /// <summary>Held while a commit replaces the values; take it to read several of them as one commit left them.</summary>
    public object Sync => this;

    public string Name { get; }

    public string? Address => _values.Address;

    public DateTimeOffset? FirstSeen => Time(_values.FirstSeenMs);

    public DateTimeOffset? LastSeen => Time(_values.LastSeenMs);

    /// <summary>The interval the agent announced; zero for a host never heard from.</summary>
    public TimeSpan Interval => _values.Interval;

    public DateTimeOffset StateSince => DateTimeOffset.FromUnixTimeMilliseconds(_values.StateSinceMs);

    /// <summary>The level as stored (0 ok … 3 unknown).</summary>
    public byte Level => _values.Level;

    /// <summary>The live state (the store keeps the last known one instead of unknown).</summary>
    public HostState State => _values.State;

    /// <summary>The latest inventory (MessagePack), the same array from commit to commit until a new one comes.</summary>
    public byte[]? Inventory => _values.Inventory;

    public DateTimeOffset? InventoryAt => Time(_values.InventoryAtMs);

    /// <summary>The OS name of the host's inventory; the same string from commit to commit until a new inventory comes.</summary>
    public string? Os => _values.Os;

    /// <summary>The first class of the configuration whose patterns match the name; null when none does.</summary>
    public string? Class => _values.Class;

    public HostLoad Load
    {
        get
        {
            lock (Sync) // three numbers: read whole
                return _values.Load;
        }
    }

    /// <summary>The latest beat's body, kept only while <c>metrics_export: all</c> reads every host's at each scrape.</summary>
    internal byte[]? Body => _values.Body;

    /// <summary>
    /// Every metric of the latest beat, for /metrics with <c>metrics_export: all</c>: decoded at the first scrape that asks, so at
    /// most once per commit of the host, and never when nobody asks (two scrapes at once may both decode; either result is kept).
    /// </summary>
    public ReadOnlySpan<MetricSample> Metrics
    {
        get
        {
            long commits;
            byte[]? body;
            lock (Sync)
            {
                if (_metrics is { } decoded)
                    return decoded;
                (commits, body) = (_commits, _values.Body);
            }
            var metrics = MetricSample.Decode(body ?? _storedBody?.Invoke(Name));
            lock (Sync)
            {
                if (_commits == commits) // not kept if a commit came meanwhile: they would be the older beat's
                    _metrics = metrics;
            }
            return metrics;
        }
    }

    /// <summary>The host's label in /metrics (<c>host="NAME"</c>, escaped, UTF-8): made at the first scrape, not for every line.</summary>
    public byte[] MetricsLabel => _metricsLabel ??= PrometheusTextWriter.EncodeLabel("host", Name);

    /// <summary>Takes a new commit of the host; by the read model, one commit at a time.</summary>
    internal void Commit(in Values values)
    {
        lock (Sync)
        {
            _values = values;
            _commits++;
            _metrics = null;
        }
    }

    /// <summary>The same commit under another class (after a reload changed the classes).</summary>
    internal void Reclassify(string? hostClass)
    {
        lock (Sync)
            _values.Class = hostClass;
    }

    private static DateTimeOffset? Time(long ms) => ms == NoTime ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>What one commit says of a host, replaced whole by the next.</summary>
    internal struct Values
    {
        public string? Address;
        public long FirstSeenMs, LastSeenMs, StateSinceMs, InventoryAtMs;
        public TimeSpan Interval;
        public byte Level;
        public HostState State;
        public byte[]? Inventory;
        public string? Os;
        public string? Class;
        public HostLoad Load;
        public byte[]? Body;

        public Values(PersistedHost row, HostState state, string? os, string? hostClass, HostLoad load, byte[]? body)
        {
            Address = row.Address;
            FirstSeenMs = Ms(row.FirstSeen);
            LastSeenMs = Ms(row.LastSeen);
            Interval = row.Interval;
            StateSinceMs = row.StateSince.ToUnixTimeMilliseconds();
            Level = row.Level;
            Inventory = row.Inventory;
            InventoryAtMs = Ms(row.InventoryAt);
            Load = load;
            State = state;
            Os = os;
            Class = hostClass;
            Body = body;
        }

        private static long Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds() ?? NoTime;
    }
}
