using Hbd.Client.Sending;

namespace Hbd.Client.Tests.Sending;

public sealed class ServerAddressTests
{
    [Theory]
    [InlineData("mon1", "mon1", 50003)]
    [InlineData("mon1.example.net:6000", "mon1.example.net", 6000)]
    [InlineData("192.0.2.7", "192.0.2.7", 50003)]
    [InlineData("192.0.2.7:1", "192.0.2.7", 1)]
    [InlineData("[2001:db8::1]:6000", "2001:db8::1", 6000)]
    [InlineData("[::1]", "::1", 50003)]
    [InlineData("2001:db8::1", "2001:db8::1", 50003)]
    [InlineData(" localhost ", "localhost", 50003)]
    public void Accepts_every_documented_form(string text, string host, int port)
    {
        var address = ServerAddress.TryParse(text, 50003, out var error);
        Assert.Null(error);
        Assert.Equal(new ServerAddress(host, port), address);
    }

    [Theory]
    [InlineData("mon1:0")]
    [InlineData("mon1:65536")]
    [InlineData("mon1:http")]
    [InlineData("[2001:db8::1")]
    [InlineData("[2001:db8::1]x")]
    [InlineData("[mon1]:6000")]
    [InlineData("2001:db8::zz")]
    [InlineData("--bogus")]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData(".mon1")]
    public void Refuses_what_is_not_a_server_with_a_reason(string text)
    {
        Assert.Null(ServerAddress.TryParse(text, 50003, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Ipv6_is_printed_in_brackets()
    {
        Assert.Equal("[::1]:7", new ServerAddress("::1", 7).ToString());
        Assert.Equal("mon1:7", new ServerAddress("mon1", 7).ToString());
    }
}
