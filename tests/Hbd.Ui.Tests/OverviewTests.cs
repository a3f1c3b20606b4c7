using Hbd.Server.Config;
using Hbd.Server.Tests.Api;
using Hbd.Server.Ui;
using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>The overview in headless chromium against the real server: hosts and states, live updates, text stays text.</summary>
public sealed class OverviewTests(Chromium chromium) : BrowserTest(chromium)
{
    /// <summary>What the issue allows between a committed change and the page showing it.</summary>
    private const float LiveWithinMs = 2_000;

    /// <summary>How long a host of the class "fast" may be silent before it is late, and before it is down.</summary>
    /// <remarks>Wide enough that a slow first page load cannot pass the host's deadline before the page has seen it up.</remarks>
    private static readonly TimeSpan FastLateAfter = TimeSpan.FromSeconds(2), FastDownAfter = TimeSpan.FromSeconds(3);

    private protected override Task<ApiServer> StartServerAsync() => ApiServer.StartAsync(configure: o => o with
    {
        WatchHosts = ["ghost"],
        Classes = [Class("fast", "fast*", FastLateAfter, FastDownAfter), Class("core", "db*")],
    });

    private static HostClass Class(string name, string pattern, TimeSpan? late = null, TimeSpan? down = null) =>
        new(name, [HostNamePattern.TryCreate(pattern, out _)!], late, down);

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
    public async Task A_host_going_down_turns_red_within_two_seconds_of_its_deadline()
    {
        Beats.Send(Server, "fast1");
        Server.Commit();
        await Page.GotoAsync(Url("/"));
        var state = Row("fast1").Locator(".c-state .badge");
        await Assertions.Expect(state).ToBeVisibleAsync();

        // The deadline counts from a beat sent once the page is open, so the page's own load time does not eat into it.
        Beats.Send(Server, "fast1", sequence: 2);
        var deadline = DateTimeOffset.UtcNow + FastDownAfter;
        Server.Commit();
        await Assertions.Expect(state).ToHaveTextAsync("up", new() { Timeout = LiveWithinMs });
        var upColour = await state.EvaluateAsync<string>("b => getComputedStyle(b).color");

        var allowed = (float)(deadline + TimeSpan.FromMilliseconds(LiveWithinMs) - DateTimeOffset.UtcNow).TotalMilliseconds;
        await Assertions.Expect(state).ToHaveTextAsync("down", new() { Timeout = allowed });

        // Red as the theme's --down: the colour of the badge, not only its word.
        var downColour = await state.EvaluateAsync<string>("b => getComputedStyle(b).color");
        var themeDown = await Page.EvaluateAsync<string>(
            "() => { const s = document.createElement('span'); s.className = 'state-down'; document.body.append(s); const c = getComputedStyle(s).color; s.remove(); return c; }");
        Assert.Equal(themeDown, downColour);
        Assert.NotEqual(upColour, downColour);
        Assert.Equal("rgb(185, 28, 28)", downColour);
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task The_class_choice_keeps_the_hosts_of_one_class_and_is_kept_in_the_url()
    {
        Beats.Send(Server, "db1");
        Beats.Send(Server, "web1");
        Server.Commit();
        await Page.GotoAsync(Url("/"));
        await Assertions.Expect(Row("web1")).ToBeVisibleAsync();

        await Page.Locator(".class-filter").SelectOptionAsync("core");

        await Assertions.Expect(Row("web1")).ToHaveCountAsync(0);
        await Assertions.Expect(Row("db1")).ToBeVisibleAsync();
        Assert.EndsWith("/?class=core", Page.Url, StringComparison.Ordinal);
        await Page.ReloadAsync();
        await Assertions.Expect(Row("db1")).ToBeVisibleAsync();
        await Assertions.Expect(Row("web1")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator(".class-filter")).ToHaveValueAsync("core");
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

        await Page.Locator(".filter").FillAsync("host0999");
        await Assertions.Expect(Page.Locator(".shown")).ToHaveTextAsync("10 of 10001 hosts");
        await Page.Locator(".filter").FillAsync("");
        await Assertions.Expect(Page.Locator(".shown")).ToHaveTextAsync("10001 of 10001 hosts");

        // A burst: a thousand hosts change in one commit, and the rows in view show their new values.
        for (var i = 0; i < 1_000; i++)
            Beats.Send(Server, $"host{i:D5}", sequence: 2, cpu: 61);
        Server.Commit();
        await Page.Locator(".viewport").EvaluateAsync("v => { v.scrollTop = 0; }");
        await Assertions.Expect(Row("host00000").Locator(".c-cpu .value")).ToHaveTextAsync("61%");
        await Assertions.Expect(Row("host00005").Locator(".c-cpu .value")).ToHaveTextAsync("61%");
        Assert.Empty(PageErrors);
    }
}
