using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Hbd.Server.Live;

/// <summary>
/// Writes one WebSocket text message as JSON in pieces: a snapshot of a large fleet is megabytes, and is never held
/// whole. One per client, reused from message to message.
/// </summary>
internal sealed class LiveMessageWriter(WebSocket socket)
{
    private const int PieceBytes = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _buffer = new(PieceBytes * 2);
    private Utf8JsonWriter? _json;

    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _json ??= new Utf8JsonWriter(_buffer);
        _json.Reset(_buffer);
        return _json;
    }

    /// <summary>Sends what is written so far once it is a piece's worth, as part of the message.</summary>
    public async ValueTask FlushIfLargeAsync(CancellationToken cancel)
    {
        _json!.Flush();
        if (_buffer.WrittenCount < PieceBytes)
            return;
        await socket.SendAsync(_buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: false, cancel).ConfigureAwait(false);
        _buffer.ResetWrittenCount();
    }

    public async ValueTask EndAsync(CancellationToken cancel)
    {
        _json!.Flush();
        await socket.SendAsync(_buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancel).ConfigureAwait(false);
        _buffer.ResetWrittenCount();
    }
}
