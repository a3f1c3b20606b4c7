using Hbd.Common.Protocol;
using Hbd.Server.Ingest;
using Hbd.Server.Tests.Api;
using Hbd.Server.Tests.Hosts;
using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>The status page in headless chromium: the server's counters as the API gives them, read again while shown.</summary>
public sealed class StatusPageTests(Chromium chromium) : BrowserTest(chromium)
{
    /// <summary>The page reads the status every 5 s; a little more for a loaded machine.</summary>
    private const float RefreshWithinMs = 8_000;

    protected override BrowserNewContextOptions ContextOptions() => new() { Locale = "en-US" };

    [Fact]
    public async Task Accepted_heartbeats_and_the_reasons_datagrams_were_rejected_for_are_shown_largest_first()
    {
        Receive(Beat("web1"));
        Receive(Beat("web2"));
        for (var i = 0; i < 3; i++)
            Receive("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        Receive([(byte)'H', (byte)'B', 1, 0]);
        Server.Commit();

        await Page.GotoAsync(Url("/status"));

        await Assertions.Expect(Figure("Datagrams", "Heartbeats accepted")).ToHaveTextAsync("2");
        await Assertions.Expect(Figure("Datagrams", "Rejected")).ToHaveTextAsync("4");
        // Only the reasons that happened, the most frequent first.
        await Assertions.Expect(Page.Locator(".reasons tbody tr")).ToHaveTextAsync(["bad_magic3", "too_short1"]);
        await Assertions.Expect(Figure("Hosts", "up")).ToHaveTextAsync("2");
        // The page's own feed connection is the one client: counted from the first reading after it is open.
        await Assertions.Expect(Page.Locator(".connection")).ToHaveTextAsync("live");
        await Assertions.Expect(Figure("Live feed", "Clients")).ToHaveTextAsync("1 of 1,000", new() { Timeout = RefreshWithinMs });
        await Assertions.Expect(Figure("Store", "Last write")).Not.ToHaveTextAsync("none yet");
        await Assertions.Expect(Figure("History", "Days kept")).ToBeVisibleAsync();
        await Assertions.Expect(Figure("Notifications", "Channels")).ToHaveTextAsync("none set up");
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task The_figures_are_read_again_while_the_page_is_shown()
    {
        await Page.GotoAsync(Url("/status"));
        await Assertions.Expect(Figure("Datagrams", "Rejected")).ToHaveTextAsync("0");

        Receive("GET / HTTP/1.1\r\n\r\n"u8.ToArray());

        await Assertions.Expect(Figure("Datagrams", "Rejected")).ToHaveTextAsync("1", new() { Timeout = RefreshWithinMs });
        Assert.Empty(PageErrors);
    }

    /// <summary>A datagram through the server's ingest pipeline, counted as its UDP receive loop would count it.</summary>
    private void Receive(byte[] datagram) => Server.Get<DatagramPipeline>().Process(datagram, RegistryFixture.Source());

    private static byte[] Beat(string host) => RegistryFixture.Datagram(new Heartbeat
    {
        HostName = host, RunId = 1, Sequence = 1, SentAt = DateTimeOffset.UtcNow, Interval = TimeSpan.FromSeconds(10),
    });

    /// <summary>The value beside a label in one of the page's panels.</summary>
    private ILocator Figure(string panel, string label) =>
        Page.GetByRole(AriaRole.Region, new() { Name = panel, Exact = true })
            .Locator(".figures tr").Filter(new() { Has = Page.Locator("th", new() { HasTextRegex = new($"^{label}$") }) })
            .Locator("td");
}

/// <summary>The status page of a server that keeps no metric history.</summary>
public sealed class StatusPageWithoutHistoryTests(Chromium chromium) : BrowserTest(chromium)
{
    private protected override Task<ApiServer> StartServerAsync() =>
        ApiServer.StartAsync(configure: o => o with { HistoryDays = 0 });

    [Fact]
    public async Task History_says_it_is_off()
    {
        await Page.GotoAsync(Url("/status"));

        await Assertions.Expect(Page.GetByRole(AriaRole.Region, new() { Name = "History", Exact = true }))
            .ToContainTextAsync("History off");
        Assert.Empty(PageErrors);
    }
}
