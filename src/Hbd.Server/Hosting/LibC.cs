using System.Runtime.InteropServices;

namespace Hbd.Server.Hosting;

/// <summary>
/// open(2) and flock(2), for the data_dir lock; gettid(2) and setpriority(2), for threads that yield to ingest. Linux values (x86-64 and arm64 alike); blittable signatures, so
/// nothing needs runtime marshalling.
/// </summary>
internal static class LibC
{
    private const string Library = "libc";

    public const int ORdwr = 0x2;
    public const int OCreat = 0x40;
    public const int OCloexec = 0x80000;
    public const int LockEx = 2;
    public const int LockNb = 4;
    public const int EWouldBlock = 11;
    public const int EIntr = 4;

    [DllImport(Library, EntryPoint = "open", SetLastError = true)]
    public static extern int Open(IntPtr path, int flags, int mode);

    [DllImport(Library, EntryPoint = "flock", SetLastError = true)]
    public static extern int Flock(int fd, int operation);

    /// <summary>The calling thread's id, as setpriority takes it.</summary>
    [DllImport(Library, EntryPoint = "gettid")]
    public static extern int GetTid();

    /// <summary>setpriority(PRIO_PROCESS, tid, nice): on Linux, one thread's nice value.</summary>
    [DllImport(Library, EntryPoint = "setpriority", SetLastError = true)]
    public static extern int SetPriority(int which, int who, int nice);
}
