using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Hbd.Server.Journal;
using Hbd.Server.Store;
using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>The journal page in headless chromium: filters kept in the URL, paging by id, live entries, text stays text.</summary>
public sealed class JournalPageTests(Chromium chromium) : BrowserTest(chromium)
{
    private const float LiveWithinMs = 2_000;

    /// <summary>Yesterday 10:00 UTC: within the journal's retention, and an hour or two off in the browser's zone.</summary>
    private static readonly DateTimeOffset T0 = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-1).AddHours(10);

    private static readonly TimeZoneInfo BrowserZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    protected override BrowserNewContextOptions ContextOptions() => new() { TimezoneId = BrowserZone.Id, Locale = "en-GB" };

    private ILocator Texts => Page.Locator(".journal tbody td.text");

    [Fact]
    public async Task Host_kind_level_and_time_each_narrow_the_table_to_the_matching_entries()
    {
        Append(T0, "web1", JournalKinds.HostDown, "critical", "web1 down");
        Append(T0.AddMinutes(10), "web2", JournalKinds.Message, "warning", "deploy web2");
        Append(T0.AddMinutes(20), null, JournalKinds.ConfigReloaded, null, "configuration reloaded");
        Append(T0.AddMinutes(30), "web1", JournalKinds.HostUp, "ok", "web1 up");
        Append(T0.AddMinutes(40), "web1", JournalKinds.Message, "critical", "disk on fire");
        Server.Commit();
        await Page.GotoAsync(Url("/journal"));
        await Assertions.Expect(Texts).ToHaveTextAsync(["disk on fire", "web1 up", "configuration reloaded", "deploy web2", "web1 down"]);

        await Field("Host").FillAsync("WEB1");
        await Field("Host").PressAsync("Enter");
        await Assertions.Expect(Texts).ToHaveTextAsync(["disk on fire", "web1 up", "web1 down"]);

        await Field("Kind").SelectOptionAsync("message");
        await Show();
        await Assertions.Expect(Texts).ToHaveTextAsync(["disk on fire"]);

        await Clear();
        await Field("Level").SelectOptionAsync("critical");
        await Show();
        await Assertions.Expect(Texts).ToHaveTextAsync(["disk on fire", "web1 down"]);

        await Clear();
        await Field("From").FillAsync(Local(T0.AddMinutes(5)));
        await Field("To").FillAsync(Local(T0.AddMinutes(35)));
        await Show();
        await Assertions.Expect(Texts).ToHaveTextAsync(["web1 up", "configuration reloaded", "deploy web2"]);
        Assert.Contains("since=" + Uri.EscapeDataString(Iso(T0.AddMinutes(5))), Page.Url, StringComparison.Ordinal);
        Assert.Contains("until=" + Uri.EscapeDataString(Iso(T0.AddMinutes(35))), Page.Url, StringComparison.Ordinal);

        var row = Page.Locator(".journal tbody tr").First;
        await Assertions.Expect(row.Locator(".host a")).ToHaveAttributeAsync("href", "/hosts/web1");
        await Assertions.Expect(row.Locator("time")).ToHaveAttributeAsync("title", Iso(T0.AddMinutes(30)));
        await Assertions.Expect(row.Locator(".level .badge")).ToHaveClassAsync("badge level-ok");
        await Assertions.Expect(Page.Locator(".journal tbody tr").Nth(1).Locator(".host")).ToHaveTextAsync("server");
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task Filters_survive_a_reload_and_the_back_button_returns_to_the_previous_ones()
    {
        Append(T0, "web1", JournalKinds.HostDown, "critical", "web1 down");
        Append(T0.AddMinutes(10), "web2", JournalKinds.Message, "warning", "deploy web2");
        Append(T0.AddMinutes(20), "web1", JournalKinds.Message, "critical", "disk on fire");
        Server.Commit();
        await Page.GotoAsync(Url("/journal"));
        await Field("Level").SelectOptionAsync("critical");
        await Show();
        await Assertions.Expect(Texts).ToHaveTextAsync(["disk on fire", "web1 down"]);
        await Field("Kind").SelectOptionAsync("message");
        await Field("From").FillAsync(Local(T0.AddMinutes(15)));
        await Show();
        await Assertions.Expect(Texts).ToHaveTextAsync(["disk on fire"]);

        await Page.ReloadAsync();

        await Assertions.Expect(Texts).ToHaveTextAsync(["disk on fire"]);
        await Assertions.Expect(Field("Kind")).ToHaveValueAsync("message");
        await Assertions.Expect(Field("Level")).ToHaveValueAsync("critical");
        await Assertions.Expect(Field("From")).ToHaveValueAsync(Local(T0.AddMinutes(15)));

        await Page.GoBackAsync();

        await Assertions.Expect(Texts).ToHaveTextAsync(["disk on fire", "web1 down"]);
        await Assertions.Expect(Field("Kind")).ToHaveValueAsync("");
        await Assertions.Expect(Field("From")).ToHaveValueAsync("");
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task Older_pages_through_every_entry_once_and_Newest_returns_to_the_first_page()
    {
        for (var i = 0; i < 120; i++)
            Append(T0.AddMinutes(i), "web1", JournalKinds.Message, null, string.Create(CultureInfo.InvariantCulture, $"entry {i:D3}"));
        Server.Commit();
        await Page.GotoAsync(Url("/journal"));
        await Assertions.Expect(Texts.First).ToHaveTextAsync("entry 119");
        await Assertions.Expect(Button("Newest")).ToBeDisabledAsync();

        var seen = new List<string>();
        seen.AddRange(await PageOf(50));
        await Button("Older").ClickAsync();
        await Assertions.Expect(Texts.First).ToHaveTextAsync("entry 069");
        seen.AddRange(await PageOf(50));
        await Button("Older").ClickAsync();
        await Assertions.Expect(Texts.First).ToHaveTextAsync("entry 019");
        seen.AddRange(await PageOf(20));
        await Assertions.Expect(Button("Older")).ToBeDisabledAsync();

        Assert.Equal(Enumerable.Range(0, 120).Reverse().Select(i => string.Create(CultureInfo.InvariantCulture, $"entry {i:D3}")), seen);

        await Page.GoBackAsync();
        await Assertions.Expect(Texts.First).ToHaveTextAsync("entry 069");
        await Button("Newest").ClickAsync();
        await Assertions.Expect(Texts.First).ToHaveTextAsync("entry 119");
        await Assertions.Expect(Button("Newest")).ToBeDisabledAsync();
        Assert.DoesNotContain("before=", Page.Url, StringComparison.Ordinal);

        await Field("Per page").SelectOptionAsync("100");
        await Show();
        await Assertions.Expect(Texts).ToHaveCountAsync(100);
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task Markup_in_a_message_is_shown_as_text_and_never_runs()
    {
        const string Markup = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
        await PostMessage(new JsonObject { ["host"] = "web1", ["text"] = Markup, ["level"] = "warning" });

        await Page.GotoAsync(Url("/journal"));

        await Assertions.Expect(Texts).ToHaveTextAsync([Markup]);
        Assert.Equal(0, await Page.Locator("main img, main script").CountAsync());
        Assert.True(await Page.EvaluateAsync<bool>("() => window.pwned === undefined"));
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task A_live_entry_that_matches_the_filters_appears_on_the_open_page()
    {
        await Page.GotoAsync(Url("/journal?level=critical"));
        await Assertions.Expect(Page.Locator("main .empty")).ToHaveTextAsync("No entries match these filters.");
        await Assertions.Expect(Page.Locator(".connection")).ToHaveTextAsync("live");

        await PostMessage(new JsonObject { ["host"] = "web1", ["text"] = "only a warning", ["level"] = "warning" });
        await PostMessage(new JsonObject { ["host"] = "web1", ["text"] = "on fire", ["level"] = "critical" });

        await Assertions.Expect(Texts).ToHaveTextAsync(["on fire"], new() { Timeout = LiveWithinMs });
        await Assertions.Expect(Page.Locator("main .empty")).ToBeHiddenAsync();
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task A_bad_time_range_in_the_url_is_shown_as_an_error()
    {
        await Page.GotoAsync(Url("/journal?since=2026-11-02T00:00:00Z&until=2026-11-01T00:00:00Z"));

        await Assertions.Expect(Page.Locator("main .error")).ToContainTextAsync("until");
        await Assertions.Expect(Page.Locator(".journal")).ToBeHiddenAsync();
    }

    private void Append(DateTimeOffset time, string? host, string kind, string? level, string text) =>
        Server.Get<StoreWriter>().AppendUnrouted(new JournalEntry(0, time, host, kind, level, text));

    /// <summary>A time as the browser's datetime-local input holds it: the browser's zone, to the minute.</summary>
    private static string Local(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, BrowserZone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A time as JavaScript's toISOString writes it, which the API gives back as well.</summary>
    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private async Task PostMessage(JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Server.Http.PostAsync(new Uri("/api/journal", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<IReadOnlyList<string>> PageOf(int count)
    {
        await Assertions.Expect(Texts).ToHaveCountAsync(count);
        return await Texts.AllTextContentsAsync();
    }

    private ILocator Field(string label) => Page.GetByLabel(label, new() { Exact = true });

    private ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private Task Show() => Button("Show").ClickAsync();

    private Task Clear() => Button("Clear").ClickAsync();
}
