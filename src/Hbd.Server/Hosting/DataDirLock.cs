using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Hbd.Server.Hosting;

/// <summary>
/// One hbd per data_dir, as Prometheus does it: an exclusive flock on DATA_DIR/lock, held for the life of the
/// process and let go by the kernel however it ends, so a lock left by a dead hbd never stands in the way. The
/// holder writes its pid into the file for the message the next one gives.
/// </summary>
/// <remarks>
/// open and flock are called directly because .NET's own lock (FileShare.None) also takes a shared flock on every
/// other open of the file: the refused hbd could not read the holder's pid.
/// </remarks>
internal sealed class DataDirLock : IDisposable
{
    public const string FileName = "lock";

    private readonly SafeFileHandle _handle;

    private DataDirLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>Takes the lock and writes this process's pid into it, or says in one line why not.</summary>
    public static DataDirLock Acquire(string dataDir)
    {
        var handle = Lock(dataDir);
        try
        {
            var pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            RandomAccess.SetLength(handle, 0);
            RandomAccess.Write(handle, pid, 0);
            return new DataDirLock(handle);
        }
        catch (IOException e)
        {
            handle.Dispose();
            throw new StartupException($"cannot write {Path.Combine(dataDir, FileName)}: {e.Message}");
        }
    }

    /// <summary>Throws as <see cref="Acquire"/> would when another process holds the lock; holds nothing afterwards.</summary>
    public static void EnsureFree(string dataDir) => Lock(dataDir).Dispose();

    public void Dispose() => _handle.Dispose();

    private static SafeFileHandle Lock(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        CreateDirectory(dataDir);
        var handle = OpenFile(path);
        while (LibC.Flock((int)handle.DangerousGetHandle(), LibC.LockEx | LibC.LockNb) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EIntr)
                continue;
            var holder = errno == LibC.EWouldBlock ? HolderOf(handle) : null;
            handle.Dispose();
            throw new StartupException(errno == LibC.EWouldBlock
                ? $"data_dir {dataDir} is in use by {holder ?? "another process"} (another hbd); stop it or choose another data_dir"
                : $"cannot lock {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        return handle;
    }

    private static void CreateDirectory(string dataDir)
    {
        try
        {
            Directory.CreateDirectory(dataDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"cannot create data_dir {dataDir}: {Reason(dataDir, e)}; choose another data_dir");
        }
    }

    private static SafeFileHandle OpenFile(string path)
    {
        var name = Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            var fd = LibC.Open(name, LibC.ORdwr | LibC.OCreat | LibC.OCloexec, Convert.ToInt32("644", 8));
            if (fd < 0)
            {
                var message = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
                throw new StartupException($"cannot open {path}: {message}; check that data_dir is writable");
            }
            return new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    /// <summary>"pid N" as the holder wrote it, or null while it has not written it yet.</summary>
    private static string? HolderOf(SafeFileHandle handle)
    {
        Span<byte> buffer = stackalloc byte[32];
        int length;
        try
        {
            length = RandomAccess.Read(handle, buffer, 0);
        }
        catch (IOException)
        {
            return null;
        }
        return int.TryParse(buffer[..length].Trim("\n "u8), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? $"pid {pid}"
            : null;
    }

    /// <summary>.NET says "could not find a part of the path" when a parent is a file; name that file instead.</summary>
    private static string Reason(string dataDir, Exception e)
    {
        for (var path = Path.GetFullPath(dataDir); path is not null; path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path))
                return $"{path} is a file, not a directory";
        }
        return e is UnauthorizedAccessException ? "permission denied" : e.Message;
    }
}
