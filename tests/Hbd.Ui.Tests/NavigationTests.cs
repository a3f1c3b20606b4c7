using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>The header on every page: the sections, and the counts, which lead to the overview filtered by them.</summary>
public sealed class NavigationTests(Chromium chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task Away_from_the_overview_the_counts_are_live_links_to_it_filtered()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        await Page.GotoAsync(Url("/status"));
        await Assertions.Expect(Page.Locator(".sections a[aria-current=page]")).ToHaveTextAsync("Status");
        var up = Page.Locator(".counts a.state-up");
        await Assertions.Expect(up).ToHaveTextAsync("1 up");

        Beats.Send(Server, "web2");
        Server.Commit();
        await Assertions.Expect(up).ToHaveTextAsync("2 up", new() { Timeout = 2_000 });

        await up.ClickAsync();

        await Assertions.Expect(Page.Locator(".sections a[aria-current=page]")).ToHaveTextAsync("Hosts");
        Assert.EndsWith("/?state=up", Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(Page.Locator(".counts button.state-up")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(Page.Locator(".shown")).ToHaveTextAsync("2 of 2 hosts");
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task The_sections_are_reached_with_the_keyboard()
    {
        await Page.GotoAsync(Url("/"));
        await Assertions.Expect(Page.Locator(".connection")).ToHaveTextAsync("live");

        // Tab order: the brand, then the sections.
        await Page.Keyboard.PressAsync("Tab");
        await Page.Keyboard.PressAsync("Tab");
        await Page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(Page.Locator(".sections a[data-section=journal]")).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(Page).ToHaveURLAsync(Url("/journal"));
        await Assertions.Expect(Page.Locator(".sections a[aria-current=page]")).ToHaveTextAsync("Journal");
    }
}
