using System.Runtime.InteropServices;

namespace Hbd.Client.Linux;

/// <summary>
/// statvfs(3) from the C library on 64-bit Linux, where glibc and musl share one layout of struct statvfs; elsewhere
/// <see cref="DriveInfo"/>, which knows sizes but not inodes.
/// </summary>
internal sealed partial class LibcFileSystemStats : IFileSystemStats
{
    public bool TryGet(string path, out FileSystemStats stats)
    {
        if (OperatingSystem.IsLinux() && Environment.Is64BitProcess)
        {
            if (StatVfs(path, out var buffer) != 0)
            {
                stats = default;
                return false;
            }
            // Kernels before 2.6 left f_frsize 0; blocks are then in f_bsize units.
            var fragment = buffer.FragmentSize != 0 ? buffer.FragmentSize : buffer.BlockSize;
            stats = new FileSystemStats(fragment, buffer.Blocks, buffer.FreeBlocks, buffer.AvailableBlocks, buffer.Files, buffer.FreeFiles);
            return true;
        }
        return TryGetDriveInfo(path, out stats);
    }

    private static bool TryGetDriveInfo(string path, out FileSystemStats stats)
    {
        stats = default;
        try
        {
            var drive = new DriveInfo(path);
            if (!drive.IsReady)
                return false;
            var total = (ulong)drive.TotalSize;
            stats = new FileSystemStats(1, total, (ulong)drive.TotalFreeSpace, (ulong)drive.AvailableFreeSpace, 0, 0);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatVfs(string path, out StatVfsBuffer buffer);

    /// <summary>
    /// struct statvfs of LP64 Linux (x86_64, arm64 and the other 64-bit ports; glibc bits/statvfs.h, musl
    /// sys/statvfs.h): eleven unsigned longs, then f_type and spare ints, 112 bytes. The 32-bit unused pad sits only
    /// in the 32-bit layout, which this is never used for.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 112)]
    private struct StatVfsBuffer
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong FreeBlocks;
        public ulong AvailableBlocks;
        public ulong Files;
        public ulong FreeFiles;
        public ulong AvailableFiles;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong MaxNameLength;
    }
}
