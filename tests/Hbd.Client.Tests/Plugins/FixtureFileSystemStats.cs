using System.Globalization;
using Hbd.Client.Linux;

namespace Hbd.Client.Tests.Plugins;

/// <summary>
/// statvfs answers from a fixture's statvfs.txt (<c>/mount\040point frsize=4096 blocks=… bfree=… bavail=… files=… ffree=…</c>)
/// for the paths the plugin asks under the fixture root; records every mount point asked.
/// </summary>
internal sealed class FixtureFileSystemStats : IFileSystemStats
{
    private readonly string _root;
    private readonly Dictionary<string, FileSystemStats> _byMountPoint;

    private FixtureFileSystemStats(string root, Dictionary<string, FileSystemStats> byMountPoint)
    {
        _root = root;
        _byMountPoint = byMountPoint;
    }

    /// <summary>The mount points asked for ("/", "/srv/photo archive"), in order.</summary>
    public List<string> Asked { get; } = [];

    /// <summary>Mount points whose statvfs fails, as for a vanished NFS server or a FUSE mount of another user.</summary>
    public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);

    /// <summary>A case's statvfs.txt, answering for paths under <paramref name="paths"/>' root.</summary>
    public static FixtureFileSystemStats Load(string file, HostPaths paths)
    {
        var byMountPoint = new Dictionary<string, FileSystemStats>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(file))
        {
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = fields[1..]
                .Select(pair => pair.Split('='))
                .ToDictionary(pair => pair[0], pair => ulong.Parse(pair[1], CultureInfo.InvariantCulture));
            byMountPoint[MountInfoParser.Unescape(fields[0])] = new FileSystemStats(
                values["frsize"], values["blocks"], values["bfree"], values["bavail"], values["files"], values["ffree"]);
        }
        return new FixtureFileSystemStats(paths.Root, byMountPoint);
    }

    /// <summary>A fixture host's statvfs.txt.</summary>
    public static FixtureFileSystemStats ForHost(string host) =>
        Load(Path.Combine(Fixtures.Root(host), "statvfs.txt"), HostPaths.UnderRoot(Fixtures.Root(host)));

    public bool TryGet(string path, out FileSystemStats stats)
    {
        var relative = Path.GetRelativePath(_root, path);
        var mountPoint = relative == "." ? "/" : "/" + relative;
        Asked.Add(mountPoint);
        stats = default;
        return !Failing.Contains(mountPoint) && _byMountPoint.TryGetValue(mountPoint, out stats);
    }
}
