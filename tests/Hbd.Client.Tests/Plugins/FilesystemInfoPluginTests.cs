using Hbd.Client.Linux;
using Hbd.Client.Plugins;

namespace Hbd.Client.Tests.Plugins;

public sealed class FilesystemInfoPluginTests
{
    [Fact]
    public void Lists_the_real_filesystem_of_this_machine()
    {
        var filesystems = Collect("debian12-vm");

        var root = Assert.Single(filesystems);
        Assert.Equal(
            new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["device"] = "/dev/vda",
                ["mount"] = "/",
                ["options"] = "rw,relatime,discard,resv_strict,resuid=65534,resgid=65534",
                ["type"] = "ext4",
            },
            root);
    }

    [Fact]
    public void Lists_the_mounts_of_a_bare_metal_host_sorted_by_mount_point_bind_mounts_each()
    {
        var filesystems = Collect("baremetal-16core");

        Assert.Equal(
            ["/", "/backup", "/boot", "/boot/efi", "/export/backup", "/home", "/mnt/media", "/srv", "/srv/photo archive", "/var",
             "/var/www"],
            filesystems.Select(entry => entry["mount"]));
        var media = filesystems.Single(entry => (string?)entry["mount"] == "/mnt/media");
        Assert.Equal(("nas01.lan:/export/media", "nfs4"), (media["device"], media["type"]));
        Assert.Equal("/dev/mapper/ubuntu--vg-ubuntu--lv", filesystems[0]["device"]);
    }

    [Fact]
    public void Options_are_the_mounts_own_then_the_filesystems_without_repeating_rw_or_ro()
    {
        const string mountinfo = "27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw,errors=remount-ro\n"
            + "28 27 8:1 /srv /export ro,relatime - ext4 /dev/sda1 rw,errors=remount-ro\n";

        var filesystems = InTempRoot(mountinfo, MountFilter.Default);

        Assert.Equal(["rw,relatime,errors=remount-ro", "ro,relatime,errors=remount-ro"], filesystems.Select(entry => entry["options"]));
    }

    [Fact]
    public void A_container_lists_its_volume_but_not_the_overlay_root_nor_the_files_bound_over_etc()
    {
        var filesystems = Collect("container-alpine");

        Assert.Equal(["/var/lib/postgresql/data"], filesystems.Select(entry => entry["mount"]));
    }

    [Fact]
    public void Files_bound_over_proc_files_as_lxcfs_does_are_left_out_even_when_their_type_is_not_excluded()
    {
        var filter = MountFilter.From(new PluginSettings(
        [
            new("exclude_types", new List<object?> { "tmpfs", "proc", "sysfs", "devpts", "cgroup*", "mqueue" }),
        ]));

        var filesystems = Collect("container-alpine", filter);

        Assert.Equal(["/", "/var/lib/postgresql/data"], filesystems.Select(entry => entry["mount"]));
    }

    [Fact]
    public void A_bind_mount_whose_mount_point_is_a_file_under_the_root_is_left_out_and_one_that_cannot_be_examined_is_kept()
    {
        const string mountinfo = "27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
            + "28 27 8:1 /srv/meminfo /proc/meminfo rw,relatime - ext4 /dev/sda1 rw\n"
            + "29 27 8:1 /srv/data /data rw,relatime - ext4 /dev/sda1 rw\n";

        var filesystems = InTempRoot(mountinfo, MountFilter.Default, root => File.WriteAllText(Path.Combine(root, "proc", "meminfo"), "MemTotal: 1 kB\n"));

        Assert.Equal(["/", "/data"], filesystems.Select(entry => entry["mount"]));
    }

    [Fact]
    public void Exclude_types_and_exclude_mounts_work_as_for_disk()
    {
        var filter = MountFilter.From(new PluginSettings(
        [
            new("exclude_types", new List<object?> { "tmpfs", "proc", "sysfs", "devpts", "cgroup*", "mqueue", "fuse.*" }),
            new("exclude_mounts", new List<object?> { "/etc/*" }),
        ]));

        var filesystems = InTempRoot(Fixtures.Read("container-alpine", "proc/self/mountinfo"), filter);

        Assert.Equal(["/", "/var/lib/postgresql/data"], filesystems.Select(entry => entry["mount"]));
        Assert.Equal("overlay", filesystems[0]["type"]);
    }

    [Fact]
    public void A_missing_mountinfo_is_an_IOException_naming_the_path()
    {
        var context = new PluginContext(HostPaths.UnderRoot("/nonexistent-hbd-root"), TimeProvider.System);

        var error = Assert.ThrowsAny<IOException>(() => new FilesystemInfoPlugin(context, MountFilter.Default).Collect(new BeatContent()));

        Assert.Contains("/nonexistent-hbd-root/proc/self/mountinfo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_mountinfo_is_an_IOException_naming_the_path()
    {
        var context = Fixtures.Context("malformed");

        var error = Assert.ThrowsAny<IOException>(() => new FilesystemInfoPlugin(context, MountFilter.Default).Collect(new BeatContent()));

        Assert.Contains(context.Paths.ProcFile("self/mountinfo"), error.Message, StringComparison.Ordinal);
    }

    private static List<IReadOnlyDictionary<string, object?>> Collect(string host, MountFilter? filter = null)
    {
        var beat = new BeatContent();
        new FilesystemInfoPlugin(Fixtures.Context(host), filter ?? MountFilter.Default).Collect(beat);
        return Entries(beat);
    }

    private static List<IReadOnlyDictionary<string, object?>> InTempRoot(string mountinfo, MountFilter filter, Action<string>? arrange = null)
    {
        var root = Directory.CreateTempSubdirectory("hbd-fs-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "proc", "self"));
            File.WriteAllText(Path.Combine(root.FullName, "proc", "self", "mountinfo"), mountinfo);
            arrange?.Invoke(root.FullName);
            var beat = new BeatContent();
            new FilesystemInfoPlugin(new PluginContext(HostPaths.UnderRoot(root.FullName), TimeProvider.System), filter).Collect(beat);
            return Entries(beat);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static List<IReadOnlyDictionary<string, object?>> Entries(BeatContent beat) =>
        Assert.IsType<List<object?>>(beat.Inventory["filesystems"]).Cast<IReadOnlyDictionary<string, object?>>().ToList();
}
