using System.Net;
using System.Text.Json.Nodes;
using Hbd.Common.Protocol;
using Hbd.Server.Config;
using Hbd.Server.Hosting;
using Hbd.Server.Hosts;
using Hbd.Server.Tests.Hosts;

namespace Hbd.Server.Tests.Api;

/// <summary>The list's <c>class</c>: each host's class by the configuration, the filter by it, and a reload's new classes.</summary>
public sealed class HostClassListTests : IAsyncLifetime
{
    private static readonly HostClass Core = Class("core", "db*");
    private ApiServer _server = null!;
    private ServerOptions _options = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync(configure: o => _options = o with { Classes = [Core] });
        foreach (var host in new[] { "db1", "web1" })
        {
            Assert.Equal(BeatOutcome.Accepted, _server.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(Beat(host))),
                RegistryFixture.Source(), checkClock: false));
        }
        _server.Commit();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Each_host_has_the_class_its_name_matches_or_null()
    {
        var hosts = await Hosts("");

        Assert.Equal(["db1:core", "web1:"], hosts);
        var detail = JsonNode.Parse(await _server.Http.GetStringAsync(new Uri("/api/hosts/db1", UriKind.Relative)))!;
        Assert.Equal("core", (string?)detail["class"]);
    }

    [Theory]
    [InlineData("?class=core", "db1:core")]
    [InlineData("?class=CORE,edge", "db1:core")]
    [InlineData("?class=edge", "")]
    [InlineData("?class=", "db1:core,web1:")]
    public async Task The_class_filter_keeps_the_hosts_of_the_classes_named(string query, string expected)
    {
        Assert.Equal(expected, string.Join(",", await Hosts(query)));
    }

    [Fact]
    public async Task A_reload_gives_silent_hosts_their_new_class_at_once()
    {
        _server.Registry.Reconfigure(SettingsFactory.Monitor(_options with { Classes = [Class("edge", "web*"), Core] }));

        Assert.Equal(["db1:core", "web1:edge"], await Hosts(""));
    }

    private async Task<List<string>> Hosts(string query)
    {
        using var response = await _server.Http.GetAsync(new Uri("/api/hosts" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return page["hosts"]!.AsArray().Select(h => $"{h!["name"]}:{(string?)h["class"]}").ToList();
    }

    private static Heartbeat Beat(string host) => new()
    {
        HostName = host, RunId = 1, Sequence = 1, SentAt = DateTimeOffset.UtcNow, Interval = TimeSpan.FromSeconds(10),
    };

    private static HostClass Class(string name, string pattern) => new(name, [HostNamePattern.TryCreate(pattern, out _)!]);
}
