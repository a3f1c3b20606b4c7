using System.Security.Cryptography;
using System.Text;
using Hbd.Client.Sending;
using Hbd.Common.Protocol;
using Hbd.Common.Tests.Protocol;
using Xunit.Abstractions;

namespace Hbd.Client.Tests.Sending;

/// <summary>
/// The agent's managed HMAC-SHA256 gives the tags the server's platform HMAC (OpenSSL) checks: on docs/protocol.md's
/// vectors, on RFC 4231's, and on random keys and messages of every length class, reused for many messages.
/// </summary>
public sealed class ManagedHeartbeatMacTests(ITestOutputHelper output)
{
    private static readonly byte[] VectorKey = Encoding.UTF8.GetBytes(TypicalBeats.Secret);

    public static TheoryData<string> SignedVectors =>
        TestVectors.Names(v => v.IsSigned && v.Status == DecodeStatus.Ok && !v.HasBadSignature);

    public static TheoryData<string> BadlySignedVectors => TestVectors.Names(v => v.HasBadSignature);

    public static TheoryData<string> EncodedSignedVectors => TestVectors.Names(v => v.IsSigned && TestVectors.BuiltFrom(v.Name) is not null);

    private static byte[] Tag(IHeartbeatMac mac, ReadOnlySpan<byte> message)
    {
        var tag = new byte[WireFormat.TagSize];
        mac.ComputeTag(message, tag);
        return tag;
    }

    [Fact]
    public void The_document_has_signed_vectors_good_and_bad()
    {
        Assert.True(SignedVectors.Count >= 3);
        Assert.NotEmpty(BadlySignedVectors);
    }

    [Theory]
    [MemberData(nameof(SignedVectors))]
    public void Tag_of_each_signed_vector_is_the_documented_one(string name)
    {
        var bytes = TestVectors.Get(name).Bytes;
        using var mac = new ManagedHeartbeatMac(VectorKey);
        Assert.Equal(Convert.ToHexStringLower(bytes.AsSpan(bytes.Length - WireFormat.TagSize)),
            Convert.ToHexStringLower(Tag(mac, bytes.AsSpan(0, bytes.Length - WireFormat.TagSize))));
    }

    [Theory]
    [MemberData(nameof(BadlySignedVectors))]
    public void Tag_of_a_badly_signed_vector_is_not_the_one_it_carries(string name)
    {
        var bytes = TestVectors.Get(name).Bytes;
        using var mac = new ManagedHeartbeatMac(VectorKey);
        Assert.NotEqual(bytes[^WireFormat.TagSize..], Tag(mac, bytes.AsSpan(0, bytes.Length - WireFormat.TagSize)));
    }

    [Theory]
    [MemberData(nameof(EncodedSignedVectors))]
    public void Encoder_signing_with_it_writes_the_documented_bytes(string name)
    {
        using var signer = new HeartbeatSigner(new ManagedHeartbeatMac(VectorKey));
        var encoded = new HeartbeatEncoder().Encode(TestVectors.BuiltFrom(name)!, signer);
        Assert.Equal(Convert.ToHexStringLower(TestVectors.Get(name).Bytes), Convert.ToHexStringLower(encoded.Span));
    }

    /// <summary>RFC 4231 §4.2, §4.3, §4.7 and §4.8: a short key, a key shorter than its message, and 131-byte keys that are hashed first.</summary>
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData("aa*131", "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")]
    [InlineData("aa*131",
        "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")]
    public void Rfc_4231_test_cases(string key, string message, string tag)
    {
        var keyBytes = key == "aa*131" ? Enumerable.Repeat((byte)0xaa, 131).ToArray() : Convert.FromHexString(key);
        using var mac = new ManagedHeartbeatMac(keyBytes);
        Assert.Equal(tag, Convert.ToHexStringLower(Tag(mac, Convert.FromHexString(message))));
    }

    [Fact]
    public void Equals_the_platform_hmac_at_every_block_boundary_and_key_length_class()
    {
        var random = new Random(4231);
        int[] keyLengths = [1, 6, 31, 32, 63, 64, 65, 127, 128, 129, 200];
        int[] messageLengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 191, 192, 1000, 1500, 8191, 8192, 20000];
        foreach (var keyLength in keyLengths)
        {
            var key = Bytes(random, keyLength);
            using var mac = new ManagedHeartbeatMac(key);
            foreach (var messageLength in messageLengths)
            {
                var message = Bytes(random, messageLength);
                Assert.True(HMACSHA256.HashData(key, message).AsSpan().SequenceEqual(Tag(mac, message)),
                    $"key {keyLength} bytes, message {messageLength} bytes");
            }
        }
    }

    [Fact]
    public void Equals_the_platform_hmac_on_random_keys_and_messages()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (var i = 0; i < 300; i++)
        {
            var key = Bytes(random, random.Next(1, 201));
            var message = Bytes(random, random.Next(0, 20_001));
            using var mac = new ManagedHeartbeatMac(key);
            Assert.True(HMACSHA256.HashData(key, message).AsSpan().SequenceEqual(Tag(mac, message)),
                $"seed {seed}, case {i}: key {key.Length} bytes, message {message.Length} bytes");
        }
    }

    [Fact]
    public void One_instance_gives_each_message_its_own_tag_however_many_came_before()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var key = Bytes(random, random.Next(1, 201));
        using var mac = new ManagedHeartbeatMac(key);
        using var platform = new PlatformHeartbeatMac(key);
        var first = Bytes(random, 730);
        var firstTag = Tag(mac, first);
        for (var i = 0; i < 1000; i++)
        {
            var message = Bytes(random, random.Next(0, 2_001));
            Assert.True(Tag(platform, message).AsSpan().SequenceEqual(Tag(mac, message)), $"seed {seed}, message {i} of {message.Length} bytes");
        }
        Assert.Equal(firstTag, Tag(mac, first));
        Assert.Equal(HMACSHA256.HashData(key, first), firstTag);
    }

    [Fact]
    public void Signed_by_the_agent_verifies_with_the_servers_signer_and_not_with_another_key()
    {
        var beat = TypicalBeats.Typical();
        using var agent = new HeartbeatSigner(new ManagedHeartbeatMac("a long shared secret"u8));
        using var server = new HeartbeatSigner("a long shared secret"u8);
        using var other = new HeartbeatSigner("a long shared secreT"u8);
        var datagram = new HeartbeatEncoder().Encode(beat, agent).ToArray();
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(datagram, out var frame));
        Assert.True(server.Verify(frame));
        Assert.False(other.Verify(frame));
    }

    [Fact]
    public void Empty_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ManagedHeartbeatMac([]));
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
