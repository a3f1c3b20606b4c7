namespace Hbd.Server.Hosts;

/// <summary>What the registry did with a verified datagram.</summary>
public enum BeatOutcome
{
    Accepted,
    Replayed,
    Stale,
    HostLimit,
}
