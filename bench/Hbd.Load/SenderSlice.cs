using System.Diagnostics;
using Hbd.Common.Protocol;

namespace Hbd.Load;

/// <summary>
/// One sender thread's share: hosts t+1, t+1+T, t+1+2T … of T threads, beating in turn at this slice's share of the
/// rate, so every host comes round once per interval. The pace is spread evenly: whatever is due is sent every
/// millisecond or so in batches, and a slice that fell behind catches up at once; nothing is sent after the run's
/// time is up. Beats of hosts that went down are skipped: their turns pass in silence.
/// </summary>
internal sealed class SenderSlice(LoadOptions options, int thread, BeatTemplates templates, ulong runIdBase) : IDisposable
{
    private readonly int _hosts = ((options.Hosts - thread - 1) / options.Threads) + 1;
    private readonly BatchSocket _socket = new(options.Server, options.Batch, templates.MaxLength);
    private readonly HeartbeatSigner? _signer = options.Key is null ? null : new HeartbeatSigner(System.Text.Encoding.UTF8.GetBytes(options.Key));

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

    private double Rate => options.Rate * _hosts / options.Hosts;

    /// <summary>Sends from <paramref name="start"/> (a Stopwatch timestamp) until the run's seconds are up.</summary>
    public void Run(long start)
    {
        var end = start + (long)(options.Seconds * Stopwatch.Frequency);
        var totalTurns = options.IsUnbounded ? long.MaxValue : (long)(options.Seconds * Rate);
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end || Turns >= totalTurns)
                break;
            var due = options.IsUnbounded ? long.MaxValue
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
            var round = (ulong)(Turns / _hosts);
            var host = thread + 1 + (int)(Turns % _hosts * options.Threads);
            Turns++;
            var down = LoadHosts.IsDown(host, options.DownPercent);
            if (down && round > 0)
                continue;
            carriesLastBeat |= down;
            var length = templates.Write(_socket.Slot(count), host, runIdBase + (ulong)host, round, sentAt, _signer);
            _socket.SetLength(count, length);
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

    public void Dispose()
    {
        _socket.Dispose();
        _signer?.Dispose();
    }
}
