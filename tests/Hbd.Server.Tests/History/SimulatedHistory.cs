using Hbd.Common.Protocol;
using Hbd.Server.History;
using Hbd.Server.History.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hbd.Server.Tests.History;

/// <summary>
/// A typical host beating every 10 s from <c>startMs</c> to <c>endMs</c> on a clock of its own, through the history recorder
/// into a real SQLite history: beats encoded as an agent sends them, the recorder's timed work after every beat. What the
/// week-long tests and the query benchmarks read.
/// </summary>
internal sealed class SimulatedHistory : IDisposable
{
    public const string Host = "web1";

    private readonly string _directory;

    /// <param name="keep">Which of a beat's values are sent (all by default); an empty result is a beat not sent at all.</param>
    public SimulatedHistory(long startMs, long endMs, int historyDays = 7,
        Func<long, (string Group, string Metric, double Value)[], IEnumerable<(string Group, string Metric, double Value)>>? keep = null)
    {
        _directory = Directory.CreateTempSubdirectory("hbd-history-").FullName;
        Store = new SqliteHistoryStore(Path.Combine(_directory, "history.db"));
        Store.Open();
        Recorder = new HistoryRecorder(Store, new SeriesCatalog(Store.LoadSeries()), new HistoryRetention(historyDays), NullLogger.Instance);
        Reader = new HistoryReader(Store, Recorder, NullLogger<HistoryReader>.Instance);
        EndMs = endMs;
        var encoder = new HeartbeatEncoder();
        ulong sequence = 0;
        foreach (var (time, values) in new TypicalHost().Beats(startMs, (int)((endMs - startMs) / TypicalHost.IntervalMs)))
        {
            Recorder.Tick(time, TimeSpan.FromSeconds(10));
            var sent = (keep?.Invoke(time, values) ?? values).ToArray();
            if (sent.Length == 0)
                continue;
            var beat = new Heartbeat
            {
                HostName = Host,
                RunId = 1,
                Sequence = sequence,
                SentAt = DateTimeOffset.FromUnixTimeMilliseconds(time),
                Interval = TimeSpan.FromMilliseconds(TypicalHost.IntervalMs),
                Metrics = [.. sent.GroupBy(v => v.Group).Select(g => new MetricGroup(g.Key, [.. g.Select(v => new Metric(v.Metric, v.Value))]))],
            };
            if (HeartbeatDecoder.TryDecode(encoder.Encode(beat).ToArray(), out var frame) != DecodeStatus.Ok)
                throw new InvalidOperationException("the simulated beat does not decode");
            Recorder.RecordBeat(Host, time, TypicalHost.IntervalMs, 1, sequence++, frame.Body.ToArray());
        }
        if (!Recorder.Tick(endMs, TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException("the history could not be written");
    }

    public long EndMs { get; }

    public SqliteHistoryStore Store { get; }

    public HistoryRecorder Recorder { get; }

    public HistoryReader Reader { get; }

    /// <summary>The history of the named metrics over the <paramref name="range"/> before the end, as the API asks it.</summary>
    public HistoryAnswer Ask(TimeSpan range, params string[] metrics) =>
        Reader.Read(Host, [.. metrics.Select(m => Recorder.Catalog.Find(m) ?? throw new ArgumentException($"no series {m}"))],
            EndMs - (long)range.TotalMilliseconds, EndMs, null, EndMs);

    public void Dispose()
    {
        Store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
