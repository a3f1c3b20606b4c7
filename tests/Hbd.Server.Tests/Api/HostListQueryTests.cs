using Hbd.Common;
using Hbd.Server.Api;
using Hbd.Server.Hosts;
using Hbd.Server.Tests.Hosts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Hbd.Server.Tests.Api;

public sealed class HostListQueryTests
{
    [Fact]
    public void Without_parameters_it_is_the_first_100_hosts_unfiltered()
    {
        var query = Parse("");

        Assert.Equal(new HostListQuery(100, null, -1, -1, null), query);
        Assert.True(query.Matches(HostRecords.Of("web1", HostState.Down, AlertLevel.Critical)));
    }

    [Fact]
    public void Empty_parameters_are_the_defaults() =>
        Assert.Equal(Parse(""), Parse("?limit=&cursor=&state=&level=&q="));

    [Fact]
    public void A_cursor_is_the_last_name_of_the_page_it_came_from() =>
        Assert.Equal("web7", Parse("?cursor=" + HostCursor.Encode("web7")).After);

    [Theory]
    [InlineData("?state=down&state=late")]
    [InlineData("?state=down,late")]
    [InlineData("?state=DOWN, late")]
    public void States_may_be_repeated_or_comma_separated(string text)
    {
        var query = Parse(text);

        Assert.Equal(
            [HostState.Late, HostState.Down],
            Enum.GetValues<HostState>().Where(s => query.Matches(HostRecords.Of("h", s))));
    }

    [Fact]
    public void Levels_filter_like_states()
    {
        var query = Parse("?level=critical&level=unknown");

        Assert.Equal(
            [AlertLevel.Critical, AlertLevel.Unknown],
            Enum.GetValues<AlertLevel>().Where(l => query.Matches(HostRecords.Of("h", level: l))));
    }

    [Theory]
    [InlineData("WEB", "web1")]
    [InlineData("198.51.100", "web1")]
    [InlineData("bookworm", "web1")]
    [InlineData("alma", "db1")]
    [InlineData("1", "db1,web1")]
    [InlineData("nowhere", "")]
    public void Text_is_a_case_insensitive_part_of_name_address_or_os(string text, string matches)
    {
        var f = new RegistryFixture();
        f.Beat(f.NewBeat("web1") with { Inventory = Os("Debian GNU/Linux 12 (bookworm)") }, RegistryFixture.Source("198.51.100.7"));
        f.Beat(f.NewBeat("db1") with { Inventory = Os("AlmaLinux 9.4") }, RegistryFixture.Source("192.0.2.20"));
        var query = Parse("?q=" + Uri.EscapeDataString(text));

        var matched = new[] { "db1", "web1" }.Where(name => query.Matches(HostRecords.Of(f.Entry(name))));

        Assert.Equal(matches, string.Join(",", matched));
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=-1", "limit")]
    [InlineData("?limit=1.5", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?cursor=***", "cursor")]
    [InlineData("?cursor=Li4u", "cursor")] // "..." is no host name
    [InlineData("?state=sideways", "state: 'sideways' is not one of unknown, up, late, down")]
    [InlineData("?state=up,sideways", "state")]
    [InlineData("?level=fine", "level: 'fine' is not one of ok, warning, critical, unknown")]
    public void Bad_values_are_refused_naming_the_parameter(string text, string errorStart)
    {
        Assert.False(HostListQuery.TryParse(new QueryCollection(QueryHelpers.ParseQuery(text)), out _, out var error));
        Assert.StartsWith(errorStart, error, StringComparison.Ordinal);
    }

    private static HostListQuery Parse(string text)
    {
        Assert.True(HostListQuery.TryParse(new QueryCollection(QueryHelpers.ParseQuery(text)), out var query, out var error), error);
        return query;
    }

    private static Dictionary<string, object?> Os(string prettyName) =>
        new() { ["os"] = new Dictionary<string, object?> { ["pretty_name"] = prettyName } };
}
