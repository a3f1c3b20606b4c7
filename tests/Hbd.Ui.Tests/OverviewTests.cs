using Hbd.Server.Tests.Api;
using Hbd.Server.Ui;
using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>The overview in headless chromium against the real server: hosts and states, live updates, text stays text.</summary>
public sealed class OverviewTests(Chromium chromium) : BrowserTest(chromium)
{
    /// <summary>What the issue allows between a committed change and the page showing it.</summary>
    private const float LiveWithinMs = 2_000;

    private protected override Task<ApiServer> StartServerAsync() => ApiServer.StartAsync(configure: o => o with { WatchHosts = ["ghost"] });

    [Fact]
    public async Task The_overview_lists_every_host_with_its_state()
    {
        Beats.Send(Server, "web1", os: "Debian GNU/Linux 12 (bookworm)");
        Beats.Send(Server, "db1", cpu: 95);
        Server.Commit();

        var response = await Page.GotoAsync(Url("/"));

        Assert.Equal(UiEndpoints.ContentSecurityPolicy, await response!.HeaderValueAsync("content-security-policy"));
        await Assertions.Expect(Row("web1").Locator(".c-state")).ToHaveTextAsync("up");
        await Assertions.Expect(Row("web1").Locator(".c-os")).ToHaveTextAsync("Debian GNU/Linux 12 (bookworm)");
        await Assertions.Expect(Row("db1").Locator(".c-cpu .value")).ToHaveTextAsync("95%");
        // A watched host never heard from: unknown until its first deadline passes.
        await Assertions.Expect(Row("ghost").Locator(".c-state")).ToHaveTextAsync("unknown");
        await Assertions.Expect(Page.Locator(".counts .state-up")).ToHaveTextAsync("2 up");
        await Assertions.Expect(Page.Locator(".connection")).ToHaveTextAsync("live");
        Assert.Equal(["db1", "ghost", "web1"], await Page.Locator(".viewport .row:not([hidden]) .c-name").AllTextContentsAsync());
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task A_new_beat_shows_up_without_a_reload()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        await Page.GotoAsync(Url("/"));
        await Assertions.Expect(Row("web1")).ToBeVisibleAsync();

        Beats.Send(Server, "late1");
        Beats.Send(Server, "web1", sequence: 2, cpu: 77);

        // The store writer commits on its own within 250 ms; the feed sends at most four frames a second.
        await Assertions.Expect(Row("late1").Locator(".c-state")).ToHaveTextAsync("up", new() { Timeout = LiveWithinMs });
        await Assertions.Expect(Row("web1").Locator(".c-cpu .value")).ToHaveTextAsync("77%", new() { Timeout = LiveWithinMs });
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task Markup_from_a_beat_is_shown_as_text_and_never_runs()
    {
        // Host names are checked by the decoder (letters, digits, '-', '_', '.'), so the inventory's OS name carries the markup.
        const string Markup = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
        Beats.Send(Server, "web1", os: Markup);
        Server.Commit();

        await Page.GotoAsync(Url("/"));

        await Assertions.Expect(Row("web1").Locator(".c-os")).ToHaveTextAsync(Markup);
        Assert.Equal(0, await Page.Locator(".hosts img, .hosts script").CountAsync());
        Assert.True(await Page.EvaluateAsync<bool>("() => window.pwned === undefined"));
    }

    [Fact]
    public async Task The_filter_is_kept_in_the_url_and_restored_from_it()
    {
        Beats.Send(Server, "web1");
        Beats.Send(Server, "web2");
        Beats.Send(Server, "db1");
        Server.Commit();
        await Page.GotoAsync(Url("/"));
        await Assertions.Expect(Row("db1")).ToBeVisibleAsync();

        await Page.Locator(".filter").FillAsync("web");

        await Assertions.Expect(Row("db1")).ToHaveCountAsync(0);
        await Assertions.Expect(Row("web2")).ToBeVisibleAsync();
        Assert.EndsWith("/?q=web", Page.Url, StringComparison.Ordinal);

        await Page.GotoAsync(Url("/?q=web&sort=name&desc=1"));
        await Assertions.Expect(Row("web1")).ToBeVisibleAsync();
        Assert.Equal(["web2", "web1"], await Page.Locator(".viewport .row:not([hidden]) .c-name").AllTextContentsAsync());
        await Assertions.Expect(Page.Locator(".filter")).ToHaveValueAsync("web");
    }

    [Fact]
    public async Task A_count_in_the_header_filters_by_its_state_and_a_second_click_clears_it()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        await Page.GotoAsync(Url("/"));
        await Assertions.Expect(Row("web1")).ToBeVisibleAsync();
        var unknown = Page.Locator(".counts .state-unknown");

        await unknown.ClickAsync();

        await Assertions.Expect(Row("web1")).ToHaveCountAsync(0);
        await Assertions.Expect(Row("ghost")).ToBeVisibleAsync();
        await Assertions.Expect(unknown).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.EndsWith("/?state=unknown", Page.Url, StringComparison.Ordinal);

        await unknown.ClickAsync();

        await Assertions.Expect(Row("web1")).ToBeVisibleAsync();
        Assert.EndsWith("/", Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_thousand_hosts_are_drawn_only_where_they_are_seen()
    {
        for (var i = 0; i < 10_000; i++)
            Beats.Send(Server, $"host{i:D5}");
        Server.Commit();

        await Page.GotoAsync(Url("/"));

        await Assertions.Expect(Page.Locator(".shown")).ToHaveTextAsync("10001 of 10001 hosts");
        Assert.InRange(await Page.Locator(".viewport .row").CountAsync(), 1, 100);
        await Page.Locator(".viewport").EvaluateAsync("v => { v.scrollTop = v.scrollHeight; }");
        await Assertions.Expect(Row("host09999")).ToBeVisibleAsync();
        Assert.InRange(await Page.Locator(".viewport .row").CountAsync(), 1, 100);
    }
}
