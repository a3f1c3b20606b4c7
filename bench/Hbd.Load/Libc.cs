using System.Runtime.InteropServices;

namespace Hbd.Load;

/// <summary>sendmmsg(2) and its structures, laid out as in glibc on 64-bit Linux.</summary>
internal static unsafe partial class Libc
{
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int EINVAL = 22;
    public const int ENOBUFS = 105;
    public const int ECONNREFUSED = 111;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct mmsghdr: the message and, after the call, how many bytes of it were sent.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    /// <summary>Sends up to <paramref name="count"/> datagrams in one system call; returns how many went, or −1.</summary>
    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMMsg(int socket, MMsgHdr* messages, uint count, int flags);
}
