namespace Hbd.Client.Linux;

/// <summary>Where the plugins read the kernel's and the system's files; tests point these at fixtures.</summary>
internal sealed record HostPaths(string Proc, string Sys, string Root)
{
    public static HostPaths Default { get; } = new("/proc", "/sys", "/");

    /// <summary>All three under one fixture directory holding proc/, sys/ and etc/.</summary>
    public static HostPaths UnderRoot(string root) =>
        new(Path.Combine(root, "proc"), Path.Combine(root, "sys"), root);

    public string ProcFile(string relative) => Path.Combine(Proc, relative);

    public string SysFile(string relative) => Path.Combine(Sys, relative);

    public string RootFile(string relative) => Path.Combine(Root, relative);
}
