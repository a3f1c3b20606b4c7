using Hbd.Server.Tests.Api;
using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>The host page on a server that keeps no metric history (history_days = 0): a note instead of charts.</summary>
public sealed class HostPageWithoutHistoryTests(Chromium chromium) : BrowserTest(chromium)
{
    private protected override Task<ApiServer> StartServerAsync() => ApiServer.StartAsync(configure: o => o with { HistoryDays = 0 });

    [Fact]
    public async Task The_page_says_there_is_no_history_and_still_shows_the_current_values()
    {
        Beats.Send(Server, "web1");
        Server.Commit();

        await Page.GotoAsync(Url("/hosts/web1"));

        await Assertions.Expect(Page.Locator(".charts")).ToContainTextAsync("Metric history is off on this server");
        await Assertions.Expect(Page.Locator(".chart")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("tr[data-metric=\"cpu.usage\"] td.num")).ToHaveTextAsync("12.5%");
        // The refused history call is logged by the browser itself; nothing else may be.
        Assert.DoesNotContain(PageErrors, e => !e.Contains("404", StringComparison.Ordinal));
    }
}
