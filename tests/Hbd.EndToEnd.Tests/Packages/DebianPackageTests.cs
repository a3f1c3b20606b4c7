using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests.Packages;

/// <summary>
/// The .debs of scripts/build-packages.sh: lintian finds no error, and dpkg installs, removes and purges them without a
/// trace. The install happens in scripts/check-debs.sh's private overlay of /etc, /usr and /var, so the tests that run at
/// the same time, which look for /etc/hb.yaml and /etc/hbd.yaml when started without -c, never see the packages' files.
/// </summary>
[Collection(PortableBuildCollection.Name)]
public sealed class DebianPackageTests(PortableBuildFixture build)
{
    private static readonly TimeSpan LintianTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("hbc", "amd64")]
    [InlineData("hbc", "arm64")]
    [InlineData("hbd", "amd64")]
    public async Task Lintian_finds_no_error(string package, string arch)
    {
        Assert.True(build.Build.ExitCode == 0, build.Build.ToString());

        var run = await ProgramRun.RunAsync("lintian", ["--fail-on", "error", build.Deb(package, arch)], Path.GetTempPath(), LintianTimeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(run.Stdout.Split('\n'), line => line.StartsWith("E: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("hbc", "amd64", "/etc/hb.yaml", "/lib/systemd/system/hbc.service", "./usr/bin/hbc")]
    [InlineData("hbc", "arm64", "/etc/hb.yaml", "/lib/systemd/system/hbc.service", "./usr/bin/hbc")]
    [InlineData("hbd", "amd64", "/etc/hbd.yaml", "/lib/systemd/system/hbd.service", "./usr/lib/hbd/hbd")]
    public async Task Package_carries_its_program_unit_and_config_as_a_conffile(string package, string arch, string conffile, string unit,
        string program)
    {
        Assert.True(build.Build.ExitCode == 0, build.Build.ToString());
        using var dir = new TestDirectory();
        var deb = build.Deb(package, arch);

        var control = await ProgramRun.RunAsync("dpkg-deb", ["-e", deb, Path.Combine(dir.Root, "DEBIAN")], dir.Home);
        var files = await ProgramRun.RunAsync("dpkg-deb", ["-x", deb, Path.Combine(dir.Root, "root")], dir.Home);

        Assert.True(control.ExitCode == 0 && files.ExitCode == 0, control + "\n" + files);
        Assert.Equal(conffile, File.ReadAllText(Path.Combine(dir.Root, "DEBIAN", "conffiles")).Trim());
        Assert.Contains($"Architecture: {arch}\n", File.ReadAllText(Path.Combine(dir.Root, "DEBIAN", "control")), StringComparison.Ordinal);
        var root = Path.Combine(dir.Root, "root");
        Assert.Equal(arch == "arm64" ? ElfFile.AArch64 : ElfFile.X86_64, ElfFile.Machine(Path.Combine(root, program)));
        var unitText = File.ReadAllText(root + unit);
        Assert.Contains($"ExecStart=/usr/bin/{package} ", unitText, StringComparison.Ordinal);
        Assert.DoesNotContain("/usr/local/", unitText, StringComparison.Ordinal);
        // The shipped config leaves every choice to the admin, but where the service's state goes.
        var settings = File.ReadAllLines(root + conffile).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToList();
        Assert.Equal(package == "hbd" ? ["data_dir: /var/lib/hbd"] : [], settings);
    }

    [Fact]
    public async Task Packages_install_run_and_purge_without_a_trace()
    {
        Assert.True(build.Build.ExitCode == 0, build.Build.ToString());
        using var dir = new TestDirectory();
        var script = Path.Combine(Programs.RepositoryRoot, "scripts", "check-debs.sh");
        var ports = Enumerable.Range(0, 3).Select(_ => FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var run = await ProgramRun.RunAsync(script, [build.Deb("hbc", "amd64"), build.Deb("hbd", "amd64"), .. ports], dir.Home, CheckTimeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        var version = File.ReadAllText(Path.Combine(Programs.RepositoryRoot, "Directory.Build.props"))
            .Split("<Version>")[1].Split("</Version>")[0];
        Assert.Contains("conffiles: /etc/hb.yaml /etc/hbd.yaml", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"hbc --version: {version}\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"hbd --version: {version}\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("hbd --check-config: hbd: /etc/hbd.yaml: ok\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("enabled units: none\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("units verified\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("api/hosts/deb-installed: \"state\":\"up\"", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("purged; nothing left\n", run.Stdout, StringComparison.Ordinal);
        // And outside the overlay, this machine never had them.
        Assert.False(File.Exists("/usr/bin/hbc") || File.Exists("/usr/lib/hbd/hbd") || File.Exists("/lib/systemd/system/hbd.service"));
    }
}
