using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace Hbd.Server.Tests.Live;

/// <summary>A real WebSocket client of the feed that reads whole messages as JSON.</summary>
internal sealed class FeedClient : IDisposable
{
    private readonly ClientWebSocket _socket = new();

    private FeedClient()
    {
    }

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<FeedClient> ConnectAsync(Uri uri, string? bearer = null)
    {
        var client = new FeedClient();
        if (bearer is not null)
            client._socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client._socket.ConnectAsync(uri, timeout.Token);
        return client;
    }

    /// <summary>The next message; null when the server closed the connection.</summary>
    public async Task<JsonObject?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        using var message = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
                return JsonNode.Parse(message.ToArray())!.AsObject();
        }
    }

    /// <summary>Frames until <paramref name="done"/> says enough; returns them.</summary>
    public async Task<List<JsonObject>> ReceiveUntilAsync(Func<List<JsonObject>, bool> done, TimeSpan? timeout = null)
    {
        var frames = new List<JsonObject>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!done(frames))
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"gave up after {frames.Count} frames");
            frames.Add(await ReceiveAsync(left) ?? throw new InvalidOperationException("the server closed the feed"));
        }
        return frames;
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task CloseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>The names of every host in the frames' host changes.</summary>
    public static IEnumerable<string> HostNames(IEnumerable<JsonObject> frames) =>
        frames.SelectMany(f => f["changes"]!.AsArray())
            .Where(c => (string?)c!["type"] == "host")
            .Select(c => (string)c!["host"]!["name"]!);
}
