using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Hbd.Load;

/// <summary>
/// A UDP socket connected to the server and a batch of send slots in pinned memory, sent with one sendmmsg(2) per
/// batch: a system call per datagram would cost the sender more than the server spends on it.
/// </summary>
internal sealed unsafe class BatchSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly int _slotSize;
    private readonly byte[] _slots;
    private readonly Libc.IoVec[] _iovecs;
    private readonly Libc.MMsgHdr[] _messages;
    private readonly byte* _slot0;

    public BatchSocket(IPEndPoint server, int batch, int slotSize)
    {
        if (sizeof(Libc.MMsgHdr) != 64)
            throw new PlatformNotSupportedException("hbload's sendmmsg needs 64-bit Linux");
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Connect(server);
        _slotSize = slotSize;
        _slots = GC.AllocateArray<byte>(batch * slotSize, pinned: true);
        _iovecs = GC.AllocateArray<Libc.IoVec>(batch, pinned: true);
        _messages = GC.AllocateArray<Libc.MMsgHdr>(batch, pinned: true);
        _slot0 = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_slots, 0);
        var iovecs = (Libc.IoVec*)Marshal.UnsafeAddrOfPinnedArrayElement(_iovecs, 0);
        for (var i = 0; i < batch; i++)
        {
            _messages[i].Header.Iov = iovecs + i;
            _messages[i].Header.IovLength = 1;
        }
    }

    public int Capacity => _messages.Length;

    /// <summary>Datagrams the kernel refused because nothing listened on the port (an ICMP error reported later).</summary>
    public long Refused { get; private set; }

    public Span<byte> Slot(int index) => _slots.AsSpan(index * _slotSize, _slotSize);

    public void SetLength(int index, int length)
    {
        _iovecs[index].Base = _slot0 + (index * _slotSize);
        _iovecs[index].Length = (nuint)length;
    }

    /// <summary>Makes slot <paramref name="index"/> send <paramref name="length"/> bytes at <paramref name="data"/> instead of its own.</summary>
    public void Point(int index, byte* data, int length)
    {
        _iovecs[index].Base = data;
        _iovecs[index].Length = (nuint)length;
    }

    /// <summary>Sends slots 0 … <paramref name="count"/> − 1, retrying what a call did not take.</summary>
    public void Send(int count)
    {
        var fd = (int)_socket.SafeHandle.DangerousGetHandle();
        var messages = (Libc.MMsgHdr*)Marshal.UnsafeAddrOfPinnedArrayElement(_messages, 0);
        var done = 0;
        while (done < count)
        {
            var sent = Libc.SendMMsg(fd, messages + done, (uint)(count - done), 0);
            if (sent > 0)
            {
                done += sent;
                continue;
            }
            var error = Marshal.GetLastPInvokeError();
            switch (error)
            {
                case Libc.ECONNREFUSED:
                    // A connected UDP socket reports an earlier datagram's "port unreachable" on a later send, which
                    // then did not go: count it and send it again (the error is cleared by reporting it).
                    Refused++;
                    break;
                case Libc.EINTR:
                    break;
                case Libc.EAGAIN or Libc.ENOBUFS:
                    Thread.Yield();
                    break;
                default:
                    throw new SocketException(error);
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
