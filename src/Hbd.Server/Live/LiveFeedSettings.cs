namespace Hbd.Server.Live;

/// <summary>How the WebSocket feed paces and bounds each client.</summary>
public sealed record LiveFeedSettings
{
    /// <summary>Committed batches a client may have waiting (64 × 250 ms: 16 s); a client that lets them pile up is closed.</summary>
    public int QueueBatches { get; init; } = 64;

    /// <summary>At most one frame per interval per client: changes in between go out together.</summary>
    public TimeSpan FrameInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Clients at once; more are refused with 503, so clients cannot exhaust the server.</summary>
    public int MaxClients { get; init; } = 1_000;

    /// <summary>Largest message a client may send (the feed expects none): beyond it the connection is closed.</summary>
    public int MaxIncomingMessage { get; init; } = 4_096;
}
