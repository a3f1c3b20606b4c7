using System.Net.WebSockets;
using Hbd.Server.Commits;

namespace Hbd.Server.Live;

/// <summary>
/// One WebSocket client of the feed: a snapshot (or the batches it missed, when it resumes), then a frame at most every
/// <see cref="LiveFeedSettings.FrameInterval"/> with everything committed since the last. It has a bounded queue of its own;
/// when that fills because the client does not read, the connection is dropped and the other clients never notice.
/// </summary>
internal sealed class LiveClient(WebSocket socket, CommitFeed feed, LiveFeedSettings settings, TimeProvider time)
{
    private enum ListenEnd { Dropped, ClientClosed, TooBig }

    private readonly LiveMessageWriter _writer = new(socket);

    /// <param name="since">The last sequence the client saw, when it resumes.</param>
    /// <param name="aborted">The connection is gone.</param>
    /// <param name="stopping">hbd is stopping: the client gets a close.</param>
    /// <returns>Whether the client was cut off for not reading fast enough.</returns>
    public async Task<bool> RunAsync(long? since, CancellationToken aborted, CancellationToken stopping)
    {
        CommitSubscription subscription;
        IReadOnlyList<CommittedBatch> missed = [];
        HostsSnapshot? snapshot = null;
        if (since is { } sequence && feed.Resume(sequence, settings.QueueBatches) is { } resumed)
            (subscription, missed) = resumed;
        else
            (subscription, snapshot) = feed.SubscribeWithSnapshot(settings.QueueBatches);

        using (subscription)
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping, subscription.Cut))
        {
            var listening = ListenAsync(stop, aborted);
            try
            {
                if (snapshot is not null)
                    await LiveMessages.SendSnapshotAsync(_writer, snapshot, stop.Token).ConfigureAwait(false);
                if (missed.Count > 0)
                    await LiveMessages.SendFrameAsync(_writer, missed, stop.Token).ConfigureAwait(false);
                await SendChangesAsync(subscription, stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // The client left or lags (a send cancelled under it aborts the socket), or hbd is stopping.
            }
            await stop.CancelAsync().ConfigureAwait(false);
            if (listening.IsCompleted)
            {
                await CloseAsync(await listening.ConfigureAwait(false), subscription.Lagged, stopping.IsCancellationRequested).ConfigureAwait(false);
                return subscription.Lagged;
            }
            // Ending for a reason of ours (lagging, stopping): say so, give the client a moment to answer, then let go.
            await CloseAsync(ListenEnd.Dropped, subscription.Lagged, stopping.IsCancellationRequested).ConfigureAwait(false);
            await Task.WhenAny(listening, Task.Delay(TimeSpan.FromSeconds(2), time, CancellationToken.None)).ConfigureAwait(false);
            socket.Abort();
            await listening.ConfigureAwait(false);
            return subscription.Lagged;
        }
    }

    private async Task SendChangesAsync(CommitSubscription subscription, CancellationToken cancel)
    {
        var batches = new List<CommittedBatch>();
        var lastFrame = DateTimeOffset.MinValue;
        while (await subscription.Reader.WaitToReadAsync(cancel).ConfigureAwait(false))
        {
            var wait = lastFrame + settings.FrameInterval - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, cancel).ConfigureAwait(false);
            batches.Clear();
            while (subscription.Reader.TryRead(out var batch))
                batches.Add(batch);
            lastFrame = time.GetUtcNow();
            await LiveMessages.SendFrameAsync(_writer, batches, cancel).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads what the client sends, which the feed does not expect, so that its close and pings are seen; it sends nothing
    /// itself (one sender at a time). Ends the send loop when the client closes or sends too much.
    /// </summary>
    private async Task<ListenEnd> ListenAsync(CancellationTokenSource stop, CancellationToken aborted)
    {
        var buffer = new byte[settings.MaxIncomingMessage];
        var received = 0;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(received), aborted).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    return ListenEnd.ClientClosed;
                }
                received = result.EndOfMessage ? 0 : received + result.Count;
                if (received >= buffer.Length)
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    return ListenEnd.TooBig;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            return ListenEnd.Dropped;
        }
    }

    private async Task CloseAsync(ListenEnd end, bool lagged, bool stopping)
    {
        var (status, reason) = end switch
        {
            ListenEnd.ClientClosed => (WebSocketCloseStatus.NormalClosure, ""),
            ListenEnd.TooBig => (WebSocketCloseStatus.MessageTooBig, "the feed takes no messages"),
            _ when lagged => (WebSocketCloseStatus.PolicyViolation, "not reading fast enough; reconnect for a new snapshot"),
            _ when stopping => (WebSocketCloseStatus.EndpointUnavailable, "hbd is stopping"),
            _ => ((WebSocketCloseStatus?)null, ""),
        };
        if (status is null || socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            socket.Abort();
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(status.Value, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            socket.Abort();
        }
    }
}
