using Hbd.Client.Sending;
using Hbd.Common.Protocol;

namespace Hbd.Client.Agent;

/// <summary>
/// Builds, signs and sends heartbeats: one at start, then one every interval, to every server.
/// A server that is down or unresolvable costs a counter, never a delay.
/// </summary>
internal sealed class HeartbeatAgent : IDisposable
{
    private readonly string _name;
    private readonly TimeSpan _interval;
    private readonly BeatCollector _collector;
    private readonly IReadOnlyList<ServerTarget> _servers;
    private readonly HeartbeatSigner? _signer;
    private readonly TimeProvider _time;
    private readonly AgentLog _log;
    private readonly HeartbeatEncoder _encoder = new();
    private readonly UdpSender[] _senders;
    private readonly InventorySchedule _inventory;
    private ulong _sequence;
    private Heartbeat? _encodedBeat;
    private ReadOnlyMemory<byte> _encoded;
    private string? _sizeNote;

    public HeartbeatAgent(string name, TimeSpan interval, BeatCollector collector, IReadOnlyList<ServerTarget> servers,
        byte[]? key, TimeProvider time, AgentLog log)
    {
        _name = name;
        _interval = interval;
        _collector = collector;
        _servers = servers;
        _senders = new UdpSender[servers.Count];
        for (var i = 0; i < _senders.Length; i++)
            _senders[i] = new UdpSender();
        _signer = key is { Length: > 0 } ? new HeartbeatSigner(new ManagedHeartbeatMac(key)) : null;
        _time = time;
        _log = log;
        _inventory = new InventorySchedule(time);
    }

    /// <summary>
    /// New at every start, so the server tells a restart from a replay. It must be unique, not secret
    /// (the tag protects it), so Random's system-seeded generator serves and OpenSSL need not load.
    /// </summary>
    public ulong RunId { get; } = (ulong)Random.Shared.NextInt64() ^ ((ulong)Random.Shared.Next() << 63);

    /// <summary>Rates need two samples: how long after <see cref="Prime"/> the first beat is taken.</summary>
    public static readonly TimeSpan PrimeDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Takes first samples for the rate plugins without building a beat, so the inventory stays due.</summary>
    public void Prime() => _collector.Collect();

    /// <summary>
    /// The one beat of --once and --print, its rates measured over a window of the host's own: first samples for
    /// everything, the checks' first results, then a new first sample for the rate plugins, <see cref="PrimeDelay"/>
    /// of rest, and the beat.
    /// </summary>
    /// <remarks>
    /// Without the second sample the CPU figure covered hbc's own start (reading every plugin's files, forking the
    /// checks, the checks themselves) and came out 5 to 7 points high. Starting the window after all of that is
    /// chosen over subtracting hbc's own utime+stime (/proc/self/stat) from the busy time: that would miss the check
    /// processes, whose time only shows in the parent's cutime/cstime once they are reaped, and the kernel's
    /// work for hbc that is not charged to it.
    /// The cost is that a run with checks takes their time plus 0.5 s, where it took the longer of the two.
    /// </remarks>
    public Heartbeat PrimedBeat()
    {
        Prime(); // a discarded beat would take the inventory with it: Prime builds none
        Settle(); // checks started by the prime report their first results, not "pending"
        StartRateWindow();
        Thread.Sleep(PrimeDelay);
        return NextBeat();
    }

    /// <summary>A new first sample for the rate plugins only; what they report is thrown away.</summary>
    public void StartRateWindow() => _collector.Collect(p => p is Plugins.IRatePlugin);

    /// <summary>Waits for plugins that answer later than their first Collect (checks), for one-shot runs.</summary>
    public void Settle()
    {
        foreach (var plugin in _collector.Plugins)
            (plugin as Plugins.ISettlingPlugin)?.Settle();
    }

    /// <summary>Collects and builds the next heartbeat (inventory attached when due), within the datagram size limit.</summary>
    public Heartbeat NextBeat()
    {
        var content = _collector.Collect();
        var beat = new Heartbeat
        {
            HostName = _name,
            RunId = RunId,
            Sequence = _sequence++,
            SentAt = _time.GetUtcNow(),
            Interval = _interval,
            Level = content.WorstLevel(),
            Metrics = content.Metrics,
            Checks = content.Checks,
            Inventory = !content.InventoryIncomplete && _inventory.ShouldSend(content.Inventory) ? content.Inventory : null,
        };
        return Fit(beat) ?? beat; // one that cannot be made to fit is not sent (Send)
    }

    /// <summary>
    /// The beat as it is when its datagram is within <see cref="WireFormat.MaxDatagramSize"/>; else what
    /// <see cref="BeatFitter"/> makes of it, or null when not even its checks fit. Measures by encoding once (the
    /// datagram is kept for <see cref="Encode"/>); only a beat over the limit costs more. What was left out is
    /// logged when it changes, not at every beat.
    /// </summary>
    private Heartbeat? Fit(Heartbeat beat)
    {
        var size = Encode(beat).Length;
        if (size <= WireFormat.MaxDatagramSize)
        {
            if (_sizeNote is not null && !beat.IsMessageOnly)
            {
                _log.Note("the heartbeat fits in a datagram again");
                _sizeNote = null;
            }
            return beat;
        }
        var fitted = BeatFitter.Fit(beat, size, b => Encode(b).Length, out var note, out var inventoryLeftOut);
        if (inventoryLeftOut)
            _inventory.Forget(); // with a later beat
        var what = fitted is null ? "not sent: even its checks alone are too large" : note[note.IndexOf(')', StringComparison.Ordinal)..];
        if (what != _sizeNote)
        {
            _sizeNote = what;
            if (fitted is null)
                _log.Error($"heartbeat of {size} bytes {what} (the limit is {WireFormat.MaxDatagramSize})");
            else
                _log.Note(note);
        }
        return fitted;
    }

    /// <summary>A message-only datagram for the servers' journals (hbc -m).</summary>
    public Heartbeat Message(string text) => new()
    {
        HostName = _name,
        RunId = RunId,
        Sequence = _sequence++,
        SentAt = _time.GetUtcNow(),
        Message = text,
        IsMessageOnly = true,
    };

    /// <summary>The datagram as it would go on the wire (for --print's size); valid until the next call.</summary>
    public ReadOnlyMemory<byte> Encode(Heartbeat beat)
    {
        if (!ReferenceEquals(beat, _encodedBeat)) // the beat NextBeat measured is not encoded twice
        {
            _encoded = _encoder.Encode(beat, _signer);
            _encodedBeat = beat;
        }
        return _encoded;
    }

    /// <summary>
    /// Sends to every server that has an address; returns how many took it. Never more than the size limit. A server that cannot be resolved or
    /// reached is a problem for the log: written when it starts, now and then while it lasts, when it ends.
    /// </summary>
    public int Send(Heartbeat beat) => Send(beat, track: true);

    /// <summary>
    /// For a single datagram (--once, -m): sends, waits a moment for ICMP errors, and says why no server took it if none
    /// did (empty when one did).
    /// </summary>
    public IReadOnlyList<string> SendOnce(Heartbeat beat)
    {
        var reasons = new List<string>();
        var reached = Send(beat, track: false, reasons);
        if (reached == 0)
            return reasons;
        Thread.Sleep(ConfirmWait); // a refusal comes back from a LAN or the host itself within this
        for (var i = 0; i < _servers.Count; i++)
        {
            if (_servers[i].Endpoint is { } endpoint && _senders[i].Failures == 0 && !_senders[i].Confirm(endpoint))
            {
                reached--;
                reasons.Add($"server {_servers[i].Address}: cannot send ({_senders[i].LastReason})");
            }
        }
        return reached > 0 ? [] : reasons;
    }

    /// <summary>How long a one-shot send waits for an ICMP error before it takes the datagram as delivered.</summary>
    public static readonly TimeSpan ConfirmWait = TimeSpan.FromMilliseconds(300);

    private int Send(Heartbeat beat, bool track, List<string>? reasons = null)
    {
        if (Fit(beat) is not { } fitted)
            return 0;
        beat = fitted;
        var datagram = Encode(beat);
        if (datagram.Length > 1400)
            _log.Detail($"heartbeat is {datagram.Length} bytes: it may be fragmented on the way");
        var sent = 0;
        for (var i = 0; i < _servers.Count; i++)
        {
            var server = _servers[i];
            var subject = $"server {server.Address}";
            server.RefreshIfDue();
            if (server.LastError is { } dnsError)
            {
                if (track)
                    _log.Problems.Failing(subject, "cannot resolve", dnsError);
                reasons?.Add($"{subject}: cannot resolve ({dnsError})");
            }
            else if (track && server.Endpoint is not null)
            {
                _log.Problems.Ended(subject, "cannot resolve", "resolved again");
            }
            if (server.Endpoint is not { } endpoint)
            {
                _log.Detail($"{server.Address}: no address yet ({server.LastError ?? "resolving"})");
                if (server.LastError is null)
                    reasons?.Add($"{subject}: no address yet (the lookup has not answered)");
                continue;
            }
            if (_senders[i].TrySend(datagram.Span, endpoint))
            {
                sent++;
                if (track)
                    _log.Problems.Ended(subject, "cannot send", "sending again");
                continue;
            }
            _log.Detail($"send failed: {_senders[i].LastError}");
            if (track)
                _log.Problems.Failing(subject, "cannot send", _senders[i].LastReason ?? "failed");
            reasons?.Add($"{subject}: cannot send ({_senders[i].LastReason})");
        }
        if (sent == 0 && beat.Inventory is not null)
            _inventory.Forget();
        _log.Detail($"beat {beat.Sequence}: {datagram.Length} bytes, level {beat.Level}, sent to {sent}/{_servers.Count} servers");
        return sent;
    }

    /// <summary>Resolves every name once and waits, for runs that send a single datagram.</summary>
    public Task ResolveAllAsync(CancellationToken cancel) =>
        Task.WhenAll(_servers.Select(s => s.ResolveNowAsync(cancel)));

    /// <summary>Beats until cancelled: the first 0.5 to 2 s after the start, then every interval, on a fixed schedule.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        CollectGarbage(); // what reading the config and the command line left
        try
        {
            // Names get a short head start so the first beat usually finds its servers, and the first beat carries
            // rates (cpu %, bytes/s) too, over at least PrimeDelay. The loop never waits on DNS again.
            var resolved = Task.WhenAny(ResolveAllAsync(cancel), Task.Delay(TimeSpan.FromSeconds(2), _time, cancel));
            Prime();
            CollectGarbage();
            await Task.WhenAll(resolved, Task.Delay(PrimeDelay, _time, cancel)).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested(); // a stop during the head start sends nothing
            Send(NextBeat());
            CollectGarbage();
            using var timer = new PeriodicTimer(_interval, _time);
            while (await timer.WaitForNextTickAsync(cancel).ConfigureAwait(false))
            {
                Send(NextBeat());
                CollectGarbage();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// A beat leaves tens of KiB of garbage, the start a few hundred. Collected at once, while all of it is dead (well
    /// under a millisecond), each phase reuses the pages the last one touched, instead of the heap growing to the GC's
    /// default gen0 budget (MiBs) before its first collection. Generation 1 as well: what a beat still holds when it is
    /// collected (the last datagram, the plugins' previous samples) is promoted, and dead by the next beat; with gen0
    /// alone it piled up in gen1 (about 4 KiB a beat, the heap 207 -> 510 KiB over 110 beats) until the GC's own gen1
    /// budget ran out. The start's own garbage is collected before the first beat's is made.
    /// </summary>
    private static void CollectGarbage() => GC.Collect(1, GCCollectionMode.Forced, blocking: true, compacting: true);

    public void Dispose()
    {
        foreach (var plugin in _collector.Plugins)
            (plugin as IDisposable)?.Dispose(); // the nagios plugin stops its checks
        foreach (var sender in _senders)
            sender.Dispose();
        _signer?.Dispose();
    }
}
