using Hbd.Client.Linux;

namespace Hbd.Client.Tests.Linux;

public sealed class CpuInfoParserTests
{
    [Theory]
    [InlineData("debian12-vm", "AMD EPYC")]
    [InlineData("baremetal-16core", "Intel(R) Xeon(R) Silver 4110 CPU @ 2.10GHz")]
    [InlineData("container-alpine", "AMD EPYC 7B13")]
    [InlineData("old-kernel-3.2", "Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz")]
    [InlineData("arm64-rpi4", "ARM Cortex-A72")]
    public void Reads_the_model_of_each_fixture_host(string host, string model)
    {
        Assert.True(CpuInfoParser.TryParse(Fixtures.Read(host, "proc/cpuinfo"), out var info));

        Assert.Equal(model, info.Model);
    }

    [Fact]
    public void Uses_the_Processor_line_of_32_bit_arm()
    {
        const string text = """
            Processor	: ARMv6-compatible processor rev 7 (v6l)
            processor	: 0
            BogoMIPS	: 697.95
            Features	: swp half thumb fastmult vfp edsp java tls
            CPU implementer	: 0x41
            CPU part	: 0xb76
            Hardware	: BCM2708
            """;

        Assert.True(CpuInfoParser.TryParse(text, out var info));

        Assert.Equal("ARMv6-compatible processor rev 7 (v6l)", info.Model);
    }

    [Fact]
    public void Uses_Hardware_when_the_core_is_not_one_it_knows()
    {
        const string text = "processor\t: 0\nCPU implementer\t: 0x51\nCPU part\t: 0x801\n\nHardware\t: Qualcomm Technologies, Inc SDM845\n";

        Assert.True(CpuInfoParser.TryParse(text, out var info));

        Assert.Equal("Qualcomm Technologies, Inc SDM845", info.Model);
    }

    [Fact]
    public void Names_the_raw_part_when_nothing_else_is_there()
    {
        const string text = "processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0xc0\nCPU architecture: 8\nCPU part\t: 0xac3\n";

        Assert.True(CpuInfoParser.TryParse(text, out var info));

        Assert.Equal("CPU implementer 0xc0 part 0xac3", info.Model);
    }

    [Fact]
    public void Uses_the_cpu_line_of_power()
    {
        const string text = "processor\t: 0\ncpu\t\t: POWER9 (architected), altivec supported\nclock\t\t: 2200.000000MHz\n";

        Assert.True(CpuInfoParser.TryParse(text, out var info));

        Assert.Equal("POWER9 (architected), altivec supported", info.Model);
    }

    [Theory]
    [InlineData("")]
    [InlineData("processor\t: 0\nprocessor\t: 1\n")]
    [InlineData("model name\t:\n")]
    [InlineData("model name")]
    [InlineData(":::\n\0")]
    public void Fails_when_no_model_is_given(string text)
    {
        Assert.False(CpuInfoParser.TryParse(text, out var info));
        Assert.Null(info);
    }
}
