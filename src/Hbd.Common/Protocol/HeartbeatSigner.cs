using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Hbd.Common.Protocol;

/// <summary>
/// HMAC-SHA256 over header and body with one shared secret. Keeps its keyed hash state between calls
/// (about half the cost of a one-shot HMAC), so an instance is not thread-safe: one per thread.
/// </summary>
public sealed class HeartbeatSigner : IDisposable
{
    private readonly IHeartbeatMac _mac;

    /// <summary>With the platform's HMAC-SHA256, as the server verifies.</summary>
    public HeartbeatSigner(ReadOnlySpan<byte> key)
        : this(new PlatformHeartbeatMac(RefuseEmpty(key)))
    {
    }

    /// <summary>With <paramref name="mac"/>, already keyed; the signer disposes of it.</summary>
    public HeartbeatSigner(IHeartbeatMac mac)
    {
        ArgumentNullException.ThrowIfNull(mac);
        _mac = mac;
    }

    /// <summary>An empty key would sign with no secret at all: refused wherever a key is read.</summary>
    public static ReadOnlySpan<byte> RefuseEmpty(ReadOnlySpan<byte> key) =>
        key.IsEmpty ? throw new ArgumentException("A signing key must not be empty.", nameof(key)) : key;

    /// <summary>Writes the 32-byte tag of <paramref name="signedBytes"/> into <paramref name="tag"/>.</summary>
    public void ComputeTag(ReadOnlySpan<byte> signedBytes, Span<byte> tag) => _mac.ComputeTag(signedBytes, tag);

    /// <summary>True when the frame carries a tag and it matches; compared in constant time.</summary>
    public bool Verify(in HeartbeatFrame frame)
    {
        if (!frame.IsSigned || frame.Tag.Length != WireFormat.TagSize)
            return false;
        Span<byte> expected = stackalloc byte[WireFormat.TagSize];
        ComputeTag(frame.SignedBytes.Span, expected);
        return TagsEqual(expected, frame.Tag.Span);
    }

    /// <summary>
    /// Compares two 32-byte tags in constant time: four 64-bit XORs ORed together, straight-line code with no
    /// branch on the data before the single result (NoInlining keeps it so in any caller). Not
    /// <see cref="CryptographicOperations.FixedTimeEquals"/>: that is a byte loop compiled with NoOptimization,
    /// about 100 ns for 32 bytes here, an eighth of decode + verify (docs/benchmarks.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static bool TagsEqual(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != WireFormat.TagSize || right.Length != WireFormat.TagSize)
            return false;
        var difference = (MemoryMarshal.Read<ulong>(left) ^ MemoryMarshal.Read<ulong>(right))
            | (MemoryMarshal.Read<ulong>(left[8..]) ^ MemoryMarshal.Read<ulong>(right[8..]))
            | (MemoryMarshal.Read<ulong>(left[16..]) ^ MemoryMarshal.Read<ulong>(right[16..]))
            | (MemoryMarshal.Read<ulong>(left[24..]) ^ MemoryMarshal.Read<ulong>(right[24..]));
        return difference == 0;
    }

    public void Dispose() => _mac.Dispose();
}
