namespace Hbd.Common.Protocol;

/// <summary>Why a datagram was or was not accepted by the decoder; also the server's reject-counter names.</summary>
public enum DecodeStatus
{
    Ok,
    TooShort,
    TooLarge,
    BadMagic,
    UnsupportedVersion,
    UnsupportedFlags,
    Malformed,
}
