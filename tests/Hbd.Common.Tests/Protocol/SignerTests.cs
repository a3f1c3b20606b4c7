using System.Security.Cryptography;
using Hbd.Common.Protocol;

namespace Hbd.Common.Tests.Protocol;

public sealed class SignerTests : IDisposable
{
    private readonly HeartbeatSigner _signer = new("secret"u8);
    private readonly HeartbeatEncoder _encoder = new();

    public void Dispose() => _signer.Dispose();

    private byte[] Signed(Heartbeat? beat = null) => _encoder.Encode(beat ?? TypicalBeats.Typical(), _signer).ToArray();

    private bool DecodesAndVerifies(byte[] datagram, HeartbeatSigner signer) =>
        HeartbeatDecoder.TryDecode(datagram, out var frame) == DecodeStatus.Ok && signer.Verify(frame);

    [Fact]
    public void Good_tag_verifies()
    {
        Assert.True(DecodesAndVerifies(Signed(), _signer));
    }

    [Fact]
    public void Tag_is_hmac_sha256_of_header_and_body_with_the_utf8_secret()
    {
        var datagram = Signed();
        var expected = HMACSHA256.HashData("secret"u8, datagram.AsSpan(0, datagram.Length - WireFormat.TagSize));
        Assert.Equal(expected, datagram[^WireFormat.TagSize..]);
        Assert.Equal(WireFormat.FlagSigned, datagram[3]);
    }

    [Fact]
    public void Wrong_key_fails()
    {
        using var wrong = new HeartbeatSigner("Secret"u8);
        Assert.False(DecodesAndVerifies(Signed(), wrong));
    }

    [Fact]
    public void Any_flipped_bit_fails_to_decode_or_to_verify()
    {
        var datagram = Signed(TypicalBeats.Minimal());
        for (var bit = 0; bit < datagram.Length * 8; bit++)
        {
            var copy = (byte[])datagram.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(DecodesAndVerifies(copy, _signer), $"bit {bit} flipped still verifies");
        }
    }

    [Fact]
    public void Unsigned_datagram_does_not_verify()
    {
        var datagram = _encoder.Encode(TypicalBeats.Typical()).ToArray();
        Assert.Equal(DecodeStatus.Ok, HeartbeatDecoder.TryDecode(datagram, out var frame));
        Assert.False(frame.IsSigned);
        Assert.False(_signer.Verify(frame));
    }

    [Fact]
    public void Unsigned_datagram_with_a_tag_appended_but_no_flag_is_malformed()
    {
        var datagram = Signed();
        datagram[3] = 0;
        Assert.Equal(DecodeStatus.Malformed, HeartbeatDecoder.TryDecode(datagram, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(32)]
    public void Truncated_tag_fails(int cut)
    {
        var datagram = Signed();
        Assert.False(DecodesAndVerifies(datagram[..^cut], _signer));
    }

    [Fact]
    public void Signer_gives_the_same_answer_however_often_it_is_used()
    {
        var good = Signed();
        var bad = (byte[])good.Clone();
        bad[^1] ^= 0x80;
        for (var i = 0; i < 100; i++)
        {
            Assert.True(DecodesAndVerifies(good, _signer));
            Assert.False(DecodesAndVerifies(bad, _signer));
        }
    }

    [Fact]
    public void Tags_are_equal_only_when_all_32_bytes_are()
    {
        var tag = RandomNumberGenerator.GetBytes(WireFormat.TagSize);
        Assert.True(HeartbeatSigner.TagsEqual(tag, (byte[])tag.Clone()));
        for (var i = 0; i < WireFormat.TagSize; i++)
        {
            foreach (var flip in new byte[] { 0x01, 0x80, 0xff })
            {
                var other = (byte[])tag.Clone();
                other[i] ^= flip;
                Assert.False(HeartbeatSigner.TagsEqual(tag, other), $"byte {i} ^ {flip:x2}");
            }
        }
        Assert.False(HeartbeatSigner.TagsEqual(tag, tag.AsSpan(0, 31)));
        Assert.False(HeartbeatSigner.TagsEqual(tag.AsSpan(0, 31), tag.AsSpan(0, 31)));
        Assert.False(HeartbeatSigner.TagsEqual([], []));
    }

    [Fact]
    public void Empty_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new HeartbeatSigner([]));
    }
}
