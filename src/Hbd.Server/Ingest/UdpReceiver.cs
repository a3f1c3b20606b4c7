using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Ingest;

/// <summary>
/// The heartbeat socket, bound by <see cref="Bind"/> before the host starts. A dedicated thread receives
/// synchronously into buffers allocated once: on Linux batches of recvmmsg (<see cref="DatagramBatch"/>), elsewhere
/// one ReceiveFrom per datagram (on this kind of machine about three times the rate of ReceiveFromAsync). No
/// allocation per datagram either way.
/// </summary>
public sealed partial class UdpReceiver(Socket socket, DatagramPipeline pipeline, IngestCounters counters, ILogger<UdpReceiver> logger) : IHostedService, IDisposable
{
    private const int ReceiveBufferBytes = 8 * 1024 * 1024;
    private Thread? _thread;
    private volatile bool _stopping;

    /// <summary>The bound endpoint (with the real port when 0 was asked for).</summary>
    public IPEndPoint? LocalEndPoint => socket.LocalEndPoint as IPEndPoint;

    /// <summary>True while the receive thread runs.</summary>
    internal bool IsReceiving => _thread is { IsAlive: true };

    /// <summary>A UDP socket bound to <paramref name="endpoint"/> with a receive buffer large enough for bursts.</summary>
    public static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
                socket.DualMode = true;
            socket.ReceiveBufferSize = ReceiveBufferBytes;
            socket.Bind(endpoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogListening(logger, LocalEndPoint!);
        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = "hbd udp receive" };
        _thread.Start();
        return Task.CompletedTask;
    }

    /// <summary>How long a batch receive waits before looking at <see cref="_stopping"/> again.</summary>
    private const int StopCheckMilliseconds = 200;

    /// <summary>
    /// <c>HBD_UDP_BATCH=1</c> receives one datagram per call on Linux too, for comparing the two in a benchmark
    /// (docs/benchmarks.md, ingest).
    /// </summary>
    private static bool Batched => OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("HBD_UDP_BATCH") != "1";

    private void ReceiveLoop()
    {
        if (Batched)
            ReceiveBatches();
        else
            ReceiveSingly();
    }

    private void ReceiveBatches()
    {
        using var batch = new DatagramBatch();
        var source = new SocketAddress(socket.AddressFamily);
        try
        {
            socket.ReceiveTimeout = StopCheckMilliseconds;
        }
        catch (ObjectDisposedException)
        {
            return; // closed before this thread began: see ReceiveSingly
        }
        while (!_stopping)
        {
            int count;
            try
            {
                count = batch.Receive(socket.SafeHandle);
            }
            catch (ObjectDisposedException)
            {
                return; // closed under us: see ReceiveSingly
            }
            catch (SocketException) when (_stopping)
            {
                return;
            }
            catch (SocketException e)
            {
                LogReceiveError(logger, e.SocketErrorCode);
                continue;
            }
            for (var i = 0; i < count; i++)
            {
                batch.CopySource(i, source);
                Process(batch.Datagram(i), source);
            }
        }
    }

    private void ReceiveSingly()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(65536, pinned: true);
        var source = new SocketAddress(socket.AddressFamily);
        while (!_stopping)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, source);
            }
            catch (ObjectDisposedException)
            {
                // Closed under us: the host is going down, perhaps without StopAsync (a later service failed to
                // start). An exception escaping this thread would abort the whole process.
                return;
            }
            catch (SocketException) when (_stopping)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP errors and the like surface on UDP receives; they say nothing about our socket.
                LogReceiveError(logger, e.SocketErrorCode);
                continue;
            }
            Process(buffer.AsMemory(0, length), source);
        }
    }

    private void Process(ReadOnlyMemory<byte> datagram, SocketAddress source)
    {
        try
        {
            pipeline.Process(datagram, source);
        }
        catch (Exception e)
        {
            // Only a bug gets here. Count it, say it once in a while, and keep receiving: one bad
            // datagram must not deafen the server.
            counters.CountRejected(RejectReason.InternalError);
            if (counters.Rejected(RejectReason.InternalError) is var n && (n & (n - 1)) == 0)
                LogProcessingFailed(logger, n, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        socket.Close();
        _thread?.Join(TimeSpan.FromSeconds(2));
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stopping = true;
        socket.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for heartbeats on udp {Endpoint}")]
    private static partial void LogListening(ILogger logger, IPEndPoint endpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing a datagram failed ({Count} so far)")]
    private static partial void LogProcessingFailed(ILogger logger, long count, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "UDP receive error {Error}")]
    private static partial void LogReceiveError(ILogger logger, SocketError error);
}
