using System.Text.RegularExpressions;
using Hbd.Server.Tests.Api;
using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>A lost feed connection: the page says so, re-opens it by itself from the last sequence number, and misses nothing.</summary>
public sealed partial class ReconnectTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private ApiServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private readonly List<IWebSocketRoute> _connections = [];

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        _context = await chromium.Browser.NewContextAsync();
        _page = await _context.NewPageAsync();
        // Every feed connection passes through here to the real server, so the test can cut one as a network would.
        await _page.RouteWebSocketAsync(FeedUrl(), ws =>
        {
            lock (_connections)
                _connections.Add(ws);
            ws.ConnectToServer();
        });
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
    }

    [GeneratedRegex(@"/ws(\?|$)")]
    private static partial Regex FeedUrl();

    private ILocator Row(string host) => _page.Locator($".viewport .row:not([hidden])[data-host=\"{host}\"]");

    [Fact]
    public async Task A_cut_connection_is_shown_and_resumed_from_the_last_sequence()
    {
        Beats.Send(_server, "web1");
        _server.Commit();
        await _page.GotoAsync($"http://127.0.0.1:{_server.Port}/");
        await Assertions.Expect(Row("web1")).ToBeVisibleAsync();
        var connection = _page.Locator(".connection");
        await Assertions.Expect(connection).ToHaveTextAsync("live");

        await _connections.Single().CloseAsync();
        await Assertions.Expect(connection).ToHaveTextAsync("reconnecting…");
        Beats.Send(_server, "gap1");
        _server.Commit();

        await Assertions.Expect(Row("gap1")).ToBeVisibleAsync(new() { Timeout = 3_000 });
        await Assertions.Expect(connection).ToHaveTextAsync("live");
        Assert.Equal(2, _connections.Count);
        Assert.Matches(@"/ws\?since=\d+$", _connections[1].Url);
        await Assertions.Expect(Row("web1")).ToBeVisibleAsync();
    }
}
