using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests.Packages;

/// <summary>
/// The agent built for hosts (scripts/build-packages.sh) runs on glibc 2.28 and newer: RHEL 8, Debian 10, Ubuntu 20.04 and
/// later, where a binary linked on this machine would need its glibc 2.34 or more.
/// </summary>
[Collection(PortableBuildCollection.Name)]
public sealed class GlibcBaselineTests(PortableBuildFixture build)
{
    /// <summary>The baseline README.md states: RHEL 8's glibc (the sysroot's is Debian 11's 2.31; Native/glibc-compat.c).</summary>
    private static readonly Version Baseline = new(2, 28);

    [Theory]
    [InlineData("amd64", ElfFile.X86_64)]
    [InlineData("arm64", ElfFile.AArch64)]
    public async Task Agent_binary_needs_no_glibc_newer_than_the_baseline(string arch, ushort machine)
    {
        Assert.True(build.Build.ExitCode == 0, build.Build.ToString());
        var hbc = build.Hbc(arch);

        var highest = await ElfFile.HighestGlibcAsync(hbc);

        Assert.Equal(machine, ElfFile.Machine(hbc));
        Assert.NotNull(highest);
        Assert.True(highest <= Baseline, $"{hbc} needs GLIBC_{highest}, above the {Baseline} baseline");
    }

    /// <summary>
    /// librt.so.1 held nothing hbc calls (.NET's shm_open call is left out of the binary), yet glibc 2.34 and newer map
    /// its empty stub, 16 kB resident (docs/benchmarks.md, footprint): the link leaves it out.
    /// </summary>
    [Theory]
    [InlineData("amd64")]
    [InlineData("arm64")]
    public async Task Agent_binary_does_not_name_librt(string arch)
    {
        Assert.True(build.Build.ExitCode == 0, build.Build.ToString());

        var needed = await ElfFile.NeededAsync(build.Hbc(arch));

        Assert.Contains("libc.so.6", needed);
        Assert.DoesNotContain("librt.so.1", needed);
    }

    [Fact]
    public void Needed_libraries_are_read_from_the_dynamic_section()
    {
        const string objdump = """
            Dynamic Section:
              NEEDED               libdl.so.2
              NEEDED               libc.so.6
              FLAGS                0x0000000000000008
            """;

        Assert.Equal(["libdl.so.2", "libc.so.6"], ElfFile.Needed(objdump));
    }

    /// <summary>
    /// The same reading of a program linked on this machine (Debian 12, glibc 2.36) finds its newer glibc, as it does
    /// for an hbc published without the sysroot (GLIBC_2.34): the check above can fail.
    /// </summary>
    [Fact]
    public async Task A_program_linked_against_this_machines_glibc_is_above_the_baseline()
    {
        var highest = await ElfFile.HighestGlibcAsync("/usr/bin/dpkg");

        Assert.True(highest > Baseline, $"/usr/bin/dpkg needs GLIBC_{highest}");
    }

    [Fact]
    public void Highest_version_is_compared_as_numbers_not_as_text()
    {
        const string objdump = """
            0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.9) pipe2
            0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.17) clock_gettime
            0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.2.5) memcpy
            0000000000000000      DF *UND*  0000000000000000 (GLIBCXX_3.4.30) _ZSt4cout
            0000000000000000      DF *UND*  0000000000000000 GLIBC_PRIVATE __libc_x
            """;

        Assert.Equal(new Version(2, 17), ElfFile.HighestGlibc(objdump));
    }

    /// <summary>The package asks dpkg for the glibc its binary needs, so apt refuses it where it could not run.</summary>
    [Theory]
    [InlineData("amd64")]
    [InlineData("arm64")]
    public async Task Agent_package_depends_on_the_glibc_its_binary_needs(string arch)
    {
        Assert.True(build.Build.ExitCode == 0, build.Build.ToString());
        var highest = await ElfFile.HighestGlibcAsync(build.Hbc(arch));

        var run = await ProgramRun.RunAsync("dpkg-deb", ["-f", build.Deb("hbc", arch), "Depends"], Path.GetTempPath());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"libc6 (>= {highest})", run.Stdout.Trim());
    }
}
