using System.Net;
using System.Net.Sockets;
using System.Text;
using Hbd.Client.Agent;
using Hbd.Client.Plugins;
using Hbd.Client.Sending;
using Hbd.Common.Protocol;

namespace Hbd.Client.Tests.Agent;

public sealed class HeartbeatAgentTests : IDisposable
{
    private readonly Socket _first = Listener();
    private readonly Socket _second = Listener();

    private static Socket Listener()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static int PortOf(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    private static ServerTarget Target(string host, int port) => new(new ServerAddress(host, port), TimeProvider.System);

    private static HeartbeatAgent Agent(IReadOnlyList<ServerTarget> servers, byte[]? key = null) =>
        new("agent-test", TimeSpan.FromSeconds(10), new BeatCollector([], AgentLog.Quiet), servers, key, TimeProvider.System, AgentLog.Quiet);

    private static Heartbeat Receive(Socket socket, out HeartbeatFrame frame, out byte[] bytes)
    {
        var buffer = new byte[65536];
        var length = socket.Receive(buffer);
        bytes = buffer[..length];
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(bytes, out frame));
        return HeartbeatReader.Read(frame);
    }

    [Fact]
    public void Every_server_gets_the_beat_even_when_one_is_closed_and_one_does_not_resolve()
    {
        var closed = Listener();
        var closedPort = PortOf(closed);
        closed.Dispose();
        using var agent = Agent(
        [
            Target("127.0.0.1", closedPort),
            Target("no-such-host.invalid", 9),
            Target("127.0.0.1", PortOf(_first)),
            Target("127.0.0.1", PortOf(_second)),
        ]);

        // Twice: an ICMP port-unreachable from the first send must not break the second.
        for (var i = 0; i < 2; i++)
        {
            Assert.True(agent.Send(agent.NextBeat()) >= 2);
            Assert.Equal((ulong)i, Receive(_first, out _, out _).Sequence);
            Assert.Equal((ulong)i, Receive(_second, out _, out _).Sequence);
        }
    }

    [Fact]
    public void Beats_are_signed_with_the_key_and_carry_run_id_sequence_and_interval()
    {
        var key = Encoding.UTF8.GetBytes("s3cret");
        using var agent = Agent([Target("127.0.0.1", PortOf(_first))], key);
        agent.Send(agent.NextBeat());
        agent.Send(agent.NextBeat());

        var first = Receive(_first, out var frame, out _);
        var second = Receive(_first, out _, out _);
        using var signer = new HeartbeatSigner(key);
        Assert.True(frame.IsSigned);
        Assert.True(signer.Verify(frame));
        Assert.Equal(agent.RunId, first.RunId);
        Assert.Equal((first.Sequence + 1, agent.RunId), (second.Sequence, second.RunId));
        Assert.Equal(TimeSpan.FromSeconds(10), first.Interval);
        Assert.Equal("agent-test", first.HostName);
    }

    [Fact]
    public async Task A_message_is_a_message_only_datagram()
    {
        using var agent = Agent([Target("localhost", PortOf(_first))]);
        await agent.ResolveAllAsync(CancellationToken.None);
        Assert.Equal(1, agent.Send(agent.Message("disk replaced")));
        var message = Receive(_first, out var frame, out _);
        Assert.True(frame.IsMessageOnly);
        Assert.Equal("disk replaced", message.Message);
    }

    [Fact]
    public void Each_agent_start_has_a_new_run_id()
    {
        using var a = Agent([]);
        using var b = Agent([]);
        Assert.NotEqual(a.RunId, b.RunId);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    private sealed class RecordingRatePlugin(List<string> events) : IRatePlugin
    {
        public string Name => "cpu";

        public void Collect(BeatContent beat)
        {
            lock (events)
                events.Add("cpu sample");
        }
    }

    private sealed class RecordingCheckPlugin(List<string> events) : IMonitorPlugin, ISettlingPlugin
    {
        public string Name => "nagios";

        public void Collect(BeatContent beat)
        {
            lock (events)
                events.Add("checks collected");
        }

        public void Settle()
        {
            Thread.Sleep(100); // the checks run: hbc's start-up, not the host's load
            lock (events)
                events.Add("checks settled");
        }
    }

    [Fact]
    public void The_one_shot_beat_measures_rates_over_a_window_that_starts_after_the_start_up()
    {
        var events = new List<string>();
        using var agent = new HeartbeatAgent("agent-test", TimeSpan.FromSeconds(10),
            new BeatCollector([new RecordingRatePlugin(events), new RecordingCheckPlugin(events)], AgentLog.Quiet), [], null,
            TimeProvider.System, AgentLog.Quiet);

        var started = DateTime.UtcNow;
        agent.PrimedBeat();

        // The sample the beat's rates are measured from is the one right after the checks settled.
        var settled = events.IndexOf("checks settled");
        Assert.True(settled >= 0);
        Assert.Equal(["cpu sample", "cpu sample"], events.Skip(settled + 1).Where(e => e == "cpu sample"));
        Assert.Equal("cpu sample", events[settled + 1]);
        Assert.True(DateTime.UtcNow - started >= HeartbeatAgent.PrimeDelay);
    }
}
