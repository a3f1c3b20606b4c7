using Hbd.Client.Linux;

namespace Hbd.Client.Tests.Linux;

public sealed class NetDevParserTests
{
    private const string Header = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed

        """;

    [Fact]
    public void Reads_bytes_packets_errors_and_drops_each_way_and_skips_the_headers()
    {
        const string text = Header
            + "  eth0: 118891452    2868    1    2    3     4          5         6   175485    1986    7    8    9   10     11        12\n";

        var device = Assert.Single(NetDevParser.Parse(text));

        Assert.Equal(new NetDevice("eth0", 118891452, 2868, 1, 2, 175485, 1986, 7, 8), device);
    }

    [Fact]
    public void Reads_a_name_glued_to_its_byte_count()
    {
        // Before 2.6.x the kernel printed "%6s:%8lu" with no space, so wide counters touch the colon.
        var device = Assert.Single(NetDevParser.Parse(Header + "  eth0:4183746192 9182736 0 0 0 0 0 18273 2918273645 7182736 0 0 0 0 0 0"));

        Assert.Equal(("eth0", 4183746192UL, 2918273645UL), (device.Name, device.RxBytes, device.TxBytes));
    }

    [Fact]
    public void Reads_names_longer_than_the_kernels_column()
    {
        var device = Assert.Single(NetDevParser.Parse("veth3f2a1b7: 91827364 1283746 0 0 0 0 0 0 1827364512 1928374 0 0 0 0 0 0"));

        Assert.Equal("veth3f2a1b7", device.Name);
    }

    [Theory]
    [InlineData("  eth0: 1 2 3")]
    [InlineData("  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15")]
    [InlineData("  eth0: 1 2 3 4 5 6 7 x 9 10 11 12 13 14 15 16")]
    [InlineData("  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 -16")]
    [InlineData("     : 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16")]
    [InlineData("\0\0garbage")]
    public void Leaves_out_a_malformed_line(string line)
    {
        Assert.Empty(NetDevParser.Parse(Header + line));
    }

    [Fact]
    public void Parses_the_capture_of_this_machine()
    {
        var devices = NetDevParser.Parse(Fixtures.Read("debian12-vm", "proc/net/dev"));

        Assert.Equal(["lo", "ifb0", "ifb1", "eth0"], devices.Select(device => device.Name));
        Assert.Equal(new NetDevice("eth0", 219720663, 4976, 0, 0, 293218, 3656, 0, 0), devices[3]);
    }

    [Theory]
    [InlineData("baremetal-16core", 9)]
    [InlineData("container-alpine", 2)]
    [InlineData("old-kernel-3.2", 2)]
    [InlineData("arm64-rpi4", 3)]
    public void Parses_every_interface_of_each_fixture_host(string host, int count)
    {
        Assert.Equal(count, NetDevParser.Parse(Fixtures.Read(host, "proc/net/dev")).Count);
    }
}
