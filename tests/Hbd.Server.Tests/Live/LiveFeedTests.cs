using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Live;
using Hbd.Server.Tests.Api;
using Hbd.Server.Tests.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hbd.Server.Tests.Live;

/// <summary>The WebSocket feed of a real server in-process, with real WebSocket clients on loopback.</summary>
public sealed class LiveFeedTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ApiServer _server = null!;
    private long _sequence;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task On_connect_a_snapshot_carries_every_host_and_the_sequence_it_is_as_of()
    {
        Beat("web1");
        Beat("db1", AlertLevel.Critical);
        _server.Commit();

        using var client = await Connect("/ws");
        var snapshot = (await client.ReceiveAsync())!;

        Assert.Equal("snapshot", (string?)snapshot["type"]);
        Assert.Equal(Feed.Sequence, (long)snapshot["seq"]!);
        var hosts = snapshot["hosts"]!.AsArray();
        Assert.Equal(["db1", "web1"], hosts.Select(h => (string?)h!["name"]));
        Assert.Equal("critical", (string?)hosts[0]!["level"]);
        Assert.Equal("up", (string?)hosts[1]!["state"]);
    }

    [Fact]
    public async Task A_beat_reaches_a_connected_client_as_a_host_change_and_an_event()
    {
        using var client = await Connect("/ws");
        var snapshot = (await client.ReceiveAsync())!;
        var started = DateTime.UtcNow;

        Beat("web1"); // the store writer's own flush commits it

        // The host and its entry come in one frame, or in two in a row when the beat lands between the writer's taking
        // of the changes and of the hosts.
        var frames = await client.ReceiveUntilAsync(frames =>
            FeedClient.HostNames(frames).Contains("web1") && Changes(frames, "event").Any(e => (string?)e["event"]!["kind"] == "host_new"));
        output.WriteLine($"beat to frame: {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms, {frames.Count} frame(s)");
        Assert.InRange(frames.Count, 1, 2);
        Assert.True((long)frames[0]["seq"]! > (long)snapshot["seq"]!);
        var host = Changes(frames, "host").Single()["host"]!;
        Assert.Equal(("web1", "up"), ((string?)host["name"], (string?)host["state"]));
        var added = Changes(frames, "event").Single()["event"]!;
        Assert.Equal(("host_new", "web1"), ((string?)added["kind"], (string?)added["host"]));
        Assert.True((long)added["id"]! > 0);
    }

    private static IEnumerable<JsonNode> Changes(IEnumerable<JsonObject> frames, string type) =>
        frames.SelectMany(f => f["changes"]!.AsArray()).Where(c => (string?)c!["type"] == type).Select(c => c!);

    [Fact]
    public async Task A_burst_of_a_thousand_new_hosts_arrives_in_at_most_eight_frames()
    {
        using var client = await Connect("/ws");
        await client.ReceiveAsync();

        for (var i = 0; i < 1000; i++)
            Beat($"burst-{i:D4}");

        var seen = new HashSet<string>();
        var frames = await client.ReceiveUntilAsync(frames =>
        {
            seen.UnionWith(FeedClient.HostNames(frames.Count > 0 ? [frames[^1]] : []));
            return seen.Count >= 1000;
        });
        output.WriteLine($"{frames.Count} frames for 1,000 new hosts");
        Assert.InRange(frames.Count, 1, 8);
    }

    [Fact]
    public async Task Removals_reach_the_client()
    {
        Beat("web1");
        _server.Commit();
        using var client = await Connect("/ws");
        await client.ReceiveAsync();

        _server.Registry.Remove("web1", "127.0.0.1");

        var frames = await client.ReceiveUntilAsync(frames => frames.SelectMany(f => f["changes"]!.AsArray())
            .Any(c => (string?)c!["type"] == "removed" && (string?)c!["name"] == "web1"));
        Assert.NotEmpty(frames);
    }

    [Fact]
    public async Task A_client_that_resumes_gets_what_it_missed_and_no_snapshot()
    {
        using (var first = await Connect("/ws"))
        {
            await first.ReceiveAsync();
            await first.CloseAsync();
        }
        var seen = Feed.Sequence;
        Beat("missed-1");
        _server.Commit();
        Beat("missed-2");
        _server.Commit();

        using var resumed = await Connect($"/ws?since={seen}");
        var frame = (await resumed.ReceiveAsync())!;

        Assert.Null(frame["type"]);
        Assert.Equal(Feed.Sequence, (long)frame["seq"]!);
        Assert.Equal(["missed-1", "missed-2"], FeedClient.HostNames([frame]));
    }

    [Theory]
    [InlineData("from the future", 1_000_000)]
    [InlineData("from before the batches held", -1)]
    public async Task A_client_that_cannot_resume_gets_a_snapshot(string why, long since)
    {
        // Enough batches that the oldest are no longer held: each host snapshot counts.
        if (since < 0)
        {
            for (var i = 0; i < CommitFeed.DefaultRecentHosts / 1000 + 2; i++)
            {
                for (var h = 0; h < 1000; h++)
                    Beat($"h{h}");
                _server.Commit();
            }
            since = 1;
        }

        using var client = await Connect($"/ws?since={since}");

        Assert.True((string?)(await client.ReceiveAsync(TimeSpan.FromSeconds(30)))!["type"] == "snapshot", why);
    }

    [Fact]
    public async Task A_client_that_does_not_read_is_dropped_while_another_keeps_receiving()
    {
        await _server.DisposeAsync();
        // History off: it would read the same 40,000 beats a second, and this test is about the feed's queues alone.
        _server = await ApiServer.StartAsync(configure: o => o with { HistoryDays = 0 },
            services: s => s.AddSingleton(new LiveFeedSettings { QueueBatches = 4 }));
        var slots = _server.Services.GetRequiredService<LiveClientSlots>();
        var otherSubscribers = Feed.SubscriberCount; // the server's own (its log)
        using var reader = await Connect("/ws");
        await reader.ReceiveAsync();
        using var stuck = await RawClientThatNeverReads();
        await WaitFor(() => slots.Count == 2, "both clients connected");

        // Beats of many hosts, so every frame is large and the stuck client's socket buffers fill.
        using var stop = new CancellationTokenSource();
        var load = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                for (var h = 0; h < 2000; h++)
                    Beat($"load-{h:D4}");
                Thread.Sleep(50);
            }
        });
        var received = 0;
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (slots.Count > 1)
            {
                Assert.True(DateTime.UtcNow < deadline, "the client that does not read was never dropped");
                Assert.NotNull(await reader.ReceiveAsync(TimeSpan.FromSeconds(10)));
                received++;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await load;
        }

        output.WriteLine($"the reader took {received} frames before the stuck client was dropped");
        Assert.NotNull(await reader.ReceiveAsync(TimeSpan.FromSeconds(10)) ?? await reader.ReceiveAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(WebSocketState.Open, reader.State);
        Assert.Equal(otherSubscribers + 1, Feed.SubscriberCount);
        // The stuck client at least; on a loaded machine the reader may fall behind as well once the load has stopped.
        Assert.True(slots.Dropped >= 1, $"dropped: {slots.Dropped}");
    }

    [Fact]
    public async Task Status_shows_the_clients_connected_and_the_latest_seq()
    {
        Beat("web1");
        _server.Commit();
        using var client = await Connect("/ws");
        await client.ReceiveAsync();
        await WaitFor(() => _server.Services.GetRequiredService<LiveClientSlots>().Count == 1, "the client connected");

        var status = JsonNode.Parse(await _server.Http.GetStringAsync(new Uri("/api/status", UriKind.Relative)))!;

        Assert.Equal($$"""{"clients":1,"max_clients":1000,"dropped":0,"seq":{{Feed.Sequence}}}""", status["feed"]!.ToJsonString());
        Assert.True(Feed.Sequence > 0);
    }

    [Fact]
    public async Task With_a_read_token_the_feed_needs_it_as_a_header_or_a_query_parameter()
    {
        await _server.DisposeAsync();
        _server = await ApiServer.StartAsync(readToken: "r3ad");

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => Connect("/ws"));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        using (var byQuery = await Connect("/ws?token=r3ad"))
            Assert.Equal("snapshot", (string?)(await byQuery.ReceiveAsync())!["type"]);
        using var byHeader = await FeedClient.ConnectAsync(new Uri($"ws://127.0.0.1:{_server.Port}/ws"), bearer: "r3ad");
        Assert.Equal("snapshot", (string?)(await byHeader.ReceiveAsync())!["type"]);
    }

    [Fact]
    public async Task The_ws_port_serves_the_feed_at_its_root_and_nothing_else()
    {
        using var client = await FeedClient.ConnectAsync(new Uri($"ws://127.0.0.1:{_server.WsPort}/"));
        Assert.Equal("snapshot", (string?)(await client.ReceiveAsync())!["type"]);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.WsPort}") };
        using var api = await http.GetAsync(new Uri("/api/hosts", UriKind.Relative));
        await ApiAssert.Error(api, HttpStatusCode.NotFound, "not_found", "ws_port");
    }

    [Fact]
    public async Task A_plain_get_of_the_feed_is_a_json_400()
    {
        using var response = await _server.Http.GetAsync(new Uri("/ws", UriKind.Relative));
        await ApiAssert.Error(response, HttpStatusCode.BadRequest, "bad_request", "WebSocket");
    }

    [Fact]
    public async Task A_client_that_sends_large_messages_is_closed()
    {
        using var client = await Connect("/ws");
        await client.ReceiveAsync();

        await client.SendTextAsync(new string('x', 10_000));

        var frames = 0;
        while (await client.ReceiveAsync() is not null && ++frames < 100)
        {
        }
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
    }

    private CommitFeed Feed => _server.Services.GetRequiredService<CommitFeed>();

    private Task<FeedClient> Connect(string pathAndQuery) =>
        FeedClient.ConnectAsync(new Uri($"ws://127.0.0.1:{_server.Port}{pathAndQuery}"));

    private void Beat(string host, AlertLevel level = AlertLevel.Ok)
    {
        var beat = new Heartbeat
        {
            HostName = host,
            RunId = 7,
            Sequence = (ulong)Interlocked.Increment(ref _sequence),
            SentAt = DateTimeOffset.UtcNow,
            Interval = TimeSpan.FromSeconds(10),
            Level = level,
        };
        Assert.Equal(BeatOutcome.Accepted,
            _server.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(beat)), RegistryFixture.Source(), checkClock: false));
    }

    /// <summary>A WebSocket handshake over a socket with a tiny receive buffer, then never a read.</summary>
    private async Task<TcpClient> RawClientThatNeverReads()
    {
        var tcp = new TcpClient { ReceiveBufferSize = 4096 };
        await tcp.ConnectAsync(IPAddress.Loopback, _server.Port);
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var request = $"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{_server.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(request));
        return tcp;
    }

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
