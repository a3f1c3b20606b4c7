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
    private readonly HeartbeatEncoder _encoder = new();
    private readonly ChannelReader<HostChange> _changes;

    public RegistryFixture(MonitorSettings? settings = null)
    {
        // A start off the millisecond grid, as real clocks are: deadlines must not be rounded.
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero).AddTicks(4567));
        var feed = new ChangeFeed();
        _changes = feed.Subscribe();
        Registry = new HostRegistry(feed, Time, settings ?? MonitorSettings.Defaults);
        Scheduler = new DeadlineScheduler(Registry, Time);
    }

    public FakeTimeProvider Time { get; }

    public HostRegistry Registry { get; }

    public DeadlineScheduler Scheduler { get; }

    public static SocketAddress Source(string ip = "192.0.2.10", int port = 40000) => new IPEndPoint(IPAddress.Parse(ip), port).Serialize();

    public BeatOutcome Beat(string host, ulong run = 1, ulong seq = 0, double intervalSeconds = 10, AlertLevel level = AlertLevel.Ok,
        SocketAddress? source = null, bool checkClock = false, DateTimeOffset? sentAt = null)
    {
        var datagram = _encoder.Encode(new Heartbeat
        {
            HostName = host,
            RunId = run,
            Sequence = seq,
            SentAt = sentAt ?? Time.GetUtcNow(),
            Interval = TimeSpan.FromSeconds(intervalSeconds),
            Level = level,
        });
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(datagram, out var frame));
        return Registry.ApplyBeat(frame, source ?? Source(), checkClock);
    }

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
}
