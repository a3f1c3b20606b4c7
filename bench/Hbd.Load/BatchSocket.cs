using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Hbd.Load;

/// <summary>
/// A UDP socket connected to the server and a batch of send slots in pinned memory, sent with one sendmmsg(2) per
/// batch: a system call per datagram would cost the sender more than the server spends on it. When every beat has the
/// same length, UDP segmentation offload (UDP_SEGMENT) goes further: up to 64 datagrams travel through the sender's
/// network stack as one, and are cut into datagrams of that length only when they reach the receiving socket, which
/// still gets them one by one. On loopback that cut the sender's kernel time per datagram about sixfold.
/// </summary>
internal sealed unsafe class BatchSocket : IDisposable
{
    private const int SolUdp = 17;
    private const int UdpSegment = 103;

    /// <summary>The kernel's UDP_MAX_SEGMENTS (64 before Linux 6.9) and the largest UDP payload.</summary>
    private const int MaxSegments = 64;
    private const int MaxUdpPayload = 65_507;

    private readonly Socket _socket;
    private readonly int _slotSize;
    private readonly byte[] _slots;
    private readonly byte* _slot0;
    private readonly Libc.IoVec[] _iovecs;
    private readonly Libc.MMsgHdr[] _messages;
    private int _perMessage = 1;

    /// <param name="segmentSize">the length of every datagram to send with segmentation offload; 0 for none</param>
    public BatchSocket(IPEndPoint server, int batch, int slotSize, int segmentSize)
    {
        if (sizeof(Libc.MMsgHdr) != 64)
            throw new PlatformNotSupportedException("hbload's sendmmsg needs 64-bit Linux");
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Connect(server);
        _slotSize = slotSize;
        _slots = GC.AllocateArray<byte>(batch * slotSize, pinned: true);
        _slot0 = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_slots, 0);
        _iovecs = GC.AllocateArray<Libc.IoVec>(batch, pinned: true);
        _messages = GC.AllocateArray<Libc.MMsgHdr>(batch, pinned: true);
        if (segmentSize > 0)
            Segment(segmentSize);
    }

    public int Capacity => _iovecs.Length;

    /// <summary>The segment length in use, or 0 when every datagram goes as a message of its own.</summary>
    public int SegmentSize { get; private set; }

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
        var iovecs = (Libc.IoVec*)Marshal.UnsafeAddrOfPinnedArrayElement(_iovecs, 0);
        var messages = (Libc.MMsgHdr*)Marshal.UnsafeAddrOfPinnedArrayElement(_messages, 0);
        // A message per datagram, or with segmentation a message per run of up to _perMessage datagrams.
        var total = 0;
        for (var first = 0; first < count; first += _perMessage)
        {
            messages[total].Header.Iov = iovecs + first;
            messages[total].Header.IovLength = (nuint)Math.Min(_perMessage, count - first);
            total++;
        }
        var done = 0;
        while (done < total)
        {
            var sent = Libc.SendMMsg(fd, messages + done, (uint)(total - done), 0);
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
                case Libc.EIO or Libc.EINVAL when SegmentSize > 0 && done == 0:
                    // The route cannot offload (no checksum offload on the device): send one by one from now on.
                    Segment(0);
                    Send(count);
                    return;
                default:
                    throw new SocketException(error);
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Turns segmentation offload on with <paramref name="size"/>, or off with 0; stays off if the kernel refuses.</summary>
    private void Segment(int size)
    {
        try
        {
            _socket.SetRawSocketOption(SolUdp, UdpSegment, BitConverter.GetBytes(size));
            SegmentSize = size;
        }
        catch (SocketException)
        {
            SegmentSize = 0;
        }
        _perMessage = SegmentSize > 0 ? Math.Max(1, Math.Min(MaxSegments, MaxUdpPayload / SegmentSize)) : 1;
    }
}
