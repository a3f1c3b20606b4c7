using System.Net;
using Hbd.Server.Tests.Api;
using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>Deleting a host from its page on a server with an api_token: the token is asked for, and without it nothing goes.</summary>
public sealed class HostDeleteTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string Token = "change-me";

    private protected override Task<ApiServer> StartServerAsync() => ApiServer.StartAsync(apiToken: Token);

    [Fact]
    public async Task Delete_asks_for_the_token_deletes_and_goes_back_to_the_overview()
    {
        await OpenHost();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete host…" }).ClickAsync();
        await Page.Locator(".confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Page.Locator(".token-dialog input").FillAsync(Token);
        await Page.Locator(".token-dialog").GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();

        await Assertions.Expect(Page).ToHaveURLAsync(Url("/"));
        using var response = await Server.Http.GetAsync("/api/hosts/web1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // The browser itself logs the refused call (401) and, when the feed's news of the removal comes before the page
        // has moved on, the host's refetch finding it gone (404); nothing else may be logged.
        Assert.DoesNotContain(PageErrors, e => !e.Contains("status of 401", StringComparison.Ordinal) && !e.Contains("status of 404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_token_the_host_stays_and_the_page_says_why()
    {
        await OpenHost();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete host…" }).ClickAsync();
        await Page.Locator(".confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Page.Locator(".token-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Assertions.Expect(Page.Locator(".action-status.error")).ToContainTextAsync("The host was not deleted");
        Assert.EndsWith("/hosts/web1", Page.Url, StringComparison.Ordinal);
        using var response = await Server.Http.GetAsync("/api/hosts/web1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Cancelling_the_confirmation_sends_nothing()
    {
        await OpenHost();
        var deletes = 0;
        Page.Request += (_, request) => deletes += request.Method == "DELETE" ? 1 : 0;

        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete host…" }).ClickAsync();
        await Page.Locator(".confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Assertions.Expect(Page.Locator(".confirm-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator(".token-dialog")).ToHaveCountAsync(0);
        Assert.Equal(0, deletes);
    }

    private async Task OpenHost()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        await Page.GotoAsync(Url("/hosts/web1"));
        await Assertions.Expect(Page.Locator("main h1")).ToHaveTextAsync("web1");
    }
}
