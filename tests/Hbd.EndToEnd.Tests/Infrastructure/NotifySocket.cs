using System.Net.Sockets;
using System.Text;

namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>The service manager's end of sd_notify: a unix datagram socket that hbd finds in $NOTIFY_SOCKET.</summary>
public sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public NotifySocket(string path)
    {
        Path = path;
        _socket.Bind(new UnixDomainSocketEndPoint(path));
    }

    public string Path { get; }

    /// <summary>The next notification ("READY=1" …); a time-out throws, naming what was awaited.</summary>
    public async Task<string> ReceiveAsync(string what, TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no notification within {timeout.TotalSeconds} s: waiting for {what}");
        }
    }

    public void Dispose() => _socket.Dispose();
}
