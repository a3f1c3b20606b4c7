using Hbd.Client.Linux;

namespace Hbd.Client.Tests.Linux;

public sealed class MountInfoParserTests
{
    [Fact]
    public void Reads_every_field_of_the_proc5_example()
    {
        const string line = "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue";

        Assert.True(MountInfoParser.TryParseLine(line, out var mount));

        Assert.Equal(new MountInfo(36, 35, 98, 0, "/mnt1", "/mnt2", "rw,noatime", "ext3", "/dev/root", "rw,errors=continue"), mount);
    }

    [Theory]
    [InlineData("30 1 253:0 / / rw,relatime - ext4 /dev/vda rw")]
    [InlineData("30 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda rw")]
    [InlineData("30 1 253:0 / / rw,relatime shared:1 master:7 propagate_from:3 unbindable - ext4 /dev/vda rw")]
    public void Skips_any_number_of_optional_fields_up_to_the_separator(string line)
    {
        Assert.True(MountInfoParser.TryParseLine(line, out var mount));

        Assert.Equal(("ext4", "/dev/vda", "rw"), (mount.FsType, mount.Source, mount.SuperOptions));
    }

    [Fact]
    public void Undoes_the_kernels_octal_escapes_in_paths_and_source()
    {
        const string line = @"93 87 8:33 /photo\040archive /srv/photo\040archive\011tab\012nl\134bs rw - ext4 "
            + @"/dev/disk/by-label/my\040disk rw";

        Assert.True(MountInfoParser.TryParseLine(line, out var mount));

        Assert.Equal("/photo archive", mount.Root);
        Assert.Equal("/srv/photo archive\ttab\nnl\\bs", mount.MountPoint);
        Assert.Equal("/dev/disk/by-label/my disk", mount.Source);
    }

    [Theory]
    [InlineData(@"/a\b", @"/a\b")]
    [InlineData(@"/a\04", @"/a\04")]
    [InlineData(@"/a\", @"/a\")]
    [InlineData(@"/a\400", @"/a\400")]
    [InlineData(@"/a\0401", "/a 1")]
    [InlineData(@"\134\134", @"\\")]
    public void Keeps_a_backslash_that_starts_no_escape(string field, string expected)
    {
        Assert.Equal(expected, MountInfoParser.Unescape(field));
    }

    [Fact]
    public void Keeps_a_namespace_root_that_is_not_a_path()
    {
        Assert.True(MountInfoParser.TryParseLine("640 612 0:4 mnt:[4026532335] /run/snapd/ns/lxd.mnt rw - nsfs nsfs rw", out var mount));

        Assert.Equal("mnt:[4026532335]", mount.Root);
        Assert.Equal((0u, 4u), (mount.Major, mount.Minor));
    }

    [Fact]
    public void An_empty_source_is_an_empty_field_not_a_gap()
    {
        Assert.True(MountInfoParser.TryParseLine("50 27 0:60 / /mnt/scratch rw,relatime - tmpfs  rw,size=1024k", out var mount));

        Assert.Equal(("tmpfs", "", "rw,size=1024k"), (mount.FsType, mount.Source, mount.SuperOptions));
    }

    [Theory]
    [InlineData("")]
    [InlineData("27 1 254:0 / / rw,relatime ext4 /dev/vda rw")]
    [InlineData("27 1 254:0 / / rw,relatime - ext4")]
    [InlineData("27 1 254 / / rw,relatime - ext4 /dev/vda rw")]
    [InlineData("27 1 x:0 / / rw,relatime - ext4 /dev/vda rw")]
    [InlineData("x 1 254:0 / / rw,relatime - ext4 /dev/vda rw")]
    [InlineData("27 1 254:0 / relative rw,relatime - ext4 /dev/vda rw")]
    [InlineData("27 1 254:0 / / - ext4 /dev/vda rw")]
    [InlineData("\0\0garbage")]
    public void Fails_on_a_malformed_line(string line)
    {
        Assert.False(MountInfoParser.TryParseLine(line, out var mount));
        Assert.Null(mount);
    }

    [Fact]
    public void Leaves_out_malformed_lines_and_keeps_the_rest()
    {
        const string text = "27 1 254:0 / / rw - ext4 /dev/vda rw\ngarbage\n28 27 0:21 / /proc rw - proc proc rw\n29 27 8:1";

        Assert.Equal(["/", "/proc"], MountInfoParser.Parse(text).Select(mount => mount.MountPoint));
    }

    [Fact]
    public void Parses_the_capture_of_this_machine()
    {
        var mounts = MountInfoParser.Parse(Fixtures.Read("debian12-vm", "proc/self/mountinfo"));

        Assert.Equal(19, mounts.Count);
        var root = Assert.Single(mounts, mount => mount.MountPoint == "/");
        Assert.Equal(
            new MountInfo(27, 1, 254, 0, "/", "/", "rw,relatime", "ext4", "/dev/vda", "rw,discard,resv_strict,resuid=65534,resgid=65534"),
            root);
        Assert.Equal(2, mounts.Count(mount => mount.MountPoint == "/dev/pts"));
    }

    [Theory]
    [InlineData("baremetal-16core", 39)]
    [InlineData("container-alpine", 27)]
    [InlineData("old-kernel-3.2", 12)]
    [InlineData("arm64-rpi4", 9)]
    public void Parses_every_line_of_each_fixture_host(string host, int count)
    {
        var text = Fixtures.Read(host, "proc/self/mountinfo");

        Assert.Equal(count, MountInfoParser.Parse(text).Count);
        Assert.Equal(count, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
