using Hbd.Client.Linux;

namespace Hbd.Client.Tests.Linux;

public sealed class MemInfoParserTests
{
    [Fact]
    public void Reads_sizes_in_bytes()
    {
        const string text = """
            MemTotal:       24684096 kB
            MemFree:        24221028 kB
            MemAvailable:   24349656 kB
            Buffers:            1864 kB
            Cached:           329016 kB
            SwapTotal:       2097148 kB
            SwapFree:        1048574 kB
            HugePages_Total:       0
            """;

        Assert.True(MemInfoParser.TryParse(text, out var info));

        Assert.Equal(new MemInfo(24684096UL * 1024, 24349656UL * 1024, 2097148UL * 1024, 1048574UL * 1024, false), info);
    }

    [Theory]
    [InlineData("debian12-vm", 24684096UL, 24370736UL, 0UL, 0UL)]
    [InlineData("baremetal-16core", 65755292UL, 41230956UL, 8388604UL, 7340028UL)]
    [InlineData("container-alpine", 2097152UL, 1790500UL, 0UL, 0UL)]
    [InlineData("arm64-rpi4", 3885436UL, 3405120UL, 102396UL, 102396UL)]
    public void Reads_each_fixture_host(string host, ulong totalKb, ulong availableKb, ulong swapTotalKb, ulong swapFreeKb)
    {
        Assert.True(MemInfoParser.TryParse(Fixtures.Read(host, "proc/meminfo"), out var info));

        Assert.Equal(new MemInfo(totalKb * 1024, availableKb * 1024, swapTotalKb * 1024, swapFreeKb * 1024, false), info);
    }

    [Fact]
    public void Estimates_available_from_free_buffers_and_cached_on_kernels_without_MemAvailable()
    {
        Assert.True(MemInfoParser.TryParse(Fixtures.Read("old-kernel-3.2", "proc/meminfo"), out var info));

        Assert.True(info.AvailableIsEstimate);
        Assert.Equal((312440UL + 201332 + 2110228) * 1024, info.AvailableBytes);
        Assert.Equal(4046148UL * 1024, info.TotalBytes);
    }

    [Fact]
    public void Swap_lines_are_optional()
    {
        Assert.True(MemInfoParser.TryParse("MemTotal: 1000 kB\nMemAvailable: 400 kB\n", out var info));

        Assert.Equal(0UL, info.SwapTotalBytes);
        Assert.Equal(0UL, info.SwapFreeBytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MemTot")]
    [InlineData("MemTotal:")]
    [InlineData("MemTotal: 1000 kB")]
    [InlineData("MemAvailable: 400 kB")]
    [InlineData("MemTotal: lots kB\nMemAvailable: 400 kB")]
    [InlineData("MemTotal: 1000 MB\nMemAvailable: 400 kB")]
    [InlineData("MemTotal: -1000 kB\nMemAvailable: 400 kB")]
    [InlineData("MemTotal: 99999999999999999999 kB\nMemAvailable: 400 kB")]
    [InlineData("MemTotal: 18446744073709551615 kB\nMemAvailable: 400 kB")]
    public void Fails_without_a_usable_total_and_free_figure(string text)
    {
        Assert.False(MemInfoParser.TryParse(text, out _));
    }

    [Fact]
    public void A_garbage_line_does_not_spoil_the_others()
    {
        Assert.True(MemInfoParser.TryParse("MemTotal: 1000 kB\nCached: x kB\n: 5 kB\nMemFree: 100 kB\nBuffers: 10 kB\n", out var info));

        Assert.Equal(110UL * 1024, info.AvailableBytes);
    }
}
