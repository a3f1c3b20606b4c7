using System.Runtime.InteropServices;

namespace Hbd.Client.Checks;

/// <summary>
/// The few libc calls that starting a check in a session of its own needs (Process cannot: it has no process group
/// option on Unix). Blittable signatures only, so they need no runtime marshalling under Native AOT, where "libc"
/// resolves like everywhere else in .NET.
/// </summary>
internal static class LibC
{
    private const string Library = "libc";

    public const int SigKill = 9;
    public const int SigStop = 19;
    public const int OCloexec = 0x80000;
    public const int ORdonly = 0;
    public const int EIntr = 4;
    public const int EChild = 10;
    public const int EInval = 22;

    // Same values in glibc and musl.
    public const short SpawnSetPGroup = 0x02;
    public const short SpawnSetSigDef = 0x04;
    public const short SpawnSetSigMask = 0x08;
    public const short SpawnSetSid = 0x80;

    /// <summary>Bytes to reserve for posix_spawn_file_actions_t, posix_spawnattr_t and sigset_t: above their size in glibc and musl.</summary>
    public const int OpaqueSize = 1024;

    [DllImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    public static extern int Pipe2(IntPtr fds, int flags);

    [DllImport(Library, EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport(Library, EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);

    [DllImport(Library, EntryPoint = "waitpid", SetLastError = true)]
    public static extern int WaitPid(int pid, out int status, int options);

    [DllImport(Library, EntryPoint = "sigemptyset")]
    public static extern int SigEmptySet(IntPtr set);

    [DllImport(Library, EntryPoint = "sigfillset")]
    public static extern int SigFillSet(IntPtr set);

    [DllImport(Library, EntryPoint = "posix_spawn_file_actions_init")]
    public static extern int FileActionsInit(IntPtr actions);

    [DllImport(Library, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static extern int FileActionsDestroy(IntPtr actions);

    [DllImport(Library, EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static extern int FileActionsAddDup2(IntPtr actions, int fd, int newFd);

    [DllImport(Library, EntryPoint = "posix_spawn_file_actions_addopen")]
    public static extern int FileActionsAddOpen(IntPtr actions, int fd, IntPtr path, int flags, uint mode);

    [DllImport(Library, EntryPoint = "posix_spawnattr_init")]
    public static extern int AttrInit(IntPtr attributes);

    [DllImport(Library, EntryPoint = "posix_spawnattr_destroy")]
    public static extern int AttrDestroy(IntPtr attributes);

    [DllImport(Library, EntryPoint = "posix_spawnattr_setflags")]
    public static extern int AttrSetFlags(IntPtr attributes, short flags);

    [DllImport(Library, EntryPoint = "posix_spawnattr_setpgroup")]
    public static extern int AttrSetPGroup(IntPtr attributes, int processGroup);

    [DllImport(Library, EntryPoint = "posix_spawnattr_setsigmask")]
    public static extern int AttrSetSigMask(IntPtr attributes, IntPtr set);

    [DllImport(Library, EntryPoint = "posix_spawnattr_setsigdefault")]
    public static extern int AttrSetSigDefault(IntPtr attributes, IntPtr set);

    /// <summary>Returns 0 or an error number (not errno); exec failures such as ENOENT come back here too.</summary>
    [DllImport(Library, EntryPoint = "posix_spawnp")]
    public static extern int SpawnP(out int pid, IntPtr file, IntPtr actions, IntPtr attributes, IntPtr argv, IntPtr envp);
}
