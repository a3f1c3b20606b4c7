namespace Hbd.Server.Tests.Store;

/// <summary>A scratch data directory, deleted when disposed.</summary>
internal sealed class TempDataDir : IDisposable
{
    public TempDataDir() => Path = Directory.CreateTempSubdirectory("hbd-server-tests-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
