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

        // Frames come as commits do: the host and its host_new entry in one frame or in two that follow each other (the
        // beat may land between the writer taking the changes and taking the hosts), after others perhaps.
        var changes = new List<JsonElement>();
        var frames = new List<JsonDocument>();
        while (!(changes.Any(IsTheHost) && changes.Any(IsItsEntry)))
        {
            Assert.True(frames.Count < 20, string.Join("\n", frames.Select(f => f.RootElement.GetRawText())));
            frames.Add(await Receive(socket));
            changes.AddRange(frames[^1].RootElement.GetProperty("changes").EnumerateArray());
        }
        var host = changes.First(IsTheHost).GetProperty("host");
        Assert.Equal("up", host.GetProperty("state").GetString());
        Assert.True(frames[0].RootElement.GetProperty("seq").GetInt64() > snapshot.RootElement.GetProperty("seq").GetInt64());
        foreach (var frame in frames)
            frame.Dispose();
    }

    private static bool IsTheHost(JsonElement change) =>
        change.GetProperty("type").GetString() == "host" && change.GetProperty("host").GetProperty("name").GetString() == "feed-host";

    private static bool IsItsEntry(JsonElement change) =>
        change.GetProperty("type").GetString() == "event" && change.GetProperty("event").GetProperty("kind").GetString() == "host_new"
        && change.GetProperty("event").GetProperty("host").GetString() == "feed-host";

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
