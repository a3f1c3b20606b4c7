using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hbd.Client.Checks;

/// <summary>How a check's process ended: an exit code, a signal, or neither when its status was lost.</summary>
internal readonly record struct ProcessExit(int? ExitCode, int? Signal);

/// <summary>
/// A check's process, started with posix_spawn as the leader of a session of its own (stdin from /dev/null, stdout and
/// stderr piped to us) so that everything it starts can be found again and killed: <see cref="KillTree"/>.
/// <see cref="System.Diagnostics.Process"/> cannot do this: it has no process group on Unix, and its
/// <c>Kill(entireProcessTree)</c> follows parent links only, which a double fork cuts.
/// </summary>
internal sealed class CheckProcess : IDisposable
{
    private readonly string _stdoutPipe;
    private readonly string _stderrPipe;
    private readonly Task<ProcessExit> _exit;

    private CheckProcess(int id, SafePipeHandle stdout, SafePipeHandle stderr)
    {
        Id = id;
        _stdoutPipe = PipeName(stdout);
        _stderrPipe = PipeName(stderr);
        StandardOutput = new AnonymousPipeClientStream(PipeDirection.In, stdout);
        StandardError = new AnonymousPipeClientStream(PipeDirection.In, stderr);
        // waitpid blocks; a thread of its own keeps it off the pool. It ends when the process does, which the runner ensures.
        _exit = Task.Factory.StartNew(() => Wait(id), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Process id, and the id of its session and process group.</summary>
    public int Id { get; }

    public Stream StandardOutput { get; }

    public Stream StandardError { get; }

    /// <summary>Completes when the process has ended and been reaped.</summary>
    public Task<ProcessExit> Exited => _exit;

    /// <summary>
    /// Starts <paramref name="argv"/> (the program is looked up on PATH unless it contains a slash). On failure,
    /// <paramref name="error"/> is the errno: ENOENT when the program or its interpreter is missing, EACCES when it is
    /// not executable.
    /// </summary>
    public static bool TryStart(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment,
        out CheckProcess? process, out int error)
    {
        process = null;
        var memory = new List<IntPtr>();
        int stdoutRead = -1, stdoutWrite = -1, stderrRead = -1, stderrWrite = -1;
        try
        {
            if (!TryPipe(memory, out stdoutRead, out stdoutWrite, out error) || !TryPipe(memory, out stderrRead, out stderrWrite, out error))
                return false;

            var actions = Alloc(memory, LibC.OpaqueSize);
            var attributes = Alloc(memory, LibC.OpaqueSize);
            var signals = Alloc(memory, LibC.OpaqueSize);
            LibC.FileActionsInit(actions);
            LibC.AttrInit(attributes);
            int pid;
            try
            {
                LibC.FileActionsAddOpen(actions, 0, Utf8(memory, "/dev/null"), LibC.ORdonly, 0);
                LibC.FileActionsAddDup2(actions, stdoutWrite, 1);
                LibC.FileActionsAddDup2(actions, stderrWrite, 2);
                // .NET ignores SIGPIPE and an ignored signal survives exec: give the check the defaults and no blocked signals.
                LibC.SigFillSet(signals);
                LibC.AttrSetSigDefault(attributes, signals);
                LibC.SigEmptySet(signals);
                LibC.AttrSetSigMask(attributes, signals);

                var file = Utf8(memory, argv[0]);
                var argvBlock = Strings(memory, argv);
                var envBlock = Strings(memory, environment.Select(pair => $"{pair.Key}={pair.Value}").ToList());
                LibC.AttrSetFlags(attributes, LibC.SpawnSetSid | LibC.SpawnSetSigDef | LibC.SpawnSetSigMask);
                error = LibC.SpawnP(out pid, file, actions, attributes, argvBlock, envBlock);
                if (error == LibC.EInval)
                {
                    // A libc without POSIX_SPAWN_SETSID (glibc before 2.26): a process group of its own still holds the tree.
                    LibC.AttrSetFlags(attributes, LibC.SpawnSetPGroup | LibC.SpawnSetSigDef | LibC.SpawnSetSigMask);
                    LibC.AttrSetPGroup(attributes, 0);
                    error = LibC.SpawnP(out pid, file, actions, attributes, argvBlock, envBlock);
                }
                if (error != 0)
                    return false;
            }
            finally
            {
                LibC.FileActionsDestroy(actions);
                LibC.AttrDestroy(attributes);
            }

            LibC.Close(stdoutWrite);
            LibC.Close(stderrWrite);
            stdoutWrite = stderrWrite = -1;
            process = new CheckProcess(pid, new SafePipeHandle(stdoutRead, ownsHandle: true), new SafePipeHandle(stderrRead, ownsHandle: true));
            stdoutRead = stderrRead = -1;
            return true;
        }
        finally
        {
            foreach (var fd in new[] { stdoutRead, stdoutWrite, stderrRead, stderrWrite })
                if (fd >= 0)
                    LibC.Close(fd);
            foreach (var block in memory)
                Marshal.FreeHGlobal(block);
        }
    }

    /// <summary>
    /// Kills (SIGKILL) this process and everything that belongs to it: its session and process group, its descendants,
    /// and any process that still holds its output pipes. Safe after the process has ended. Returns how many were signalled.
    /// </summary>
    public int KillTree() => ProcessTree.Kill(Id, _exit.IsCompleted, [_stdoutPipe, _stderrPipe]);

    public void Dispose()
    {
        StandardOutput.Dispose();
        StandardError.Dispose();
    }

    private static ProcessExit Wait(int pid)
    {
        while (true)
        {
            if (LibC.WaitPid(pid, out var status, 0) == pid)
            {
                var signal = status & 0x7f;
                return signal == 0 ? new ProcessExit((status >> 8) & 0xff, null) : new ProcessExit(null, signal);
            }
            // EINTR: again. ECHILD: someone else reaped it (SIGCHLD ignored by whoever started us); the status is gone.
            if (Marshal.GetLastPInvokeError() != LibC.EIntr)
                return new ProcessExit(null, null);
        }
    }

    /// <summary>The pipe's identity as /proc shows it in every process that holds it ("pipe:[123]").</summary>
    private static string PipeName(SafePipeHandle handle) =>
        new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget ?? "";

    private static IntPtr Alloc(List<IntPtr> memory, int size)
    {
        var block = Marshal.AllocHGlobal(size);
        memory.Add(block);
        Marshal.Copy(new byte[size], 0, block, size);
        return block;
    }

    private static bool TryPipe(List<IntPtr> memory, out int read, out int write, out int error)
    {
        read = write = -1;
        var fds = Alloc(memory, 2 * sizeof(int));
        if (LibC.Pipe2(fds, LibC.OCloexec) != 0)
        {
            error = Marshal.GetLastPInvokeError();
            return false;
        }
        (read, write, error) = (Marshal.ReadInt32(fds, 0), Marshal.ReadInt32(fds, sizeof(int)), 0);
        return true;
    }

    private static IntPtr Utf8(List<IntPtr> memory, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text + '\0');
        var block = Alloc(memory, bytes.Length);
        Marshal.Copy(bytes, 0, block, bytes.Length);
        return block;
    }

    /// <summary>A NULL-terminated array of UTF-8 strings, as argv and envp are.</summary>
    private static IntPtr Strings(List<IntPtr> memory, IReadOnlyList<string> items)
    {
        var array = Alloc(memory, (items.Count + 1) * IntPtr.Size);
        for (var i = 0; i < items.Count; i++)
            Marshal.WriteIntPtr(array, i * IntPtr.Size, Utf8(memory, items[i]));
        return array;
    }
}
