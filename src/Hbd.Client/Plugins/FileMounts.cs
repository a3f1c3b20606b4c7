using Hbd.Client.Linux;

namespace Hbd.Client.Plugins;

/// <summary>Tells a single file bound over another (a container's /etc/hosts, LXCFS's /proc/meminfo) from a filesystem.</summary>
internal static class FileMounts
{
    /// <summary>
    /// True when the mount point, seen under <see cref="HostPaths.Root"/>, exists and is not a directory. A mount point
    /// that cannot be examined counts as a directory, so the mount is kept.
    /// </summary>
    // Only bind mounts (root other than "/") are looked at: a file can only be mounted as a part of a filesystem, and a
    // hung network filesystem's own mount point is never touched here.
    public static bool IsFile(HostPaths paths, MountInfo mount) =>
        mount.Root != "/" && File.Exists(paths.RootFile(mount.MountPoint.TrimStart('/')));
}
