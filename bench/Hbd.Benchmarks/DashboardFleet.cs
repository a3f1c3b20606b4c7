using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Playwright;

namespace Hbd.Benchmarks;

/// <summary>
/// <c>ui-fleet [HOSTS] [RUNS]</c>: the dashboard's overview with HOSTS hosts (10,000) in Debian's headless chromium,
/// against a real hbd process fed over loopback UDP (docs/benchmarks.md, dashboard). Each run opens the page afresh and
/// measures, by the page's own clock:
/// <list type="bullet">
/// <item>first render: from the navigation's start to every host counted and drawn (snapshot over the feed included);</item>
/// <item>filter: from a keystroke's input event to the next frame, for several filter texts;</item>
/// <item>a burst: 1,000 hosts' beats sent at once; the longest frame (animation frame timing) while the feed brings them.</item>
/// </list>
/// The figure for each is the median of the runs; the worst run is printed too.
/// </summary>
internal static class DashboardFleet
{
    private const string Chromium = "/usr/bin/chromium";
    private const int Burst = 1_000;

    /// <summary>Filter texts from one that keeps a host to one that keeps all, typed into the overview's filter box.</summary>
    private static readonly string[] Filters = ["h000999", "h0009", "h00", "zzz", ""];

    /// <summary>
    /// Records in the page: when the count first says every host is there, every frame's gap, the long animation frames,
    /// and how many host changes the feed has brought (counted on the raw text, so the count costs the page little).
    /// </summary>
    private const string Probe = """
        (() => {
          window.__probe = { rendered: null, changes: 0, gaps: [], loaf: [] };
          const want = `${HOSTS} of ${HOSTS} hosts`;
          new MutationObserver(() => {
            if (window.__probe.rendered === null && document.querySelector(".shown")?.textContent === want)
              requestAnimationFrame(() => { window.__probe.rendered ??= performance.now(); });
          }).observe(document, { subtree: true, childList: true, characterData: true });
          const Native = window.WebSocket;
          window.WebSocket = function (...args) {
            const socket = new Native(...args);
            socket.addEventListener("message", (e) => {
              window.__probe.changes += (e.data.match(/"type":"host"/g) ?? []).length;
            });
            return socket;
          };
          window.WebSocket.prototype = Native.prototype;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) window.__probe.loaf.push(entry.duration);
          }).observe({ type: "long-animation-frame" });
          let last = null;
          const frame = (t) => { if (last !== null) window.__probe.gaps.push(t - last); last = t; requestAnimationFrame(frame); };
          requestAnimationFrame(frame);
        })();
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var hosts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        await using var hbd = await HbdProcess.StartAsync(HbdProcess.Executable(), key, historyDays: 0);
        using var sender = new BeatSender(hosts, hbd.HbPort, System.Text.Encoding.UTF8.GetBytes(key));
        await SendAsync(sender, 0, hosts);
        await WaitForHostsAsync(hbd, hosts);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        Console.WriteLine($"{hosts} hosts, {runs} runs, chromium {browser.Version} headless, hbd {hbd.Http.BaseAddress}");
        var renders = new List<double>();
        var filters = new List<double>();
        var bursts = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
            var page = await context.NewPageAsync();
            await page.AddInitScriptAsync(Probe.Replace("${HOSTS}", hosts.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            await page.GotoAsync(hbd.Http.BaseAddress!.ToString());
            await page.WaitForFunctionAsync("() => window.__probe.rendered !== null", null, new() { Timeout = 30_000 });
            var render = await page.EvaluateAsync<double>("() => window.__probe.rendered");

            var filter = await page.EvaluateAsync<double[]>("""
                async (texts) => {
                  const input = document.querySelector(".filter");
                  const times = [];
                  for (const text of texts) {
                    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
                    const start = performance.now();
                    input.value = text;
                    input.dispatchEvent(new Event("input"));
                    await new Promise((r) => requestAnimationFrame(r));
                    times.push(performance.now() - start);
                  }
                  return times;
                }
                """, Filters);

            // A burst of changes to the hosts shown first (the filter is cleared): a later round of the first 1,000 hosts.
            var changesBefore = await page.EvaluateAsync<int>("() => { window.__probe.gaps = []; window.__probe.loaf = []; return window.__probe.changes; }");
            await SendAsync(sender, (long)hosts * run, Burst);
            await page.WaitForFunctionAsync($"() => window.__probe.changes >= {changesBefore + Burst}", null, new() { Timeout = 10_000 });
            await page.WaitForTimeoutAsync(500);
            var frames = await page.EvaluateAsync<double[]>("() => [Math.max(0, ...window.__probe.gaps), Math.max(0, ...window.__probe.loaf)]");

            renders.Add(render);
            filters.Add(filter.Max());
            bursts.Add(Math.Max(frames[0], frames[1]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {run}: first render {render:F0} ms; filter {string.Join(" / ", filter.Select(f => f.ToString("F1", CultureInfo.InvariantCulture)))} ms; burst of {Burst}: longest frame gap {frames[0]:F0} ms, longest animation frame {frames[1]:F0} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            | figure ({hosts} hosts) | median of {runs} | worst | target |
            |---|---|---|---|
            | first render | {Median(renders):F0} ms | {renders.Max():F0} ms | ≤ 1,000 ms |
            | filter (slowest of {Filters.Length} texts) | {Median(filters):F1} ms | {filters.Max():F1} ms | ≤ 100 ms |
            | longest frame while {Burst:N0} changes arrive | {Median(bursts):F0} ms | {bursts.Max():F0} ms | ≤ 100 ms |
            """));
        return 0;
    }

    /// <summary>In slices of 250 a millisecond apart: all within one feed frame, without overrunning the socket's buffer.</summary>
    private static async Task SendAsync(BeatSender sender, long first, int count)
    {
        for (var done = 0; done < count; done += 250)
        {
            sender.SendAtOnce(first + done, Math.Min(250, count - done));
            await Task.Delay(1);
        }
    }

    private static async Task WaitForHostsAsync(HbdProcess hbd, int hosts)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await hbd.StatusAsync()).GetProperty("hosts").GetProperty("total").GetInt32() < hosts)
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"hbd did not take {hosts} hosts within 30 s: {await hbd.StatusAsync()}\n{hbd.Output}");
            await Task.Delay(200);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
