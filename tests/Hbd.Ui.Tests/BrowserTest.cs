using Hbd.Server.Tests.Api;
using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>
/// A test of the dashboard: the real server in-process, and a fresh browser context and page on it. Errors the page
/// throws or logs are collected, so a test can say none happened.
/// </summary>
public abstract class BrowserTest(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private protected ApiServer Server { get; private set; } = null!;

    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>Uncaught errors and console errors of the page, in order.</summary>
    protected List<string> PageErrors { get; } = [];

    /// <summary>The server the test runs against; a test class with other settings (tokens, watched hosts) overrides it.</summary>
    private protected virtual Task<ApiServer> StartServerAsync() => ApiServer.StartAsync();

    /// <summary>The browser context's options; a test class with another colour scheme or viewport overrides it.</summary>
    protected virtual BrowserNewContextOptions ContextOptions() => new();

    public async Task InitializeAsync()
    {
        Server = await StartServerAsync();
        Context = await chromium.Browser.NewContextAsync(ContextOptions());
        Page = await Context.NewPageAsync();
        Page.PageError += (_, error) => PageErrors.Add(error);
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
                PageErrors.Add(message.Text);
        };
    }

    public async Task DisposeAsync()
    {
        // Either may be missing when starting failed (a port taken, say); the failure is the test's, not the clean-up's.
        if (Context is not null)
            await Context.DisposeAsync();
        if (Server is not null)
            await Server.DisposeAsync();
    }

    protected string Url(string path) => $"http://127.0.0.1:{Server.Port}{path}";

    /// <summary>The overview's row of a host, while it is drawn.</summary>
    protected ILocator Row(string host) => Page.Locator($".viewport .row:not([hidden])[data-host=\"{host}\"]");
}
