namespace Hbd.Server.History;

/// <summary>
/// A host's raw samples of the current minute, until the minute ends and they are written as one block. Values sit in one
/// flat array, a column per series, sized to what the host sends (its series, and the beats a minute holds at its
/// interval) and reused from minute to minute: the only history a host holds in memory.
/// </summary>
public sealed class OpenBlock
{
    private long[] _times = [];
    private int[] _series = [];
    private double[] _values = []; // column c, sample s at [c * _capacity + s]
    private int _capacity;
    private int _columns;

    /// <summary>The start of the minute being filled (<see cref="HistoryTiers.BlockStart"/> of the Raw tier).</summary>
    public long StartMs { get; private set; } = long.MinValue;

    public int Samples { get; private set; }

    public long IntervalMs { get; private set; }

    public long LastMs => Samples == 0 ? long.MinValue : _times[Samples - 1];

    /// <summary>Bytes held, for the memory figures.</summary>
    public long Bytes => (_times.Length * 8L) + (_series.Length * 4L) + (_values.Length * 8L);

    /// <summary>Starts the block over for the minute that holds <paramref name="startMs"/>.</summary>
    public void Reset(long startMs)
    {
        StartMs = startMs;
        Samples = 0;
        _columns = 0;
        IntervalMs = 0;
    }

    /// <summary>Lets the buffers go (the host has been silent for a while); the next beat sizes them again.</summary>
    public void Release()
    {
        Reset(long.MinValue);
        _times = [];
        _series = [];
        _values = [];
        _capacity = 0;
    }

    /// <summary>Adds one beat's values at <paramref name="timeMs"/>, which must be later than <see cref="LastMs"/>.</summary>
    public void Add(long timeMs, long intervalMs, ReadOnlySpan<int> ids, ReadOnlySpan<double> values)
    {
        if (_capacity == 0)
        {
            // A minute's beats at the host's interval, and one more for a beat that comes early.
            var perMinute = intervalMs > 0 ? (int)Math.Clamp((HistoryTiers.BlockMs(HistoryTier.Raw) / intervalMs) + 1, 2, 64) : 8;
            Grow(perMinute, ids.Length);
        }
        else if (Samples == _capacity)
            Grow(_capacity * 2, _series.Length);
        var sample = Samples++;
        _times[sample] = timeMs;
        IntervalMs = Math.Max(IntervalMs, intervalMs);
        for (var c = 0; c < _columns; c++)
            _values[(c * _capacity) + sample] = double.NaN;
        for (var i = 0; i < ids.Length; i++)
        {
            var column = ColumnOf(ids[i], hint: i);
            _values[(column * _capacity) + sample] = values[i];
        }
    }

    /// <summary>The block's samples as columns (copied: the buffer is reused).</summary>
    public HistoryColumns ToColumns()
    {
        var series = new SeriesColumns[_columns];
        for (var c = 0; c < _columns; c++)
            series[c] = SeriesColumns.Raw(_series[c], _values.AsSpan(c * _capacity, Samples).ToArray());
        return new HistoryColumns { Times = _times.AsSpan(0, Samples).ToArray(), IntervalMs = IntervalMs, Series = series };
    }

    /// <summary>The column of a series; an agent sends its metrics in the same order every beat, so the i-th is tried first.</summary>
    private int ColumnOf(int id, int hint)
    {
        if (hint < _columns && _series[hint] == id)
            return hint;
        for (var c = 0; c < _columns; c++)
            if (_series[c] == id)
                return c;
        if (_columns == _series.Length)
            Grow(_capacity, _series.Length + Math.Max(4, _series.Length / 4));
        var column = _columns++;
        _series[column] = id;
        // Absent in the samples before this one.
        _values.AsSpan(column * _capacity, Samples).Fill(double.NaN);
        return column;
    }

    private void Grow(int capacity, int columns)
    {
        var values = new double[capacity * columns];
        for (var c = 0; c < _columns; c++)
            _values.AsSpan(c * _capacity, Samples).CopyTo(values.AsSpan(c * capacity));
        _values = values;
        if (capacity != _times.Length)
            Array.Resize(ref _times, capacity);
        if (columns != _series.Length)
            Array.Resize(ref _series, columns);
        _capacity = capacity;
    }
}
