namespace Hbd.Server.History;

/// <summary>
/// Every series name the history knows, with its id: loaded from the store at start, grown by the writer as beats name new
/// metrics, read by queries. The number of names is bounded (a peer that invents a new metric name in every beat must not
/// grow it without end); a name beyond the bound is not recorded and is counted.
/// </summary>
public sealed class SeriesCatalog
{
    public const int DefaultMaxSeries = 1_000_000;

    private readonly Lock _sync = new();
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<HistorySeries> _byId = [null!]; // ids start at 1
    private readonly List<HistorySeries> _unsaved = [];
    private readonly int _maxSeries;
    private long _refused;

    public SeriesCatalog(IEnumerable<HistorySeries> stored, int maxSeries = DefaultMaxSeries)
    {
        _maxSeries = maxSeries;
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var series in stored.OrderBy(s => s.Id))
        {
            while (_byId.Count < series.Id)
                _byId.Add(null!);
            _byId.Add(series);
            _ids[KeyOf(series.Group, series.Metric)] = series.Id;
        }
    }

    public int Count
    {
        get
        {
            lock (_sync)
                return _ids.Count;
        }
    }

    /// <summary>Names refused because the catalog was full.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>
    /// The id of <c>group</c> + NUL + <c>metric</c> (<paramref name="key"/>, as <see cref="KeyOf"/> makes it); a new name gets the
    /// next id and waits in <see cref="TakeUnsaved"/> for the store. 0 when the catalog is full.
    /// </summary>
    public int IdOf(ReadOnlySpan<char> key)
    {
        lock (_sync)
        {
            if (_lookup.TryGetValue(key, out var id))
                return id;
            if (_ids.Count >= _maxSeries)
            {
                _refused++;
                return 0;
            }
            var separator = key.IndexOf('\0');
            id = _byId.Count;
            var series = new HistorySeries(id, key[..separator].ToString(), key[(separator + 1)..].ToString());
            _byId.Add(series);
            _ids.Add(key.ToString(), id);
            _unsaved.Add(series);
            return id;
        }
    }

    /// <summary>The series with this id, or null.</summary>
    public HistorySeries? this[int id]
    {
        get
        {
            lock (_sync)
                return id > 0 && id < _byId.Count ? _byId[id] : null;
        }
    }

    /// <summary>The series named <c>GROUP.METRIC</c> as the API spells it. Group names may hold dots (<c>net:eth0.100</c>), so
    /// every dot is tried as the separator; the first split that names a known series wins.</summary>
    public HistorySeries? Find(string apiKey)
    {
        lock (_sync)
        {
            for (var dot = apiKey.IndexOf('.'); dot > 0 && dot < apiKey.Length - 1; dot = apiKey.IndexOf('.', dot + 1))
            {
                if (_ids.TryGetValue(KeyOf(apiKey[..dot], apiKey[(dot + 1)..]), out var id))
                    return _byId[id];
            }
            return null;
        }
    }

    /// <summary>The names added since the last call, for the next store batch.</summary>
    public IReadOnlyList<HistorySeries> TakeUnsaved()
    {
        lock (_sync)
        {
            if (_unsaved.Count == 0)
                return [];
            HistorySeries[] taken = [.. _unsaved];
            _unsaved.Clear();
            return taken;
        }
    }

    /// <summary>Names a batch failed to store go back, so the next batch writes them.</summary>
    public void ReturnUnsaved(IReadOnlyList<HistorySeries> series)
    {
        lock (_sync)
            _unsaved.InsertRange(0, series);
    }

    public static string KeyOf(string group, string metric) => string.Concat(group, "\0", metric);
}
