namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>The repository and the built hbd, hbc and hbload apphosts of the configuration these tests were built in.</summary>
public static class Programs
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Hbd { get; } = Built("src/Hbd.Server", "hbd");

    public static string Hbc { get; } = Built("src/Hbd.Client", "hbc");

    /// <summary>The load generator of docs/benchmarks.md (bench/Hbd.Load).</summary>
    public static string Hbload { get; } = Built("bench/Hbd.Load", "hbload");

    private static string Built(string project, string name) =>
        Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", name);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "hbd.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no hbd.slnx above {AppContext.BaseDirectory}");
    }
}
