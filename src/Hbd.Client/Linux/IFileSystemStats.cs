namespace Hbd.Client.Linux;

/// <summary>
/// What statvfs(3) tells about a mounted filesystem: sizes in blocks of <see cref="FragmentSize"/> bytes, free blocks
/// (<see cref="AvailableBlocks"/> is what unprivileged users may still use, without the root reserve) and inode counts
/// (0 when the filesystem has no inode limit).
/// </summary>
internal readonly record struct FileSystemStats(
    ulong FragmentSize, ulong Blocks, ulong FreeBlocks, ulong AvailableBlocks, ulong Files, ulong FreeFiles)
{
    public ulong SizeBytes => Blocks * FragmentSize;

    /// <summary>Blocks in use, reserve excluded; some filesystems report more free than total, which is none used.</summary>
    public ulong UsedBytes => (Blocks - Math.Min(FreeBlocks, Blocks)) * FragmentSize;

    public ulong AvailableBytes => AvailableBlocks * FragmentSize;
}

/// <summary>Reads the usage of the filesystem mounted at a path; tests give fixture values instead.</summary>
internal interface IFileSystemStats
{
    /// <summary>False when the filesystem cannot be asked (gone, no permission, I/O error).</summary>
    bool TryGet(string path, out FileSystemStats stats);
}
