namespace Hbd.Common.Config;

/// <summary>Finds the configuration file: an explicit <c>-c FILE</c>, else the first existing file of a search order.</summary>
public static class ConfigFileLocator
{
    /// <summary>The per-user file both programs look at first.</summary>
    public const string UserConfig = "~/.hb.yaml";

    /// <summary>The client's system-wide file.</summary>
    public const string ClientSystemConfig = "/etc/hb.yaml";

    /// <summary>The server's system-wide file.</summary>
    public const string ServerSystemConfig = "/etc/hbd.yaml";

    /// <summary>hbc: <c>~/.hb.yaml</c>, then <c>/etc/hb.yaml</c>.</summary>
    public static IReadOnlyList<string> ClientSearchOrder { get; } = Array.AsReadOnly([UserConfig, ClientSystemConfig]);

    /// <summary>hbd: <c>~/.hb.yaml</c>, then <c>/etc/hbd.yaml</c>.</summary>
    public static IReadOnlyList<string> ServerSearchOrder { get; } = Array.AsReadOnly([UserConfig, ServerSystemConfig]);

    /// <summary>
    /// The configuration file to load, or null when none exists (run on defaults). An explicit path that
    /// does not exist is a <see cref="ConfigException"/>; a file of the search order that is missing is skipped.
    /// </summary>
    public static string? Find(string? explicitPath, IReadOnlyList<string> searchOrder)
    {
        if (explicitPath is not null)
        {
            if (string.IsNullOrWhiteSpace(explicitPath))
                throw new ConfigException(null, 0, null, "the config file name is empty");
            var path = ExpandHome(explicitPath);
            if (Directory.Exists(path))
                throw new ConfigException(path, 0, null, "is a directory, not a config file");
            if (!File.Exists(path))
                throw new ConfigException(path, 0, null, "config file not found");
            return path;
        }
        foreach (var candidate in searchOrder)
        {
            if (IsHomeRelative(candidate) && Home() is null)
                continue;
            var path = ExpandHome(candidate);
            if (File.Exists(path))
                return path;
        }
        return null;
    }

    /// <summary>Replaces a leading <c>~</c> or <c>~/</c> with $HOME (read on every call); other paths are unchanged.</summary>
    public static string ExpandHome(string path)
    {
        if (!IsHomeRelative(path))
            return path;
        var home = Home();
        if (home is null)
            return path;
        return path.Length == 1 ? home : Path.Join(home, path.AsSpan(2));
    }

    private static bool IsHomeRelative(string path) => path == "~" || path.StartsWith("~/", StringComparison.Ordinal);

    private static string? Home()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        return string.IsNullOrEmpty(home) ? null : home;
    }
}
