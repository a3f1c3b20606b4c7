using Hbd.Client.Linux;

namespace Hbd.Client.Plugins;

/// <summary>
/// Which mounts disk and filesystem_info report. <c>exclude_types</c> (patterns, replacing the default list of pseudo
/// and read-only image filesystems), <c>exclude_mounts</c> and <c>include_mounts</c> (mount point patterns; with
/// includes, only those). A mount is reported when its type is not excluded and its mount point passes both lists.
/// </summary>
internal sealed class MountFilter
{
    /// <summary>Like node_exporter's filesystem collector, plus memory-backed ones and a few FUSE helpers.</summary>
    public static IReadOnlyList<string> DefaultExcludedTypes { get; } =
    [
        "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs", "efivarfs",
        "erofs", "fuse.gvfsd-fuse", "fuse.lxcfs", "fuse.portal", "fusectl", "hugetlbfs", "iso9660", "mqueue", "nsfs",
        "overlay", "proc", "procfs", "pstore", "ramfs", "rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "sysfs",
        "tmpfs", "tracefs",
    ];

    public static IReadOnlyList<string> SettingKeys { get; } = ["exclude_types", "exclude_mounts", "include_mounts"];

    public static MountFilter Default { get; } = new(DefaultExcludedTypes, NameFilter.All);

    public MountFilter(IReadOnlyList<string> excludedTypes, NameFilter mountPoints)
    {
        ExcludedTypes = excludedTypes;
        MountPoints = mountPoints;
    }

    public IReadOnlyList<string> ExcludedTypes { get; }

    public NameFilter MountPoints { get; }

    /// <summary>The settings' lists; an <c>exclude_types</c> that is present, even empty, replaces the default.</summary>
    public static MountFilter From(PluginSettings settings) => new(
        settings.Contains("exclude_types") ? settings.GetStringList("exclude_types") : DefaultExcludedTypes,
        new NameFilter(settings.GetStringList("include_mounts"), settings.GetStringList("exclude_mounts")));

    public bool IsReported(MountInfo mount) =>
        !NameFilter.MatchesAny(ExcludedTypes, mount.FsType) && MountPoints.IsReported(mount.MountPoint);

    /// <summary>The reported mounts, in the given order.</summary>
    public IReadOnlyList<MountInfo> Select(IEnumerable<MountInfo> mounts) => mounts.Where(IsReported).ToList();
}
