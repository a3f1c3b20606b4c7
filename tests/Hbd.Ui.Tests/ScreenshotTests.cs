using System.Net.Http.Json;
using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Common.Tests.Protocol;
using Hbd.Server.Config;
using Hbd.Server.Hosts;
using Hbd.Server.Tests.Api;
using Hbd.Server.Tests.History;
using Hbd.Server.Tests.Hosts;
using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>
/// The screenshots in docs/screenshots/ (the README shows one): the overview, a host page and the journal of a small
/// fleet, in the light and the dark theme, taken afresh by every test run so they never show an older dashboard. Each
/// page is also checked to fit a 375-pixel phone screen without sideways scrolling.
/// </summary>
public sealed class ScreenshotTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string HistoryHost = SimulatedHistory.Host;

    private readonly Chromium _chromium = chromium;

    private static readonly string[] Fleet =
        ["web1", "web2", "web3", "web4", "db1", "db2", "cache1", "lb1", "mail1", "build1", "edge1", "lab1", "lab2"];

    private protected override Task<ApiServer> StartServerAsync() => ApiServer.StartAsync(configure: o =>
    {
        // A day and a bit of one host's history, ending a minute before now, in the server's history.db before it opens.
        var endMs = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 * 60_000) - 60_000;
        using (var history = new SimulatedHistory(endMs - (long)TimeSpan.FromHours(26).TotalMilliseconds, endMs))
        {
            history.Store.Dispose();
            File.Copy(Path.Combine(Path.GetDirectoryName(history.Store.Path)!, "history.db"), Path.Combine(o.DataDir, "history.db"));
        }
        return o with
        {
            WatchHosts = ["backup2"],
            // lab hosts go down two seconds after their beat, edge hosts are late after one: every state shows.
            Classes = [Class("lab", "lab*", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), Class("edge", "edge*", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1))],
        };
    });

    [Fact]
    public async Task Overview_host_page_and_journal_in_both_themes()
    {
        await SendFleetAsync();
        var directory = Directory.CreateDirectory(Path.Combine(RepositoryRoot(), "docs", "screenshots"));

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var name = scheme == ColorScheme.Light ? "light" : "dark";
            await using var context = await _chromium.Browser.NewContextAsync(new()
            {
                ColorScheme = scheme, ViewportSize = new() { Width = 1280, Height = 800 }, TimezoneId = "UTC",
            });
            var page = await context.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, error) => errors.Add(error);

            await page.GotoAsync(Url("/"));
            await Assertions.Expect(page.Locator(".shown")).ToHaveTextAsync($"{Fleet.Length + 1} of {Fleet.Length + 1} hosts");
            await Assertions.Expect(page.Locator(".viewport .row[data-host=lab1] .c-state")).ToHaveTextAsync("down", new() { Timeout = 5_000 });
            await Assertions.Expect(page.Locator(".viewport .row[data-host=edge1] .c-state")).ToHaveTextAsync("late");
            await Shoot(page, directory, $"overview-{name}.png");

            await page.GotoAsync(Url($"/hosts/{HistoryHost}?range=24h"));
            await Assertions.Expect(page.Locator(".chart[data-group=\"cpu\"]").First).ToHaveAttributeAsync("data-points", new System.Text.RegularExpressions.Regex(@"^\d{3}$"));
            await Shoot(page, directory, $"host-{name}.png");

            await page.GotoAsync(Url("/journal"));
            await Assertions.Expect(page.Locator("main tbody tr").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("main tbody")).ToContainTextAsync("md0 rebuilding");
            await Shoot(page, directory, $"journal-{name}.png");

            Assert.Empty(errors);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/hosts/web1")]
    [InlineData("/journal")]
    [InlineData("/silences")]
    [InlineData("/status")]
    public async Task Every_page_fits_a_phone_screen(string path)
    {
        await SendFleetAsync();
        await Page.SetViewportSizeAsync(375, 740);

        await Page.GotoAsync(Url(path));
        await Assertions.Expect(Page.Locator(".connection")).ToHaveTextAsync("live");
        await Assertions.Expect(Page.Locator("main :visible").First).ToBeVisibleAsync();
        // Charts and tables are drawn once their data is in: wait for the page to settle.
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var wide = await Page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 375.5).map(e => e.tagName + '.' + e.className).slice(0, 5)");

        Assert.True(await Page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= 375"),
            $"{path} scrolls sideways at 375 px: {await Page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth")} px wide; {string.Join(", ", wide)}");
        Assert.Empty(PageErrors);
    }

    /// <summary>The fleet: typical beats with their loads spread out, a few warnings and a critical, and a journal message.</summary>
    private async Task SendFleetAsync()
    {
        var typical = TypicalBeats.Typical();
        for (var i = 0; i < Fleet.Length; i++)
        {
            var cpu = new[] { 12.5, 34.1, 7.9, 61.3, 23.7, 18.2, 4.4, 9.6, 2.8, 88.4, 15.0, 31.0, 27.5 }[i];
            var level = Fleet[i] switch { "build1" => AlertLevel.Warning, "db2" => AlertLevel.Critical, _ => AlertLevel.Ok };
            var metrics = typical.Metrics.ToArray();
            metrics[0] = new MetricGroup("cpu", [new("usage", cpu, cpu > 80 ? AlertLevel.Warning : AlertLevel.Ok), new("load1", cpu / 25), new("cores", 4)]);
            var beat = typical with
            {
                HostName = Fleet[i],
                RunId = (ulong)i + 1,
                Sequence = 1,
                SentAt = DateTimeOffset.UtcNow,
                Level = level,
                Metrics = metrics,
                Checks = Fleet[i] == "db2"
                    ? [new("pgsql", AlertLevel.Critical, "CRITICAL - no connection to 'template1' (could not connect to server)")]
                    : typical.Checks,
                Inventory = Inventory(i),
            };
            Assert.Equal(BeatOutcome.Accepted, Server.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(beat)),
                RegistryFixture.Source($"192.0.2.{10 + i}"), checkClock: false));
        }
        Server.Commit();
        using var message = await Server.Http.PostAsJsonAsync("/api/journal", new { host = "db1", text = "disk replaced in bay 2, md0 rebuilding" });
        message.EnsureSuccessStatusCode();
    }

    private static Dictionary<string, object?> Inventory(int i) => new()
    {
        ["os"] = new Dictionary<string, object?>
        {
            ["pretty_name"] = i % 4 == 3 ? "Ubuntu 24.04.1 LTS" : "Debian GNU/Linux 12 (bookworm)",
            ["kernel"] = i % 4 == 3 ? "6.8.0-45-generic" : "6.1.0-26-amd64",
        },
        ["filesystems"] = new List<object?>
        {
            new Dictionary<string, object?> { ["device"] = "/dev/sda2", ["mount"] = "/", ["type"] = "ext4" },
            new Dictionary<string, object?> { ["device"] = "/dev/sdb1", ["mount"] = "/var", ["type"] = "xfs" },
        },
    };

    private static async Task Shoot(IPage page, DirectoryInfo directory, string file)
    {
        var path = Path.Combine(directory.FullName, file);
        await page.ScreenshotAsync(new() { Path = path, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 10_000, $"{file} is nearly empty");
    }

    private static HostClass Class(string name, string pattern, TimeSpan late, TimeSpan down) =>
        new(name, [HostNamePattern.TryCreate(pattern, out _)!], late, down);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "hbd.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no hbd.slnx above {AppContext.BaseDirectory}");
    }
}
