using System.Net.WebSockets;
using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>The WebSocket feed of a real hbd, on ws_port and /ws, with a real hbc beating.</summary>
public sealed class LiveFeedTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("ws_port", "/")]
    [InlineData("hbd_port", "/ws")]
    public async Task A_beat_of_a_real_agent_reaches_a_feed_client(string port, string path)
    {
        using var server = await ServerProcess.StartAsync(_dir);
        using var socket = new ClientWebSocket();
        var number = port == "ws_port" ? server.WsPort : server.HbdPort;
        using (var connect = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{number}{path}"), connect.Token);
        using var snapshot = await Receive(socket);
        Assert.Equal("snapshot", snapshot.RootElement.GetProperty("type").GetString());

        var run = await Commands.RunClientAsync(_dir, "--once", "-n", "feed-host", server.Address);
        Assert.True(run.ExitCode == 0, run.ToString());

        // Frames come as commits do; the agent's may follow others (the server's own journal entries, say).
        JsonDocument frame;
        List<JsonElement> changes;
        var seen = new List<string>();
        while (true)
        {
            frame = await Receive(socket);
            changes = frame.RootElement.GetProperty("changes").EnumerateArray().ToList();
            if (changes.Any(c => c.GetProperty("type").GetString() == "host"))
                break;
            seen.Add(frame.RootElement.GetRawText());
            Assert.True(seen.Count < 20, string.Join("\n", seen));
        }
        using var _ = frame;
        var host = changes.Single(c => c.GetProperty("type").GetString() == "host").GetProperty("host");
        Assert.Equal(("feed-host", "up"), (host.GetProperty("name").GetString(), host.GetProperty("state").GetString()));
        Assert.Contains(changes, c => c.GetProperty("type").GetString() == "event"
            && c.GetProperty("event").GetProperty("kind").GetString() == "host_new");
        Assert.True(frame.RootElement.GetProperty("seq").GetInt64() > snapshot.RootElement.GetProperty("seq").GetInt64());
    }

    private static async Task<JsonDocument> Receive(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
                return JsonDocument.Parse(message.ToArray());
        }
    }
}
