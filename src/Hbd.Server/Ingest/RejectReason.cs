namespace Hbd.Server.Ingest;

/// <summary>Why a datagram was dropped; each has a counter in /api/status and /metrics.</summary>
public enum RejectReason
{
    TooShort,
    TooLarge,
    BadMagic,
    UnsupportedVersion,
    UnsupportedFlags,
    Malformed,
    Unsigned,
    BadSignature,
    Replayed,
    Stale,
    HostLimit,

    /// <summary>An unverified heartbeat of a new host beyond <c>max_new_hosts_per_minute</c> (in total or from its address).</summary>
    NewHostRate,

    /// <summary>An unverified message beyond <c>max_messages_per_minute</c> (in total or from its address).</summary>
    MessageRate,

    /// <summary>Processing failed on a bug; the datagram is dropped and the receive loop goes on.</summary>
    InternalError,
}

public static class RejectReasons
{
    public static readonly RejectReason[] All = Enum.GetValues<RejectReason>();

    /// <summary>snake_case, as the API and metrics name them.</summary>
    public static string Name(RejectReason reason) => reason switch
    {
        RejectReason.TooShort => "too_short",
        RejectReason.TooLarge => "too_large",
        RejectReason.BadMagic => "bad_magic",
        RejectReason.UnsupportedVersion => "unsupported_version",
        RejectReason.UnsupportedFlags => "unsupported_flags",
        RejectReason.Malformed => "malformed",
        RejectReason.Unsigned => "unsigned",
        RejectReason.BadSignature => "bad_signature",
        RejectReason.Replayed => "replayed",
        RejectReason.Stale => "stale",
        RejectReason.HostLimit => "host_limit",
        RejectReason.NewHostRate => "new_host_rate",
        RejectReason.MessageRate => "message_rate",
        RejectReason.InternalError => "internal_error",
        _ => "other",
    };
}
