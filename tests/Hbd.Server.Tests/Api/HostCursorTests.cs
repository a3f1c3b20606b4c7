using Hbd.Common.Protocol;
using Hbd.Server.Api;

namespace Hbd.Server.Tests.Api;

public sealed class HostCursorTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Web-01.example_net")]
    public void A_cursor_decodes_to_the_name_it_was_made_from(string name)
    {
        Assert.True(HostCursor.TryDecode(HostCursor.Encode(name), out var decoded));
        Assert.Equal(name, decoded);
    }

    [Fact]
    public void The_longest_host_name_makes_a_cursor()
    {
        var name = new string('h', HostNames.MaxLength);

        Assert.True(HostCursor.TryDecode(HostCursor.Encode(name), out var decoded));
        Assert.Equal(name, decoded);
    }

    [Theory]
    [InlineData("***")]
    [InlineData("Li4u")] // "..."
    [InlineData("")]
    public void What_the_api_could_not_have_made_is_refused(string cursor) =>
        Assert.False(HostCursor.TryDecode(cursor, out _));

    [Fact]
    public void A_cursor_longer_than_any_host_name_is_refused() =>
        Assert.False(HostCursor.TryDecode(HostCursor.Encode(new string('h', HostNames.MaxLength)) + "aaaa", out _));
}
