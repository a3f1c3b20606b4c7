namespace Hbd.Server.Store;

/// <summary>The hosts as last written: read once at start to restore the registry, and a host's latest body when asked.</summary>
public interface IHostStore
{
    /// <summary>Every stored host, without its body (<see cref="PersistedHost.Body"/> is null; its load is read).</summary>
    IReadOnlyList<PersistedHost> LoadHosts();

    /// <summary>The stored body of a host's latest beat; null when the host has none or is not stored.</summary>
    byte[]? LoadBody(string name);
}
