using System.Net;
using System.Text.Json.Nodes;
using Hbd.Common;
using Hbd.Common.Protocol;
using Microsoft.Playwright;

namespace Hbd.Ui.Tests;

/// <summary>The host page (/hosts/NAME) against the real server: facts, checks, metrics, charts, inventory, live updates.</summary>
public sealed class HostPageTests(Chromium chromium) : BrowserTest(chromium)
{
    /// <summary>What the issue allows between a committed change and the page showing it.</summary>
    private const float LiveWithinMs = 2_000;

    private const string Markup = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";

    [Fact]
    public async Task The_host_page_shows_state_checks_metrics_and_inventory()
    {
        Beats.Send(Server, "web1", checks: [new("apt", AlertLevel.Warning, "APT WARNING: 7 packages")],
            groups: [new("check:apt", [new("time", 0.0123)]), new("disk:/var", [new("used_pct", 85.5, AlertLevel.Warning)])],
            inventory: Inventory("Debian GNU/Linux 12 (bookworm)"));
        Server.Commit();

        await Page.GotoAsync(Url("/hosts/web1"));

        await Assertions.Expect(Page.Locator("main h1")).ToHaveTextAsync("web1");
        await Assertions.Expect(Page.Locator(".host-title .badge.state-up")).ToHaveTextAsync("up");
        await Assertions.Expect(Page.Locator(".host-title .badge.level-ok")).ToHaveTextAsync("ok");
        await Assertions.Expect(Page.Locator(".host-head .facts")).ToContainTextAsync("192.0.2.10");
        await Assertions.Expect(Page.Locator(".host-head time.ago")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ s ago$"));
        var check = Page.Locator("tr[data-check=\"apt\"]");
        await Assertions.Expect(check.Locator(".check-message")).ToHaveTextAsync("APT WARNING: 7 packages");
        await Assertions.Expect(check.Locator(".badge")).ToHaveTextAsync("warning");
        await Assertions.Expect(check.Locator("td").Nth(3)).ToHaveTextAsync("time=0.0123");
        await Assertions.Expect(Page.Locator("tr[data-metric=\"cpu.usage\"] td.num")).ToHaveTextAsync("12.5%");
        await Assertions.Expect(Page.Locator("tr[data-metric=\"disk:/var.used_pct\"] .badge")).ToHaveTextAsync("warning");
        await Assertions.Expect(Page.Locator(".inventory-part[data-key=\"os\"]")).ToContainTextAsync("Debian GNU/Linux 12 (bookworm)");
        await Assertions.Expect(Page.Locator(".inventory-part[data-key=\"filesystems\"] td").First).ToHaveTextAsync("/dev/sda1");
        await Assertions.Expect(Page.Locator(".state-changes .badge.state-up")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator(".host-journal tbody")).ToContainTextAsync("host_new");
        await Assertions.Expect(Page.Locator(".timeline .tl-up")).ToHaveCountAsync(1);
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task The_page_draws_charts_with_the_points_of_the_history()
    {
        for (ulong i = 1; i <= 5; i++)
        {
            Beats.Send(Server, "web1", sequence: i, cpu: 10 * i);
            Server.Commit();
            // The history tells beats of one host apart by their arrival time in milliseconds.
            await Task.Delay(5);
        }
        var points = await HistoryPoints("web1", "cpu.usage", atLeast: 5);

        await Page.GotoAsync(Url("/hosts/web1"));

        var chart = Page.Locator(".chart[data-group=\"cpu\"]");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-points", points.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(chart.Locator("canvas")).ToHaveCountAsync(1);
        Assert.True(await chart.Locator("canvas").EvaluateAsync<bool>("c => c.width > 100 && c.height > 100"));
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task A_chart_counts_the_points_it_draws_not_the_gaps_and_a_group_shares_one_chart()
    {
        Beats.Send(Server, "web1", groups: [new("net:eth0", [new("rx_bps", 1_000_000), new("tx_bps", 300_000)])]);
        Server.Commit();
        // An hour of minute points with a five-minute gap, as the history answers for a host that was silent.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await Page.RouteAsync("**/api/hosts/web1/history?*", route =>
        {
            var metrics = new Uri(route.Request.Url).Query.TrimStart('?').Split('&')
                .Where(p => p.StartsWith("metric=", StringComparison.Ordinal)).Select(p => Uri.UnescapeDataString(p[7..]));
            var series = new JsonArray([.. metrics.Select(metric => new JsonObject
            {
                ["metric"] = metric,
                ["unit"] = metric.StartsWith("cpu", StringComparison.Ordinal) ? "%" : "B/s",
                ["points"] = new JsonArray([.. Enumerable.Range(0, 60).Select(i => (JsonNode)(i is >= 20 and < 25
                    ? new JsonArray(now - 3600 + i * 60, null, null, null)
                    : new JsonArray(now - 3600 + i * 60, 10 + i, 20 + i, 30 + i)))]),
            })]);
            var answer = new JsonObject
            {
                ["host"] = "web1", ["since"] = DateTimeOffset.FromUnixTimeSeconds(now - 3600).ToString("O"),
                ["until"] = DateTimeOffset.FromUnixTimeSeconds(now).ToString("O"), ["resolution"] = "1m", ["step"] = 60, ["series"] = series,
            };
            return route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = answer.ToJsonString() });
        });

        await Page.GotoAsync(Url("/hosts/web1"));

        await Assertions.Expect(Page.Locator(".chart[data-group=\"cpu\"]")).ToHaveAttributeAsync("data-points", "55");
        await Assertions.Expect(Page.Locator(".chart[data-group=\"net:eth0\"]")).ToHaveAttributeAsync("data-points", "110");
        await Assertions.Expect(Page.Locator(".chart")).ToHaveCountAsync(2);
        // The legend names the averages only; their min and max come with the value under the cursor.
        await Assertions.Expect(Page.Locator(".chart[data-group=\"net:eth0\"] .u-legend .u-series:not(.band-edge) .u-label"))
            .ToHaveTextAsync(["Time", "rx_bps", "tx_bps"]);
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task The_range_is_kept_in_the_url()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        await Page.GotoAsync(Url("/hosts/web1"));
        await Assertions.Expect(Page.Locator(".chart[data-group=\"cpu\"]")).ToHaveAttributeAsync("data-points", "1");

        await Page.Locator(".range button[data-range=\"24h\"]").ClickAsync();

        await Assertions.Expect(Page.Locator(".range button[data-range=\"24h\"]")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.EndsWith("/hosts/web1?range=24h", Page.Url, StringComparison.Ordinal);
        await Page.ReloadAsync();
        await Assertions.Expect(Page.Locator(".range button[data-range=\"24h\"]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(Page.Locator(".chart[data-group=\"cpu\"] canvas")).ToHaveCountAsync(1);
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task Markup_in_a_check_message_and_the_inventory_is_shown_as_text_and_never_runs()
    {
        Beats.Send(Server, "web1", checks: [new("http", AlertLevel.Critical, Markup)], inventory: Inventory(Markup));
        Server.Commit();

        await Page.GotoAsync(Url("/hosts/web1"));

        await Assertions.Expect(Page.Locator("tr[data-check=\"http\"] .check-message")).ToHaveTextAsync(Markup);
        await Assertions.Expect(Page.Locator(".inventory-part[data-key=\"os\"] dd").First).ToHaveTextAsync(Markup);
        await Assertions.Expect(Page.Locator(".host-head .facts")).ToContainTextAsync(Markup);
        Assert.Equal(0, await Page.Locator("main img, main script").CountAsync());
        Assert.True(await Page.EvaluateAsync<bool>("() => window.pwned === undefined"));
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task A_new_beat_shows_up_without_a_reload()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        await Page.GotoAsync(Url("/hosts/web1"));
        await Assertions.Expect(Page.Locator("tr[data-metric=\"cpu.usage\"] td.num")).ToHaveTextAsync("12.5%");

        Beats.Send(Server, "web1", sequence: 2, cpu: 77);

        await Assertions.Expect(Page.Locator("tr[data-metric=\"cpu.usage\"] td.num")).ToHaveTextAsync("77%", new() { Timeout = LiveWithinMs });
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task A_journal_entry_about_the_host_comes_on_top_and_one_about_another_host_does_not()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        await Page.GotoAsync(Url("/hosts/web1"));
        await Assertions.Expect(Page.Locator(".host-journal tbody tr")).ToHaveCountAsync(1);

        await Post("/api/journal", """{"host": "db1", "text": "not about web1"}""");
        await Post("/api/journal", """{"host": "WEB1", "text": "deploying 4.2", "level": "warning"}""");

        var first = Page.Locator(".host-journal tbody tr").First;
        await Assertions.Expect(first).ToContainTextAsync("deploying 4.2", new() { Timeout = LiveWithinMs });
        await Assertions.Expect(first.Locator(".badge.level-warning")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator(".host-journal tbody tr")).ToHaveCountAsync(2);
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task Older_loads_the_next_page_of_the_journal()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        for (var i = 1; i <= 55; i++)
            await Post("/api/journal", $$"""{"host": "web1", "text": "note {{i}}"}""");
        await Page.GotoAsync(Url("/hosts/web1"));
        var rows = Page.Locator(".host-journal tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(50);
        await Assertions.Expect(rows.First).ToContainTextAsync("note 55");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Older" }).ClickAsync();

        // 55 notes and the host_new entry, the oldest last; nothing more to load.
        await Assertions.Expect(rows).ToHaveCountAsync(56);
        await Assertions.Expect(rows.Last).ToContainTextAsync("host_new");
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Older" })).ToBeHiddenAsync();
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task A_host_deleted_while_its_page_is_open_is_said_to_be_gone()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        await Page.GotoAsync(Url("/hosts/web1"));
        await Assertions.Expect(Page.Locator("main h1")).ToHaveTextAsync("web1");

        using (var response = await Server.Http.DeleteAsync("/api/hosts/web1"))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        await Assertions.Expect(Page.Locator(".host-message")).ToContainTextAsync("No host named “web1”", new() { Timeout = LiveWithinMs });
        await Assertions.Expect(Page.Locator(".host-body")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_host_hbd_does_not_know_is_said_so()
    {
        await Page.GotoAsync(Url("/hosts/nosuch"));

        await Assertions.Expect(Page.Locator(".host-message")).ToContainTextAsync("No host named “nosuch”");
        await Assertions.Expect(Page.Locator(".host-body")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_silence_from_the_page_shows_on_the_host()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        await Page.GotoAsync(Url("/hosts/web1"));
        await Assertions.Expect(Page.Locator("main h1")).ToHaveTextAsync("web1");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Silence…" }).ClickAsync();
        await Page.GetByLabel("Silence for").SelectOptionAsync("4h");
        await Page.GetByLabel("Reason").FillAsync("kernel upgrade");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Silence", Exact = true }).ClickAsync();

        await Assertions.Expect(Page.Locator(".host-title .badge.silenced")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator(".action-status")).ToContainTextAsync("Silenced until");
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Silence…" })).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(Page.Locator(".silence-form")).ToBeHiddenAsync();
        var silences = JsonNode.Parse(await Server.Http.GetStringAsync("/api/silences"))!.AsArray();
        Assert.Equal("web1", (string?)silences.Single()!["hosts"]![0]);
        Assert.Equal("kernel upgrade", (string?)silences.Single()!["comment"]);
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task A_silence_the_server_refuses_shows_its_reason()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        await Page.GotoAsync(Url("/hosts/web1"));
        await Assertions.Expect(Page.Locator("main h1")).ToHaveTextAsync("web1");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Silence…" }).ClickAsync();
        await Page.GetByLabel("Silence for").SelectOptionAsync("custom");
        await Page.GetByLabel("Until (local time)").FillAsync("2020-01-01T00:00");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Silence", Exact = true }).ClickAsync();

        await Assertions.Expect(Page.Locator(".action-status.error")).ToContainTextAsync("No silence was made: until");
        await Assertions.Expect(Page.Locator(".silence-form")).ToBeVisibleAsync();
        Assert.Equal("[]", await Server.Http.GetStringAsync("/api/silences"));
    }

    [Fact]
    public async Task The_dns_record_of_a_dynamic_dns_host_is_shown()
    {
        Beats.Send(Server, "web1");
        Server.Commit();
        // A record as the server gives it for a host in dyndnshosts, added to the real answer (no DNS server here).
        await Page.RouteAsync("**/api/hosts/web1", async route =>
        {
            var response = await route.FetchAsync();
            var host = JsonNode.Parse(await response.TextAsync())!.AsObject();
            host["dns"] = new JsonObject
            {
                ["name"] = "web1.dyn.example.org", ["address"] = "192.0.2.7", ["synced"] = false, ["pending"] = true,
                ["last_update"] = null, ["last_error"] = "the DNS server answered NOTAUTH",
            };
            await route.FulfillAsync(new() { Response = response, Body = host.ToJsonString() });
        });

        await Page.GotoAsync(Url("/hosts/web1"));

        var dns = Page.Locator("section.panel").Filter(new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = "DNS" }) });
        await Assertions.Expect(dns).ToBeVisibleAsync();
        await Assertions.Expect(dns).ToContainTextAsync("web1.dyn.example.org");
        await Assertions.Expect(dns.Locator(".error")).ToHaveTextAsync("the DNS server answered NOTAUTH");
        Assert.Equal(["web1.dyn.example.org", "192.0.2.7", "no", "yes", "–", "the DNS server answered NOTAUTH"],
            await dns.Locator("dd").AllTextContentsAsync());
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task A_host_without_dynamic_dns_has_no_dns_panel()
    {
        Beats.Send(Server, "web1");
        Server.Commit();

        await Page.GotoAsync(Url("/hosts/web1"));

        await Assertions.Expect(Page.Locator("main h1")).ToHaveTextAsync("web1");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "DNS" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_page_fits_a_phone()
    {
        Beats.Send(Server, "web1", checks: [new("apt", AlertLevel.Warning, "APT WARNING: 7 packages")], inventory: Inventory("Debian GNU/Linux 12 (bookworm)"));
        Server.Commit();
        await Page.SetViewportSizeAsync(375, 800);

        await Page.GotoAsync(Url("/hosts/web1"));

        await Assertions.Expect(Page.Locator(".chart[data-group=\"cpu\"] canvas")).ToHaveCountAsync(1);
        Assert.True(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"));
        Assert.True(await Page.Locator(".chart canvas").EvaluateAsync<bool>("c => c.getBoundingClientRect().right <= 375"));
        Assert.Empty(PageErrors);
    }

    private async Task Post(string path, string json)
    {
        using var response = await Server.Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, object?> Inventory(string os) => new()
    {
        ["os"] = new Dictionary<string, object?> { ["pretty_name"] = os, ["kernel"] = "6.1.0-18-amd64" },
        ["filesystems"] = new List<object?>
        {
            new Dictionary<string, object?> { ["device"] = "/dev/sda1", ["mount"] = "/", ["type"] = "ext4" },
            new Dictionary<string, object?> { ["device"] = "/dev/sdb1", ["mount"] = "/var", ["type"] = "xfs" },
        },
    };

    /// <summary>The points the history answers for a metric, once it holds at least <paramref name="atLeast"/>: it reads
    /// the committed stream on its own thread, a moment after the commit.</summary>
    private async Task<int> HistoryPoints(string host, string metric, int atLeast)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await Server.Http.GetAsync($"/api/hosts/{host}/history?metric={metric}");
            var body = await response.Content.ReadAsStringAsync();
            var count = response.StatusCode == HttpStatusCode.OK
                ? JsonNode.Parse(body)!["series"]![0]!["points"]!.AsArray().Count(p => p![2] is not null)
                : 0;
            if (count >= atLeast)
                return count;
            Assert.True(attempt < 200, body);
            await Task.Delay(10);
        }
    }
}
