namespace Hbd.Server.Hosts;

/// <summary>Whether a host's heartbeats arrive (docs/configuration.md, host states).</summary>
public enum HostState
{
    /// <summary>Known from the store, not heard since this server started.</summary>
    Unknown,
    Up,
    Late,
    Down,
}

/// <summary>Names of <see cref="HostState"/> as the API, the store and the journal spell them.</summary>
public static class HostStates
{
    public static string Name(HostState state) => state switch
    {
        HostState.Up => "up",
        HostState.Late => "late",
        HostState.Down => "down",
        _ => "unknown",
    };

    public static HostState Parse(string? name) => name switch
    {
        "up" => HostState.Up,
        "late" => HostState.Late,
        "down" => HostState.Down,
        _ => HostState.Unknown,
    };
}
