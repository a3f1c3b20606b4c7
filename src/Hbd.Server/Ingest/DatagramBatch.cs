using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Hbd.Common.Protocol;

namespace Hbd.Server.Ingest;

/// <summary>
/// Linux's recvmmsg(2): up to <see cref="Capacity"/> datagrams and their senders in one system call, into buffers
/// allocated once. At 100,000 beats a second one ReceiveFrom per datagram is 100,000 system calls; a batch takes what
/// has queued since the last one. The socket must be blocking, with a receive timeout so the loop can see a stop.
/// </summary>
internal sealed unsafe class DatagramBatch : IDisposable
{
    public const int Capacity = 64;

    /// <summary>One byte over the largest datagram the protocol allows, so a longer one still reads as too large.</summary>
    private const int SlotBytes = WireFormat.MaxDatagramSize + 64;

    /// <summary>sockaddr_storage: room for any address family's sockaddr.</summary>
    private const int AddressBytes = 128;

    /// <summary>Return as soon as one datagram is in, with whatever else has queued by then (linux/socket.h).</summary>
    private const int MsgWaitForOne = 0x10000;

    /// <summary>The datagram was longer than its buffer (linux/socket.h).</summary>
    private const int MsgTrunc = 0x20;

    private readonly byte[] _data = GC.AllocateUninitializedArray<byte>(Capacity * SlotBytes, pinned: true);
    private readonly MMsgHdr* _headers;
    private readonly IoVec* _vectors;
    private readonly byte* _addresses;

    public DatagramBatch()
    {
        _headers = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(MMsgHdr)));
        _vectors = (IoVec*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(IoVec)));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(Capacity * AddressBytes));
        var data = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_data, 0);
        for (var i = 0; i < Capacity; i++)
        {
            _vectors[i] = new IoVec { Base = data + (i * SlotBytes), Length = SlotBytes };
            _headers[i].Header.Iov = _vectors + i;
            _headers[i].Header.IovLength = 1;
            _headers[i].Header.Name = _addresses + (i * AddressBytes);
        }
    }

    /// <summary>
    /// Waits for datagrams and returns how many came (at least one), or 0 when the receive timeout passed with none.
    /// Throws a <see cref="SocketException"/> for any other failure.
    /// </summary>
    public int Receive(SafeSocketHandle socket)
    {
        for (var i = 0; i < Capacity; i++)
            _headers[i].Header.NameLength = AddressBytes;
        // Held while the call runs: a socket closed meanwhile keeps its descriptor until then, so the number is never
        // another file's. Throws ObjectDisposedException once the socket is closed.
        var added = false;
        int received;
        try
        {
            socket.DangerousAddRef(ref added);
            received = RecvMmsg((int)socket.DangerousGetHandle(), _headers, Capacity, MsgWaitForOne, null);
        }
        finally
        {
            if (added)
                socket.DangerousRelease();
        }
        if (received >= 0)
            return received;
        var error = Marshal.GetLastPInvokeError();
        // EAGAIN (the timeout) and EINTR (a signal, such as SIGHUP for a reload) just mean "ask again".
        return error is 11 or 4 ? 0 : throw new SocketException(error);
    }

    /// <summary>Datagram <paramref name="index"/> of the last batch; a truncated one reads as one byte over the limit.</summary>
    public ReadOnlyMemory<byte> Datagram(int index)
    {
        var header = _headers[index];
        var length = (header.Header.Flags & MsgTrunc) != 0 ? WireFormat.MaxDatagramSize + 1 : (int)header.Length;
        return _data.AsMemory(index * SlotBytes, Math.Min(length, SlotBytes));
    }

    /// <summary>Copies the sender of datagram <paramref name="index"/> into <paramref name="target"/>, reused by the caller.</summary>
    public void CopySource(int index, SocketAddress target)
    {
        var length = (int)Math.Min(_headers[index].Header.NameLength, (uint)target.Buffer.Length);
        new ReadOnlySpan<byte>(_addresses + (index * AddressBytes), length).CopyTo(target.Buffer.Span);
        target.Size = length;
    }

    public void Dispose()
    {
        NativeMemory.Free(_headers);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_addresses);
    }

    [DllImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static extern int RecvMmsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr of 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public byte* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }
}
