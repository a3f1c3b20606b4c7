using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hbd.Server.Tests.Api;
using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>
/// A server with a read_token (and an api_token): the dashboard asks for the token once, the feed then connects with
/// ?token=, a write asks for the api_token in turn, and "Forget token" clears what the tab kept.
/// </summary>
public sealed class TokenTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string ReadToken = "read-token";
    private const string ApiToken = "api-token";

    private protected override Task<ApiServer> StartServerAsync() => ApiServer.StartAsync(apiToken: ApiToken, readToken: ReadToken);

    private ILocator Dialog => Page.Locator(".token-dialog");

    [Fact]
    public async Task The_overview_asks_for_the_read_token_then_shows_hosts_live_and_forget_token_clears_it()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        var feeds = new List<string>();
        Page.WebSocket += (_, socket) =>
        {
            lock (feeds)
                feeds.Add(socket.Url);
        };

        await Page.GotoAsync(Url("/"));
        await Assertions.Expect(Dialog).ToBeVisibleAsync();
        await Assertions.Expect(Row("web1")).ToHaveCountAsync(0);
        await GiveTokenAsync(ReadToken);

        await Assertions.Expect(Row("web1").Locator(".c-state")).ToHaveTextAsync("up");
        await Assertions.Expect(Page.Locator(".connection")).ToHaveTextAsync("live");
        Beats.Send(Server, "web2");
        await Assertions.Expect(Row("web2")).ToBeVisibleAsync(new() { Timeout = 3_000 });
        await Assertions.Expect(Dialog).ToHaveCountAsync(0);
        lock (feeds)
            Assert.EndsWith($"/ws?token={ReadToken}", feeds[^1]);

        var forget = Page.GetByRole(AriaRole.Button, new() { Name = "Forget token" });
        await forget.ClickAsync();
        await Assertions.Expect(Dialog).ToBeVisibleAsync();
        Assert.True(await Page.EvaluateAsync<bool>("() => sessionStorage.getItem('hbd.token') === null"));
        await Assertions.Expect(forget).ToBeHiddenAsync();
        Assert.Empty(UnexpectedErrors());
    }

    [Fact]
    public async Task The_read_token_is_asked_for_once_and_a_write_then_asks_for_the_api_token()
    {
        await Page.GotoAsync(Url("/silences"));
        // The page's list and the feed's probe are both refused; they share one question.
        await GiveTokenAsync(ReadToken);
        await Assertions.Expect(Page.Locator(".silence-list .empty")).ToHaveTextAsync("No silence is in force.");
        await Assertions.Expect(Page.Locator(".connection")).ToHaveTextAsync("live");
        await Assertions.Expect(Dialog).ToHaveCountAsync(0);

        await Page.GetByLabel("Host patterns").FillAsync("web*");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add silence" }).ClickAsync();
        await GiveTokenAsync(ApiToken);

        await Assertions.Expect(Page.Locator(".silences tbody tr .c-hosts")).ToHaveTextAsync("web*");
        await Assertions.Expect(Page.Locator(".form-error")).ToBeHiddenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/silences");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ReadToken);
        using var response = await Server.Http.SendAsync(request);
        Assert.Single((await response.Content.ReadFromJsonAsync<JsonArray>())!);
        Assert.Empty(UnexpectedErrors());
    }

    [Fact]
    public async Task A_cancelled_question_is_not_put_again_while_the_feed_retries()
    {
        await Page.GotoAsync(Url("/"));
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        // The feed tries again after 0.5 s, then 1 s; a question put again would come between the two.
        await Page.WaitForWebSocketAsync(new() { Timeout = 5_000 });
        await Page.WaitForWebSocketAsync(new() { Timeout = 5_000 });
        await Assertions.Expect(Dialog).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator(".connection")).ToHaveTextAsync("reconnecting…");
        Assert.Empty(UnexpectedErrors());
    }

    private async Task GiveTokenAsync(string token)
    {
        await Dialog.GetByLabel("Token").FillAsync(token);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();
    }

    /// <summary>
    /// The page's errors but Chromium's logs of what the server refused with a 401 before the token was given: API
    /// calls, and the feed's WebSocket handshake.
    /// </summary>
    private IEnumerable<string> UnexpectedErrors() =>
        PageErrors.Where(e => !e.StartsWith("Failed to load resource: the server responded with a status of 401", StringComparison.Ordinal)
            && !(e.StartsWith("WebSocket connection to", StringComparison.Ordinal)
                && e.EndsWith("failed: HTTP Authentication failed; no valid credentials available", StringComparison.Ordinal)));
}
