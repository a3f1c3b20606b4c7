using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hbd.Server.Silences;
using Hbd.Server.Store;
using Hbd.Server.Tests.Api;
using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>
/// The silences page against a server with an api_token: making and removing a silence asks for the token once,
/// a refusal changes nothing, reasons stay text, and the list follows changes made elsewhere.
/// </summary>
public sealed class SilencesPageTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string ApiToken = "silence-token";

    private protected override Task<ApiServer> StartServerAsync() => ApiServer.StartAsync(apiToken: ApiToken);

    [Fact]
    public async Task A_silence_is_created_and_removed_with_the_token_and_refused_without_it()
    {
        Beats.Send(Server, "web1");
        Beats.Send(Server, "web2");
        Beats.Send(Server, "db1");
        Server.Commit();
        await Page.GotoAsync(Url("/silences"));
        await Assertions.Expect(Page.Locator(".silence-list .empty")).ToHaveTextAsync("No silence is in force.");

        await Page.GetByLabel("Host patterns").FillAsync("WEB*");
        // The preview matches as the server does: any case, the whole name.
        await Assertions.Expect(Page.Locator(".silence-preview")).ToHaveTextAsync("Matches 2 of 3 known hosts: web1, web2.");
        await Page.GetByLabel("For").SelectOptionAsync("4h");
        await Page.GetByLabel("Reason").FillAsync("kernel upgrade");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add silence" }).ClickAsync();

        var dialog = Page.Locator(".token-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Token").FillAsync(ApiToken);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();

        var row = Page.Locator(".silences tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator(".c-hosts")).ToHaveTextAsync("WEB*");
        await Assertions.Expect(row.Locator(".c-reason")).ToHaveTextAsync("kernel upgrade");
        await Assertions.Expect(row.Locator(".c-until .relative")).ToHaveTextAsync("in 4 h");
        await Assertions.Expect(row.Locator(".c-by")).ToHaveTextAsync("token");
        var stored = Assert.Single(await Silences());
        Assert.Equal("WEB*", (string?)stored!["hosts"]![0]);
        Assert.Equal("kernel upgrade", (string?)stored["comment"]);

        // The token is kept for the tab: removing asks no second time (a dialog would hold the removal up).
        await row.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Yes, remove" }).ClickAsync();
        await Assertions.Expect(Page.Locator(".silence-list .empty")).ToHaveTextAsync("No silence is in force.");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        Assert.Empty(await Silences());

        // Another tab holds no token: Cancel, and the API's refusal is shown; nothing is made.
        var other = await FreshPageAsync();
        await other.GotoAsync(Url("/silences"));
        await other.GetByLabel("Host patterns").FillAsync("db1");
        await other.GetByRole(AriaRole.Button, new() { Name = "Add silence" }).ClickAsync();
        await other.Locator(".token-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(other.Locator(".form-error")).ToContainTextAsync("Refused: a valid 'Authorization: Bearer <api_token>' is required");
        await Assertions.Expect(other.Locator(".silence-list .empty")).ToBeVisibleAsync();
        Assert.Empty(await Silences());
        await other.Context.CloseAsync();
        Assert.Empty(UnexpectedErrors());
    }

    [Fact]
    public async Task A_wrong_token_is_refused_for_a_removal_and_not_kept()
    {
        var id = await CreateAsync("db*", "disk swap");
        await Page.GotoAsync(Url("/silences"));
        var row = Page.Locator($".silences tbody tr[data-id=\"{id}\"]");

        await row.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Yes, remove" }).ClickAsync();
        var dialog = Page.Locator(".token-dialog");
        await dialog.GetByLabel("Token").FillAsync("not-the-token");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();

        await Assertions.Expect(Page.Locator(".list-error")).ToContainTextAsync("Refused:");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Remove" })).ToBeVisibleAsync();
        Assert.Single(await Silences());
        Assert.True(await Page.EvaluateAsync<bool>("() => sessionStorage.getItem('hbd.token') === null"));
        await Assertions.Expect(Page.Locator(".forget-token")).ToBeHiddenAsync();
        Assert.Empty(UnexpectedErrors());
    }

    [Fact]
    public async Task A_reason_with_markup_is_shown_as_text_and_never_runs()
    {
        const string Markup = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
        await CreateAsync("web*", Markup);

        await Page.GotoAsync(Url("/silences"));

        await Assertions.Expect(Page.Locator(".silences .c-reason").Last).ToHaveTextAsync(Markup);
        Assert.Equal(0, await Page.Locator("main img, main script").CountAsync());
        Assert.True(await Page.EvaluateAsync<bool>("() => window.pwned === undefined"));
        Assert.Empty(UnexpectedErrors());
    }

    [Fact]
    public async Task Refusals_of_the_api_are_shown_next_to_the_form()
    {
        await Page.GotoAsync(Url("/silences"));
        await Page.EvaluateAsync($"() => sessionStorage.setItem('hbd.token', '{ApiToken}')");
        await Page.GetByLabel("Host patterns").FillAsync("web[12]");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add silence" }).ClickAsync();
        await Assertions.Expect(Page.Locator(".form-error")).ToHaveTextAsync(
            "hosts[0]: 'web[12]' is not a host name pattern (letters, digits, '-', '_' and '.', with * and ? as wildcards)");

        // The same silence twice: the second would change nothing, a 409.
        var until = DateTimeOffset.Now.AddDays(2);
        await Assertions.Expect(Page.GetByLabel("Ends at")).ToBeHiddenAsync();
        await Page.GetByLabel("For").SelectOptionAsync("custom");
        await Page.GetByLabel("Ends at").FillAsync(until.ToString("yyyy-MM-ddTHH:mm"));
        foreach (var _ in new[] { 1, 2 })
        {
            await Page.GetByLabel("Host patterns").FillAsync("db1");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Add silence" }).ClickAsync();
            await Assertions.Expect(Page.Locator(".silences tbody tr")).ToHaveCountAsync(1);
        }
        await Assertions.Expect(Page.Locator(".form-error")).ToContainTextAsync("is active with the same hosts, until and comment");
        await Assertions.Expect(Page.Locator(".silences .c-until .relative")).ToHaveTextAsync("in 2 d");
        Assert.Single(await Silences());
        Assert.Empty(UnexpectedErrors(400, 409));
    }

    [Fact]
    public async Task The_list_follows_changes_made_elsewhere_and_shows_ended_ones_on_request()
    {
        var now = DateTimeOffset.UtcNow;
        await Server.Get<ISilenceStore>().AddSilenceAsync(
            new Silence(0, ["old*"], now.AddMinutes(-5), "last week", now.AddHours(-1), "token"), now.AddHours(-1));
        await Page.GotoAsync(Url("/silences"));
        await Assertions.Expect(Page.Locator(".silence-list .empty")).ToHaveTextAsync("No silence is in force.");

        // Made through the API: the journal's silence_added over the feed reloads the list.
        var id = await CreateAsync("api*", "from a script");
        await Assertions.Expect(Page.Locator($".silences tbody tr[data-id=\"{id}\"] .c-hosts")).ToHaveTextAsync("api*");

        await Page.GetByLabel("Show ended silences too").CheckAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(Url("/silences?all=true"));
        await Assertions.Expect(Page.Locator(".silences tbody tr")).ToHaveCountAsync(2);
        var ended = Page.Locator(".silences tbody tr.ended");
        await Assertions.Expect(ended.Locator(".c-hosts")).ToHaveTextAsync("old*");
        await Assertions.Expect(ended.Locator(".c-action")).ToHaveTextAsync("ended");
        await Assertions.Expect(ended.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        await Page.ReloadAsync();
        await Assertions.Expect(Page.GetByLabel("Show ended silences too")).ToBeCheckedAsync();
        await Assertions.Expect(Page.Locator(".silences tbody tr")).ToHaveCountAsync(2);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/silences/{id}");
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        using var deleted = await Server.Http.SendAsync(delete);
        deleted.EnsureSuccessStatusCode();
        await Assertions.Expect(Page.Locator(".silences tbody tr")).ToHaveCountAsync(1);
        Assert.Empty(UnexpectedErrors());
    }

    /// <summary>A silence made through the API with the token; its id.</summary>
    private async Task<long> CreateAsync(string pattern, string comment)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/silences")
        {
            Content = JsonContent.Create(new { hosts = new[] { pattern }, until = "2h", comment }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        using var response = await Server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var silence = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (long)silence!["id"]!;
    }

    /// <summary>The silences in force, as the API lists them (reads need no token on this server).</summary>
    private async Task<JsonArray> Silences() =>
        (await Server.Http.GetFromJsonAsync<JsonArray>("/api/silences"))!;

    /// <summary>A page in a context of its own, so with no token kept; its errors go to PageErrors too.</summary>
    private async Task<IPage> FreshPageAsync()
    {
        var context = await Context.Browser!.NewContextAsync();
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => PageErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                PageErrors.Add(message.Text);
        };
        return page;
    }

    /// <summary>
    /// The page's errors but Chromium's log of each call the API refused as the test meant it to: with a 401 (no token
    /// yet), or with the other statuses given.
    /// </summary>
    private IEnumerable<string> UnexpectedErrors(params int[] refused) =>
        PageErrors.Where(e => !refused.Append(401).Any(status =>
            e.StartsWith($"Failed to load resource: the server responded with a status of {status} ", StringComparison.Ordinal)));
}
