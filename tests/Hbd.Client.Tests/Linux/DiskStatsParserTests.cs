using Hbd.Client.Linux;

namespace Hbd.Client.Tests.Linux;

public sealed class DiskStatsParserTests
{
    [Theory]
    // 5.5 and later: 17 counters (discards since 4.18, flushes since 5.5).
    [InlineData(" 254       0 vda 46077 7196 2515570 43577 54428 12467 3433776 9273 0 12800 57765 52953 51 1587080 4906 185 7")]
    // 4.18 to 5.4: 15 counters.
    [InlineData(" 254       0 vda 46077 7196 2515570 43577 54428 12467 3433776 9273 0 12800 57765 52953 51 1587080 4906")]
    // 2.6.25 to 4.17: 11 counters.
    [InlineData(" 254       0 vda 46077 7196 2515570 43577 54428 12467 3433776 9273 0 12800 57765")]
    public void Reads_sectors_read_and_written_from_every_kernels_layout(string line)
    {
        var disk = Assert.Single(DiskStatsParser.Parse(line));

        Assert.Equal(new DiskStats(254, 0, "vda", 2515570, 3433776), disk);
    }

    [Fact]
    public void Reads_a_partition_line_of_kernels_before_2_6_25()
    {
        // reads issued, sectors read, writes issued, sectors written.
        var disk = Assert.Single(DiskStatsParser.Parse("   3    1 hda1 35486 38030 38030 304240"));

        Assert.Equal(new DiskStats(3, 1, "hda1", 38030, 304240), disk);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 254 0 vda 1 2 3")]
    [InlineData(" 254 0 vda 1 2 3 4 5 6 7 8 9 10")]
    [InlineData(" 254 x vda 1 2 3 4 5 6 7 8 9 10 11")]
    [InlineData(" 254 0 vda 1 2 -3 4 5 6 7 8 9 10 11")]
    [InlineData(" 254 0 vda 1 2 3 4 5 6 99999999999999999999999 8 9 10 11")]
    public void Leaves_out_a_malformed_line(string line)
    {
        Assert.Empty(DiskStatsParser.Parse(line));
    }

    [Fact]
    public void Parses_the_capture_of_this_machine()
    {
        var disks = DiskStatsParser.Parse(Fixtures.Read("debian12-vm", "proc/diskstats"));

        Assert.Equal(
            ["loop0", "loop1", "loop2", "loop3", "loop4", "loop5", "loop6", "loop7", "vda", "zram0"], disks.Select(disk => disk.Name));
        Assert.Contains(new DiskStats(254, 0, "vda", 3602162, 5680768), disks);
    }

    [Theory]
    [InlineData("baremetal-16core", "nvme0n1p2", 259u, 2u, 912406UL, 1712408UL)]
    [InlineData("old-kernel-3.2", "sda3", 8u, 3u, 29897022UL, 39898993UL)]
    [InlineData("arm64-rpi4", "mmcblk0p2", 179u, 2u, 2885312UL, 9182734UL)]
    public void Parses_each_fixture_host(string host, string name, uint major, uint minor, ulong read, ulong written)
    {
        var disks = DiskStatsParser.Parse(Fixtures.Read(host, "proc/diskstats"));

        Assert.Contains(new DiskStats(major, minor, name, read, written), disks);
    }
}
