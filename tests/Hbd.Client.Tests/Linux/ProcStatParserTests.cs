using Hbd.Client.Linux;

namespace Hbd.Client.Tests.Linux;

public sealed class ProcStatParserTests
{
    [Fact]
    public void Reads_total_and_per_core_jiffies_and_boot_time()
    {
        const string text = """
            cpu  10259 1 2611 398259 164 2 22 33 4 5
            cpu0 4429 0 1074 200190 13 0 4 16 0 0
            cpu1 5830 1 1536 198069 151 2 17 17 4 5
            intr 176889 0 0 0
            ctxt 484201
            btime 1795627718
            processes 3029
            """;

        Assert.True(ProcStatParser.TryParse(text, out var stat));

        Assert.Equal(new CpuTimes(10259, 1, 2611, 398259, 164, 2, 22, 33), stat.Total);
        Assert.Equal([0, 1], stat.Cores.Select(core => core.Index));
        Assert.Equal(new CpuTimes(5830, 1, 1536, 198069, 151, 2, 17, 17), stat.Cores[1].Times);
        Assert.Equal(1795627718, stat.BootTimeUnixSeconds);
    }

    [Fact]
    public void Keeps_the_kernels_cpu_numbers_when_one_is_offline()
    {
        const string text = "cpu  3 0 3 30\ncpu0 1 0 1 10\ncpu2 1 0 1 10\ncpu3 1 0 1 10\n";

        Assert.True(ProcStatParser.TryParse(text, out var stat));

        Assert.Equal([0, 2, 3], stat.Cores.Select(core => core.Index));
    }

    [Fact]
    public void Columns_missing_on_old_kernels_read_as_zero()
    {
        // 2.4 kernels: user nice system idle only; 2.6.0–2.6.10: no steal.
        Assert.True(ProcStatParser.TryParse("cpu  100 2 30 900\ncpu0 100 2 30 900\n", out var oldest));
        Assert.Equal(new CpuTimes(100, 2, 30, 900, 0, 0, 0, 0), oldest.Total);

        Assert.True(ProcStatParser.TryParse("cpu  100 2 30 900 5 6 7\n", out var noSteal));
        Assert.Equal(new CpuTimes(100, 2, 30, 900, 5, 6, 7, 0), noSteal.Total);
        Assert.Null(noSteal.BootTimeUnixSeconds);
    }

    [Fact]
    public void Parses_the_capture_of_this_machine()
    {
        Assert.True(ProcStatParser.TryParse(Fixtures.Read("debian12-vm", "proc/stat"), out var stat));

        Assert.Equal(2, stat.Cores.Count);
        Assert.Equal(1795627718, stat.BootTimeUnixSeconds);
        Assert.True(stat.Total.Idle > stat.Total.User);
    }

    [Theory]
    [InlineData("baremetal-16core", 16)]
    [InlineData("container-alpine", 4)]
    [InlineData("old-kernel-3.2", 2)]
    [InlineData("arm64-rpi4", 4)]
    public void Counts_the_cores_of_each_fixture_host(string host, int cores)
    {
        Assert.True(ProcStatParser.TryParse(Fixtures.Read(host, "proc/stat"), out var stat));

        Assert.Equal(cores, stat.Cores.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("cpu")]
    [InlineData("cpu  ")]
    [InlineData("cpu  1 2 3")]
    [InlineData("cpu  1 2 x 4")]
    [InlineData("cpu  -1 2 3 4")]
    [InlineData("cpu  99999999999999999999999 2 3 4")]
    [InlineData("cpu0 1 2 3 4\nbtime 12")]
    [InlineData("\0\0\0garbage")]
    public void Fails_without_a_usable_aggregate_line(string text)
    {
        Assert.False(ProcStatParser.TryParse(text, out var stat));
        Assert.Null(stat);
    }

    [Fact]
    public void Leaves_out_malformed_core_lines_and_a_garbage_boot_time()
    {
        const string text = "cpu  2 0 2 20\ncpu0 1 0 1 10\ncpu1 1 0 x 10\ncpuX 1 0 1 10\ncpu0 1 0 1 10\ncpu3 1 0\nbtime soon\n";

        Assert.True(ProcStatParser.TryParse(text, out var stat));

        Assert.Equal([0], stat.Cores.Select(core => core.Index));
        Assert.Null(stat.BootTimeUnixSeconds);
    }

    [Fact]
    public void A_truncated_last_line_is_left_out()
    {
        Assert.True(ProcStatParser.TryParse("cpu  2 0 2 20 0 0 0 0 0 0\ncpu0 1 0 1 10 0 0 0 0 0 0\ncpu1 1 0", out var stat));

        Assert.Single(stat.Cores);
    }

    [Fact]
    public void A_counter_below_an_earlier_one_is_behind()
    {
        var earlier = new CpuTimes(10, 0, 10, 100, 5, 0, 0, 0);

        Assert.False(earlier.IsBehind(earlier));
        Assert.False((earlier with { Idle = 101 }).IsBehind(earlier));
        Assert.True((earlier with { IoWait = 4 }).IsBehind(earlier));
        Assert.True(new CpuTimes(1, 0, 1, 10, 0, 0, 0, 0).IsBehind(earlier));
    }
}
