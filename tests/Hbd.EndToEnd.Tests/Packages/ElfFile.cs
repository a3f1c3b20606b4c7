using System.Text.RegularExpressions;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests.Packages;

/// <summary>What an ELF file says about where it runs: its machine, and the newest glibc it asks for.</summary>
public static partial class ElfFile
{
    public const ushort X86_64 = 62;
    public const ushort AArch64 = 183;

    /// <summary>e_machine from the ELF header (little-endian, at byte 18).</summary>
    public static ushort Machine(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[20];
        file.ReadExactly(header);
        Assert.True(header[..4].SequenceEqual("\u007fELF"u8), $"{path} is not an ELF file");
        return (ushort)(header[18] | header[19] << 8);
    }

    /// <summary>
    /// The highest GLIBC_x.y among the versions of the dynamic symbols the file imports (objdump -T): the oldest glibc
    /// the dynamic loader will run it with. Null when it asks for no versioned glibc symbol.
    /// </summary>
    public static async Task<Version?> HighestGlibcAsync(string path)
    {
        var home = Path.GetTempPath();
        var run = await ProgramRun.RunAsync("objdump", ["-T", path], home);
        Assert.True(run.ExitCode == 0, run.ToString());
        return HighestGlibc(run.Stdout);
    }

    /// <summary>The shared libraries the file names (its DT_NEEDED entries, objdump -p): the loader maps each one.</summary>
    public static async Task<IReadOnlyList<string>> NeededAsync(string path)
    {
        var run = await ProgramRun.RunAsync("objdump", ["-p", path], Path.GetTempPath());
        Assert.True(run.ExitCode == 0, run.ToString());
        return Needed(run.Stdout);
    }

    /// <summary>The NEEDED entries in objdump -p's output, in their order.</summary>
    public static IReadOnlyList<string> Needed(string objdumpOutput) =>
        NeededEntry().Matches(objdumpOutput).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The highest GLIBC_x.y(.z) named in objdump -T's output.</summary>
    public static Version? HighestGlibc(string objdumpOutput) =>
        GlibcVersion().Matches(objdumpOutput)
            .Select(m => Version.Parse(m.Groups[1].Value))
            .DefaultIfEmpty()
            .Max();

    [GeneratedRegex(@"\bGLIBC_(\d+\.\d+(?:\.\d+)?)\b")]
    private static partial Regex GlibcVersion();

    [GeneratedRegex(@"^\s*NEEDED\s+(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex NeededEntry();
}
