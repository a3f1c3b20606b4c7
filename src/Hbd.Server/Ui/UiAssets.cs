using System.Reflection;
using System.Security.Cryptography;

namespace Hbd.Server.Ui;

/// <summary>
/// The dashboard's files, embedded in hbd at build time (under <c>web/</c>, see docs/ui.md) and read once at start-up,
/// with their ETags, so that serving one is a dictionary lookup.
/// </summary>
public sealed class UiAssets
{
    private const string Prefix = "web/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".json"] = "application/json; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    };

    private readonly Dictionary<string, UiAsset> _files;

    private UiAssets(Dictionary<string, UiAsset> files) => _files = files;

    /// <summary>The page every route of the dashboard answers with; the browser picks the view from the path.</summary>
    public UiAsset Index => _files["index.html"];

    /// <summary>The files embedded in <paramref name="assembly"/>; fails at start-up, not on a request, when the build left them out.</summary>
    public static UiAssets Load(Assembly assembly)
    {
        var files = new Dictionary<string, UiAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
                continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"";
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            files[name[Prefix.Length..]] = new UiAsset(bytes, type, etag);
        }
        if (!files.ContainsKey("index.html"))
            throw new InvalidOperationException("the dashboard's files are not embedded in hbd: build it with web/ beside src/");
        return new UiAssets(files);
    }

    /// <summary>A file under <c>/assets/</c>, or null when there is none by that name.</summary>
    public UiAsset? Find(string path) => _files.GetValueOrDefault("assets/" + path);
}
