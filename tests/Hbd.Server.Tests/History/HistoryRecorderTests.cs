using Hbd.Common.Protocol;
using Hbd.Server.History;
using Hbd.Server.History.Sqlite;
using Hbd.Server.Tests.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hbd.Server.Tests.History;

/// <summary>The recorder's bookkeeping on the test's own clock: repeated commits of one beat, and silent hosts' memory.</summary>
public sealed class HistoryRecorderTests : IDisposable
{
    private const long T0 = 1_736_899_200_000;
    private readonly TempDataDir _dir = new();
    private readonly SqliteHistoryStore _store;
    private readonly HistoryRecorder _recorder;

    public HistoryRecorderTests()
    {
        _store = new SqliteHistoryStore(_dir.File("history.db"));
        _store.Open();
        _recorder = new HistoryRecorder(_store, new SeriesCatalog([]), new HistoryRetention(7), NullLogger.Instance);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_beat_committed_again_with_a_state_change_is_recorded_once()
    {
        var body = Body(12.5);
        _recorder.RecordBeat("web1", T0, 10_000, 1, 7, body);
        _recorder.RecordBeat("web1", T0 + 30_000, 10_000, 1, 7, body); // the host went late: same beat, new commit

        Assert.Equal(1, _recorder.Counters.Samples);
        Assert.Equal(1, _recorder.Host("web1")!.Open.Samples);
    }

    [Fact]
    public void A_host_silent_for_two_minutes_holds_no_buffers_until_it_beats_again()
    {
        _recorder.RecordBeat("web1", T0 + 1_000, 10_000, 1, 0, Body(1));
        var open = _recorder.Host("web1")!.Open;
        Assert.True(open.Bytes > 0);

        _recorder.Tick(T0 + 70_000, TimeSpan.Zero); // the minute is closed and written
        Assert.Equal(0, open.Samples);
        Assert.True(open.Bytes > 0); // a minute's pause is not silence
        _recorder.Tick(T0 + 130_000, TimeSpan.Zero);
        Assert.Equal(0, open.Bytes);

        _recorder.RecordBeat("web1", T0 + 140_000, 10_000, 1, 1, Body(2));
        Assert.Equal(1, open.Samples);
        Assert.Equal(2, _store.ReadBlocks("web1", HistoryTier.Raw, 0, long.MaxValue).Count + open.Samples);
    }

    private static byte[] Body(double usage)
    {
        var beat = new Heartbeat
        {
            HostName = "web1",
            RunId = 1,
            Sequence = 0,
            SentAt = DateTimeOffset.FromUnixTimeMilliseconds(T0),
            Interval = TimeSpan.FromSeconds(10),
            Metrics = [new MetricGroup("cpu", [new Metric("usage", usage)])],
        };
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(new HeartbeatEncoder().Encode(beat).ToArray(), out var frame));
        return frame.Body.ToArray();
    }
}
