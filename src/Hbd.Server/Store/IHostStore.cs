namespace Hbd.Server.Store;

/// <summary>The hosts as last written, read once at start to restore the registry.</summary>
public interface IHostStore
{
    IReadOnlyList<PersistedHost> LoadHosts();
}
