using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Hbd.Client.Sending;

/// <summary>
/// A blocking UDP socket connected to one address, made with libc's own calls. System.Net.Sockets starts its epoll
/// engine, a thread with its stack and event buffer, for the first socket a process makes, whether it is ever used
/// asynchronously or not; the agent only sends, one datagram at a time, and never waits for the network
/// (docs/benchmarks.md, footprint). Failures come back as the system's reason ("Connection refused"), not exceptions:
/// the caller counts them and goes on.
/// </summary>
internal sealed partial class ConnectedUdpSocket : IDisposable
{
    // Linux's values, the same on x86_64 and arm64.
    private const int AfInet = 2;
    private const int AfInet6 = 10;
    private const int SockDgram = 2;
    private const int SockCloexec = 0x80000;
    private const int SolSocket = 1;
    private const int SoError = 4;
    private const int EIntr = 4;

    private int _fd;

    private ConnectedUdpSocket(int fd) => _fd = fd;

    /// <summary>A socket connected to <paramref name="endpoint"/>, or null with the reason it could not be.</summary>
    public static ConnectedUdpSocket? Connect(IPEndPoint endpoint, out string? error)
    {
        var fd = Socket(endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? AfInet6 : AfInet, SockDgram | SockCloexec, 0);
        if (fd < 0)
        {
            error = LastReason();
            return null;
        }
        var socket = new ConnectedUdpSocket(fd);
        // The platform's own sockaddr_in or sockaddr_in6, as .NET lays it out for these calls.
        var address = endpoint.Serialize().Buffer.Span;
        if (ConnectTo(fd, address) < 0) // a UDP connect only records the address: it never waits, nor is interrupted
        {
            error = LastReason();
            socket.Dispose();
            return null;
        }
        error = null;
        return socket;
    }

    /// <summary>Null when the datagram left, else the reason it did not.</summary>
    public string? Send(ReadOnlySpan<byte> datagram)
    {
        long sent;
        do
            sent = SendTo(_fd, datagram);
        while (sent < 0 && Marshal.GetLastPInvokeError() == EIntr);
        return sent < 0 ? LastReason() : null;
    }

    /// <summary>An error the kernel holds for this socket (an ICMP refusal of an earlier datagram), read and so cleared.</summary>
    public string? TakePendingError()
    {
        var error = PendingError(_fd, out var failed);
        return failed ? LastReason() : error == 0 ? null : Marshal.GetPInvokeErrorMessage(error);
    }

    public void Dispose()
    {
        if (_fd >= 0)
            Close(_fd);
        _fd = -1;
    }

    private static string LastReason() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());

    private static unsafe int ConnectTo(int fd, ReadOnlySpan<byte> address)
    {
        fixed (byte* bytes = address)
            return Connect(fd, bytes, (uint)address.Length);
    }

    private static unsafe long SendTo(int fd, ReadOnlySpan<byte> datagram)
    {
        fixed (byte* bytes = datagram)
            return (long)Send(fd, bytes, (nuint)datagram.Length, 0);
    }

    private static unsafe int PendingError(int fd, out bool failed)
    {
        int error = 0;
        uint size = sizeof(int);
        failed = GetSockOpt(fd, SolSocket, SoError, &error, &size) < 0;
        return error;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static unsafe partial int Connect(int fd, byte* address, uint length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static unsafe partial nint Send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static unsafe partial int GetSockOpt(int fd, int level, int name, int* value, uint* length);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
