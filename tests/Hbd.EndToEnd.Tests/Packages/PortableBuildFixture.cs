using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests.Packages;

/// <summary>
/// Runs scripts/build-packages.sh once, on a copy of the sources (the builds touch neither the bin folders other tests
/// run from nor anyone's work in progress): hbc as Native AOT against the glibc 2.31 sysroots for amd64 and arm64, a
/// self-contained hbd, and the three .debs. Slow: two minutes or more, the sysroots' download included on a new machine.
/// </summary>
public sealed class PortableBuildFixture : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(12);

    private readonly string _root = Directory.CreateTempSubdirectory("hbd-e2e-portable-").FullName;

    /// <summary>The script's OUTDIR: hbc-amd64/, hbc-arm64/, hbd-amd64/ and the .debs.</summary>
    public string OutDir => Path.Combine(_root, "out");

    public ProgramResult Build { get; private set; } = null!;

    /// <summary>Where the script keeps the sysroots, as it does for anyone building on this machine.</summary>
    public static string SysRoots =>
        Environment.GetEnvironmentVariable("HBD_SYSROOT_CACHE") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(RealHome, ".cache"), "hbd", "sysroots");

    public static string SysRoot(string arch) => Path.Combine(SysRoots, $"bullseye-{arch}");

    public string Hbc(string arch) => Path.Combine(OutDir, $"hbc-{arch}", "hbc");

    public string Deb(string package, string arch) =>
        Directory.GetFiles(OutDir, $"{package}_*_{arch}.deb").Single();

    public async Task InitializeAsync()
    {
        var source = Path.Combine(_root, "source");
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "README.md",
                     "docs/configuration.md" })
        {
            var to = Path.Combine(source, file);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(Path.Combine(Programs.RepositoryRoot, file), to);
        }
        foreach (var dir in new[] { "src", "web", "scripts", "deploy" })
            CopySources(Path.Combine(Programs.RepositoryRoot, dir), Path.Combine(source, dir));

        Build = await ProgramRun.RunAsync("bash", [Path.Combine(source, "scripts", "build-packages.sh"), OutDir], RealHome, BuildTimeout,
            source, new Dictionary<string, string>
            {
                // xz takes about a minute over hbd's 120 MB here, gzip seconds; the packages are otherwise the same.
                ["DPKG_DEB_COMPRESSOR_TYPE"] = "gzip",
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            });
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }

    /// <summary>The real $HOME: dotnet's package cache and the sysroots' cache live there.</summary>
    private static string RealHome => Environment.GetEnvironmentVariable("HOME") ?? "/";

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file))); // with its mode: the scripts stay executable
        foreach (var dir in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(dir) is not ("bin" or "obj" or "node_modules" or "dist"))
                CopySources(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}

/// <summary>The tests of the portable builds share one build of them, made once.</summary>
[CollectionDefinition(Name)]
public sealed class PortableBuildCollection : ICollectionFixture<PortableBuildFixture>
{
    public const string Name = "portable builds";
}
