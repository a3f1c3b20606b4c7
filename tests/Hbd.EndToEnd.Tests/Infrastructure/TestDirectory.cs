namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A temporary directory per test: <see cref="Home"/> is the children's $HOME (so no ~/.hb.yaml of the
/// machine leaks in) and <see cref="DataDir"/> is hbd's data_dir. Removed on dispose.
/// </summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Root = Directory.CreateTempSubdirectory("hbd-e2e-").FullName;
        Home = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;
        DataDir = Path.Combine(Root, "data");
    }

    public string Root { get; }

    public string Home { get; }

    public string DataDir { get; }

    /// <summary>Writes a file under <see cref="Root"/> and returns its full path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
