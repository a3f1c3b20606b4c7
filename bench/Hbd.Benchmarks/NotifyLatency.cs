using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hbd.Benchmarks;

/// <summary>
/// How soon a host's notification leaves hbd after its deadline: <c>dotnet run -c Release --project bench/Hbd.Benchmarks --
/// notify-latency [HOSTS=10000] [SECONDS=60]</c>. The built hbd runs as a process of its own with a webhook channel to a
/// receiver in this process; HOSTS hosts beat every 10 s, then stop one after another over SECONDS. Each host's deadline is
/// its last beat's departure + down_after (20 s); its latency is the webhook's arrival here minus that deadline: the
/// scheduler, the store writer's commit, the outbox and the sender, and loopback HTTP. Outage summaries are turned off
/// (outage_threshold above HOSTS) so every host gets its own message.
/// </summary>
internal static class NotifyLatency
{
    private static readonly TimeSpan DownAfter = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(string[] args)
    {
        var hosts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
        var executable = HbdProcess.Executable();
        var arrivals = new ConcurrentDictionary<string, long>();
        await using var receiver = await StartReceiverAsync(arrivals);
        var hook = receiver.Urls.Single() + "/hook";
        var key = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        await using var server = await HbdProcess.StartAsync(executable, key, historyDays: 7, $"""
            late_after: 15s
            down_after: {DownAfter.TotalSeconds}s
            webhook_url: {hook}
            outage_threshold: {hosts + 1}
            flap_count: 0
            """);
        var stopped = new bool[hosts];
        using var sender = new BeatSender(hosts, server.HbPort, Encoding.UTF8.GetBytes(key)) { Stopped = h => Volatile.Read(ref stopped[h]) };
        using var stop = new CancellationTokenSource();
        var sending = sender.RunAsync(stop.Token);
        var cpuBefore = 0.0;
        try
        {
            // Every host known and up before the first stops.
            await Task.Delay(BeatSender.Interval + TimeSpan.FromSeconds(2));
            while ((await server.StatusAsync()).GetProperty("hosts").GetProperty("up").GetInt32() < hosts)
                await Task.Delay(250);
            Console.WriteLine($"{hosts:N0} hosts up; they stop one after another over {seconds} s");
            cpuBefore = server.CpuSeconds();
            var start = DateTime.UtcNow;
            for (var h = 0; h < hosts; h++)
            {
                var at = start + TimeSpan.FromSeconds(seconds * (double)h / hosts);
                var wait = at - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait);
                Volatile.Write(ref stopped[h], true);
            }
            var deadline = DateTime.UtcNow + DownAfter + BeatSender.Interval + TimeSpan.FromSeconds(60);
            while (arrivals.Count < hosts && DateTime.UtcNow < deadline)
                await Task.Delay(250);
        }
        finally
        {
            await stop.CancelAsync();
            await sending;
        }
        var cpu = server.CpuSeconds() - cpuBefore;
        var latencies = new List<double>(hosts);
        for (var h = 0; h < hosts; h++)
        {
            if (arrivals.TryGetValue(BeatSender.Name(h), out var arrived))
                latencies.Add(TimeSpan.FromTicks(arrived - sender.LastSentTicks(h)).TotalMilliseconds - DownAfter.TotalMilliseconds);
        }
        latencies.Sort();
        string P(double q) => latencies.Count == 0 ? "-" : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)]
            .ToString("F0", CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine("| hosts | messages | p50 ms | p90 ms | p99 ms | max ms | hbd CPU s |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {hosts:N0} | {latencies.Count:N0} | {P(0.5)} | {P(0.9)} | {P(0.99)} | {P(1)} | {cpu:F1} |"));
        return latencies.Count == hosts ? 0 : 1;
    }

    private static async Task<WebApplication> StartReceiverAsync(ConcurrentDictionary<string, long> arrivals)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            var arrived = DateTime.UtcNow.Ticks;
            using var body = await JsonDocument.ParseAsync(request.Body);
            var root = body.RootElement;
            if (root.GetProperty("event").GetString() == "host_down" && root.GetProperty("host").GetString() is { } host)
                arrivals.TryAdd(host, arrived);
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }
}
