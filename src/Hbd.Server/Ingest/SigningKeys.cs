using System.Text;
using Hbd.Common.Protocol;

namespace Hbd.Server.Ingest;

/// <summary>
/// The secrets datagrams are verified with: one per host (`keys`) before the shared one (`key`).
/// Signers keep hash state, so one instance belongs to the receive thread; reload swaps it whole.
/// </summary>
public sealed class SigningKeys
{
    private readonly Dictionary<string, HeartbeatSigner> _perHost;
    private readonly Dictionary<string, HeartbeatSigner>.AlternateLookup<ReadOnlySpan<char>> _perHostBySpan;
    private readonly HeartbeatSigner? _shared;
    private readonly byte[]? _sharedSecret;
    private readonly IReadOnlyDictionary<string, byte[]> _perHostSecrets;

    public SigningKeys(byte[]? sharedKey, IReadOnlyDictionary<string, byte[]> perHost, bool requireSigned)
    {
        _shared = sharedKey is { Length: > 0 } ? new HeartbeatSigner(sharedKey) : null;
        _sharedSecret = sharedKey is { Length: > 0 } ? sharedKey : null;
        _perHostSecrets = perHost.Where(p => p.Value.Length > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        _perHost = new Dictionary<string, HeartbeatSigner>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, key) in perHost)
            if (key.Length > 0)
                _perHost[host] = new HeartbeatSigner(key);
        _perHostBySpan = _perHost.GetAlternateLookup<ReadOnlySpan<char>>();
        RequireSigned = requireSigned;
    }

    public static SigningKeys None { get; } = new(null, new Dictionary<string, byte[]>(), requireSigned: false);

    /// <summary>Unsigned datagrams are dropped.</summary>
    public bool RequireSigned { get; }

    /// <summary>The host's secret (its <c>keys</c> entry, else <c>key</c>), for callers that check it as a bearer token; null when none is set.</summary>
    public byte[]? SecretFor(string host) => _perHostSecrets.GetValueOrDefault(host) ?? _sharedSecret;

    /// <summary>The signer for a host (UTF-8 name), or null when neither a host key nor a shared key is set.</summary>
    public HeartbeatSigner? For(ReadOnlySpan<byte> hostUtf8)
    {
        if (_perHost.Count > 0)
        {
            Span<char> name = stackalloc char[HostNames.MaxLength];
            name = name[..Encoding.ASCII.GetChars(hostUtf8, name)];
            if (_perHostBySpan.TryGetValue(name, out var signer))
                return signer;
        }
        return _shared;
    }
}
