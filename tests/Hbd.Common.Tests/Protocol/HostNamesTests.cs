using System.Text;
using Hbd.Common.Protocol;

namespace Hbd.Common.Tests.Protocol;

public sealed class HostNamesTests
{
    [Theory]
    [InlineData("db1")]
    [InlineData("a")]
    [InlineData("web-01.example.net")]
    [InlineData("WEB_01.Example.NET")]
    [InlineData("1.2.3.4")]
    [InlineData("host-")]
    [InlineData("host.")]
    public void Dns_like_names_are_valid(string name)
    {
        Assert.True(HostNames.IsValid(name));
        Assert.True(HostNames.IsValid(Encoding.UTF8.GetBytes(name)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".db1")]
    [InlineData("-db1")]
    [InlineData("db 1")]
    [InlineData("db1\n")]
    [InlineData("db\u00001")]
    [InlineData("dé1")]
    [InlineData("db/1")]
    [InlineData("db:1")]
    [InlineData("db1?")]
    [InlineData("<script>")]
    [InlineData("db\u04311")]
    public void Other_names_are_invalid(string name)
    {
        Assert.False(HostNames.IsValid(name));
        Assert.False(HostNames.IsValid(Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void Null_is_invalid()
    {
        Assert.False(HostNames.IsValid((string?)null));
    }

    [Fact]
    public void Names_up_to_253_bytes_are_valid()
    {
        Assert.True(HostNames.IsValid(new string('a', HostNames.MaxLength)));
        Assert.False(HostNames.IsValid(new string('a', HostNames.MaxLength + 1)));
        Assert.False(HostNames.IsValid(Encoding.ASCII.GetBytes(new string('a', HostNames.MaxLength + 1))));
    }

    [Fact]
    public void Decoder_applies_the_same_rule()
    {
        var encoder = new HeartbeatEncoder();
        foreach (var (name, valid) in new[] { ("ok-name", true), ("bad name", false), ("", false), (new string('h', 254), false) })
        {
            var datagram = encoder.Encode(TypicalBeats.Minimal() with { HostName = name }).ToArray();
            Assert.Equal(valid ? DecodeStatus.Ok : DecodeStatus.Malformed, HeartbeatDecoder.TryDecode(datagram, out _));
        }
    }
}
