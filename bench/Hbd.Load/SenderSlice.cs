using System.Diagnostics;
using Hbd.Common.Protocol;

namespace Hbd.Load;

/// <summary>
/// One sender thread's share: hosts t+1, t+1+T, t+1+2T … of T threads, beating in turn at this slice's share of the
/// rate, so every host comes round once per interval. The pace is spread evenly: whatever is due is sent every
/// millisecond or so in batches, and a slice that fell behind catches up at once; nothing is sent after the run's
/// time is up. Beats of hosts that went down are skipped: their turns pass in silence.
/// </summary>
internal sealed unsafe class SenderSlice(LoadOptions options, int thread, BeatTemplates templates, ulong runIdBase) : IDisposable
{
    /// <summary>The rate a pool is sized for when the rate is unbounded: more than two threads reached on loopback here.</summary>
    public const double PoolRateWhenUnbounded = 400_000;

    private readonly int _hosts = ((options.Hosts - thread - 1) / options.Threads) + 1;
    private readonly BatchSocket _socket = new(options.Server, options.Batch, templates.MaxLength, options.Offload ? templates.CommonLength : 0);
    private readonly HeartbeatSigner? _signer = options.Key is null ? null : new HeartbeatSigner(System.Text.Encoding.UTF8.GetBytes(options.Key));
    private BeatPool? _pool;
    private int _pooled;

    /// <summary>Datagrams sent.</summary>
    public long Sent { get; private set; }

    /// <summary>Turns taken, sent or skipped: turn j is host j mod (this slice's hosts) in round j / (its hosts).</summary>
    public long Turns { get; private set; }

    /// <summary>Turns the pace called for by the end that were not taken: more than this thread could send.</summary>
    public long Missed { get; private set; }

    /// <summary>Stopwatch timestamp of the last send.</summary>
    public long LastSentAt { get; private set; }

    /// <summary>UTC time of the batch that carried the last beat of a host that then went down; null when none did.</summary>
    public DateTime? DownAt { get; private set; }

    public long Refused => _socket.Refused;

    /// <summary>The segment length of UDP segmentation offload, or 0 when not in use.</summary>
    public int SegmentSize => _socket.SegmentSize;

    private double Rate => options.Rate * _hosts / options.Hosts;

    /// <summary>Turns the whole run takes at the pace (with an unbounded rate, as many as a pool is made for).</summary>
    private long TotalTurns => options.IsUnbounded
        ? (options.Pool ? (long)(options.Seconds * PoolRateWhenUnbounded * _hosts / options.Hosts) : long.MaxValue)
        : (long)(options.Seconds * Rate);

    /// <summary>The datagrams a pool for this slice holds: its turns less those of hosts that are down by then.</summary>
    public long PoolBeats()
    {
        long beats = 0;
        for (var h = 0; h < _hosts; h++)
        {
            var rounds = (TotalTurns / _hosts) + (h < TotalTurns % _hosts ? 1 : 0);
            beats += LoadHosts.IsDown(Host(h), options.DownPercent) ? Math.Min(rounds, 1) : rounds;
        }
        return beats;
    }

    /// <summary>With --pool, encodes and signs every beat of the run now, before the clock starts.</summary>
    public void Prepare()
    {
        if (!options.Pool)
            return;
        _pool = new BeatPool((int)PoolBeats(), templates.MaxLength);
        var origin = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var rate = options.IsUnbounded ? PoolRateWhenUnbounded * _hosts / options.Hosts : Rate;
        var index = 0;
        for (long turn = 0; index < _pool.Count; turn++)
        {
            var (host, round) = TurnOf(turn);
            if (round > 0 && LoadHosts.IsDown(host, options.DownPercent))
                continue;
            var sentAt = origin + (long)(turn * 1000 / rate);
            _pool.SetLength(index, templates.Write(_pool.Slot(index), host, runIdBase + (ulong)host, round, sentAt, _signer));
            index++;
        }
    }

    /// <summary>Sends from <paramref name="start"/> (a Stopwatch timestamp) until the run's seconds are up.</summary>
    public void Run(long start)
    {
        var end = start + (long)(options.Seconds * Stopwatch.Frequency);
        var totalTurns = TotalTurns;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end || Turns >= totalTurns)
                break;
            var due = options.IsUnbounded ? totalTurns
                : Math.Min(totalTurns, (long)((now - start) * Rate / Stopwatch.Frequency) + 1);
            if (Turns >= due)
            {
                Thread.Sleep(1);
                continue;
            }
            SendBatch(due);
        }
        if (!options.IsUnbounded)
            Missed = totalTurns - Turns;
    }

    /// <summary>Fills one batch with the turns up to <paramref name="due"/> and sends it.</summary>
    private void SendBatch(long due)
    {
        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var count = 0;
        var carriesLastBeat = false;
        while (count < _socket.Capacity && Turns < due)
        {
            var (host, round) = TurnOf(Turns);
            Turns++;
            var down = LoadHosts.IsDown(host, options.DownPercent);
            if (down && round > 0)
                continue;
            carriesLastBeat |= down;
            if (_pool is { } pool)
            {
                _socket.Point(count, pool.Address(_pooled), pool.Length(_pooled));
                _pooled++;
            }
            else
            {
                _socket.SetLength(count, templates.Write(_socket.Slot(count), host, runIdBase + (ulong)host, round, sentAt, _signer));
            }
            count++;
        }
        if (count == 0)
            return;
        _socket.Send(count);
        Sent += count;
        LastSentAt = Stopwatch.GetTimestamp();
        if (carriesLastBeat)
            DownAt = DateTime.UtcNow;
    }

    private (int Host, ulong Round) TurnOf(long turn) => (Host((int)(turn % _hosts)), (ulong)(turn / _hosts));

    /// <summary>The host number (from 1) of this slice's <paramref name="index"/>th host.</summary>
    private int Host(int index) => thread + 1 + (index * options.Threads);

    public void Dispose()
    {
        _socket.Dispose();
        _signer?.Dispose();
        _pool?.Dispose();
    }
}
