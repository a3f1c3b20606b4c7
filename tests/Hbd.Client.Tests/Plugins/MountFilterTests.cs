using Hbd.Client.Linux;
using Hbd.Client.Plugins;

namespace Hbd.Client.Tests.Plugins;

public sealed class MountFilterTests
{
    [Fact]
    public void Without_settings_pseudo_and_image_filesystems_are_excluded()
    {
        var filter = MountFilter.From(PluginSettings.Empty);

        Assert.Same(MountFilter.DefaultExcludedTypes, filter.ExcludedTypes);
        Assert.False(filter.IsReported(Mount("/proc", "proc")));
        Assert.False(filter.IsReported(Mount("/", "overlay")));
        Assert.False(filter.IsReported(Mount("/snap/lxd/29351", "squashfs")));
        Assert.False(filter.IsReported(Mount("/run", "tmpfs")));
        Assert.True(filter.IsReported(Mount("/", "ext4")));
        Assert.True(filter.IsReported(Mount("/mnt/media", "nfs4")));
    }

    [Fact]
    public void An_empty_exclude_types_list_excludes_no_type()
    {
        var filter = MountFilter.From(new PluginSettings([new("exclude_types", new List<object?>())]));

        Assert.Empty(filter.ExcludedTypes);
        Assert.True(filter.IsReported(Mount("/proc", "proc")));
    }

    [Fact]
    public void Exclude_types_takes_patterns_and_a_single_string()
    {
        var patterns = MountFilter.From(new PluginSettings([new("exclude_types", new List<object?> { "fuse.*" })]));
        var single = MountFilter.From(new PluginSettings([new("exclude_types", "nfs4")]));

        Assert.False(patterns.IsReported(Mount("/home/me/remote", "fuse.sshfs")));
        Assert.True(patterns.IsReported(Mount("/run", "tmpfs")));
        Assert.False(single.IsReported(Mount("/mnt/media", "nfs4")));
    }

    [Fact]
    public void Mount_patterns_apply_to_the_unescaped_mount_point()
    {
        var filter = MountFilter.From(new PluginSettings(
        [
            new("include_mounts", new List<object?> { "/srv*" }),
            new("exclude_mounts", new List<object?> { "/srv/photo archive" }),
        ]));

        Assert.True(filter.IsReported(Mount("/srv", "xfs")));
        Assert.False(filter.IsReported(Mount("/srv/photo archive", "ext4")));
        Assert.False(filter.IsReported(Mount("/", "ext4")));
    }

    [Fact]
    public void A_setting_of_the_wrong_type_is_a_FormatException_naming_it()
    {
        var settings = new PluginSettings([new("exclude_mounts", new Dictionary<string, object?>(StringComparer.Ordinal) { ["a"] = "b" })]);

        var error = Assert.Throws<FormatException>(() => MountFilter.From(settings));

        Assert.Contains("exclude_mounts", error.Message, StringComparison.Ordinal);
    }

    private static MountInfo Mount(string mountPoint, string type) => new(1, 0, 8, 1, "/", mountPoint, "rw", type, "/dev/sda1", "rw");
}
