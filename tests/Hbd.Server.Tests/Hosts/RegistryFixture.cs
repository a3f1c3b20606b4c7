using System.Net;
using System.Threading.Channels;
using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Hosts;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Server.Tests.Hosts;

/// <summary>A registry and scheduler on a fake clock, with helpers to send beats and read the changes.</summary>
internal sealed class RegistryFixture
{
    /// <summary>A start off the millisecond grid, as real clocks are: deadlines must not be rounded.</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero).AddTicks(4567);

    private readonly ChannelReader<HostChange> _changes;

    public RegistryFixture(MonitorSettings? settings = null, FakeTimeProvider? time = null, BodyBufferPool? bodies = null)
    {
        Time = time ?? new FakeTimeProvider(Start);
        Feed = new ChangeFeed();
        _changes = Feed.Subscribe();
        Registry = new HostRegistry(Feed, Time, settings ?? MonitorSettings.Defaults, bodies);
        Scheduler = new DeadlineScheduler(Registry, Time);
    }

    public FakeTimeProvider Time { get; }

    public ChangeFeed Feed { get; }

    public HostRegistry Registry { get; }

    public DeadlineScheduler Scheduler { get; }

    public static SocketAddress Source(string ip = "192.0.2.10", int port = 40000) => new IPEndPoint(IPAddress.Parse(ip), port).Serialize();

    /// <summary>A heartbeat sent now by the fixture's clock.</summary>
    public Heartbeat NewBeat(string host, ulong run = 1, ulong seq = 0, double intervalSeconds = 10, AlertLevel level = AlertLevel.Ok,
        DateTimeOffset? sentAt = null) => new()
    {
        HostName = host,
        RunId = run,
        Sequence = seq,
        SentAt = sentAt ?? Time.GetUtcNow(),
        Interval = TimeSpan.FromSeconds(intervalSeconds),
        Level = level,
    };

    /// <summary>The datagram of <paramref name="beat"/>, in a buffer of its own (the encoder reuses its buffer).</summary>
    public static byte[] Datagram(Heartbeat beat, byte[]? key = null)
    {
        using var signer = key is null ? null : new HeartbeatSigner(key);
        return new HeartbeatEncoder().Encode(beat, signer).ToArray();
    }

    /// <summary>Decodes a datagram that must be valid; the frame points into <paramref name="datagram"/>.</summary>
    public static HeartbeatFrame Frame(byte[] datagram)
    {
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(datagram, out var frame));
        return frame;
    }

    public BeatOutcome Beat(string host, ulong run = 1, ulong seq = 0, double intervalSeconds = 10, AlertLevel level = AlertLevel.Ok,
        SocketAddress? source = null, bool checkClock = false, DateTimeOffset? sentAt = null) =>
        Beat(NewBeat(host, run, seq, intervalSeconds, level, sentAt), source, checkClock);

    public BeatOutcome Beat(Heartbeat beat, SocketAddress? source = null, bool checkClock = false) =>
        Registry.ApplyBeat(Frame(Datagram(beat)), source ?? Source(), checkClock);

    /// <summary>A host as the store had it when this server started: last seen ten minutes before, in state <paramref name="state"/>.</summary>
    public static HostEntry Stored(string name, HostState state) => new(name)
    {
        State = state,
        Address = "192.0.2.10",
        FirstSeen = Start - TimeSpan.FromDays(3),
        LastSeen = Start - TimeSpan.FromMinutes(10),
        StateSince = Start - TimeSpan.FromMinutes(9),
        Interval = TimeSpan.FromSeconds(10),
        Level = AlertLevel.Ok,
    };

    /// <summary>Moves the clock and lets the scheduler act on what came due.</summary>
    public void Advance(TimeSpan by)
    {
        Time.Advance(by);
        Scheduler.RunDue(Time.GetUtcNow());
    }

    public List<HostChange> Changes()
    {
        var list = new List<HostChange>();
        while (_changes.TryRead(out var change))
            list.Add(change);
        return list;
    }

    public HostState StateOf(string host)
    {
        Assert.True(Registry.TryGet(host, out var entry));
        return entry.State;
    }

    public HostEntry Entry(string host)
    {
        Assert.True(Registry.TryGet(host, out var entry));
        return entry;
    }
}
