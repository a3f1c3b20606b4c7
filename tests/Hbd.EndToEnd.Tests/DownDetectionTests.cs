using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hbd.EndToEnd.Tests;

/// <summary>A host is down `down_after` after its last beat, detected within one second of the deadline.</summary>
[Collection(TimingCollection.Name)]
public sealed class DownDetectionTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan DownAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DetectedWithin = TimeSpan.FromSeconds(1);

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Host_is_down_between_3_and_4_seconds_after_its_last_beat_never_earlier_and_journaled()
    {
        using var server = await ServerProcess.StartAsync(_dir, "down_after: 3\n");
        var clientConfig = _dir.Write("hbc.yaml", "interval: 1\n");
        var run = await Commands.RunClientAsync(_dir, "--once", "-n", "down-host", "-c", clientConfig, server.Address);
        Assert.True(run.ExitCode == 0, run.ToString());
        var host = await server.Eventually(() => server.Api.HostAsync("down-host"), "down-host known to hbd");
        var lastSeen = host.GetProperty("last_seen").GetDateTimeOffset();

        // Poll every ~50 ms. A poll proves "down" at its answer's arrival and "not down" at its request's departure.
        var polls = new List<(double SentAt, double AnsweredAt, string State)>();
        double Since(DateTimeOffset time) => (time - lastSeen).TotalSeconds;
        while (true)
        {
            var sent = DateTimeOffset.UtcNow;
            var state = await server.Api.StateOfAsync("down-host") ?? "(missing)";
            polls.Add((Since(sent), Since(DateTimeOffset.UtcNow), state));
            if (state == "down" || Since(DateTimeOffset.UtcNow) > 15)
                break;
            await Task.Delay(50);
        }

        var lastNotDown = polls.Where(p => p.State != "down").Select(p => p.SentAt).DefaultIfEmpty(double.NaN).Max();
        var firstDown = polls.Where(p => p.State == "down").Select(p => p.AnsweredAt).DefaultIfEmpty(double.NaN).Min();
        output.WriteLine($"{polls.Count} polls; last seen not down at +{lastNotDown:0.000} s, first seen down by +{firstDown:0.000} s "
            + $"after last_seen {lastSeen:O}");
        Assert.True(polls[^1].State == "down",
            $"down-host not down 15 s after its last beat: {polls[^1].State}\n{await server.DiagnosticsAsync()}");
        var early = polls.Where(p => p.State == "down" && p.AnsweredAt < DownAfter.TotalSeconds).ToList();
        Assert.True(early.Count == 0, $"down {early.FirstOrDefault().AnsweredAt:0.000} s after the last beat, before down_after");
        var late = polls.Where(p => p.State != "down" && p.SentAt > (DownAfter + DetectedWithin).TotalSeconds).ToList();
        Assert.True(late.Count == 0, $"still {late.FirstOrDefault().State} {late.FirstOrDefault().SentAt:0.000} s after the last beat");

        var journal = (await server.Eventually(async () =>
        {
            var entries = await server.Api.JournalAsync("down-host");
            return entries.EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "host_down") ? entries : (JsonElement?)null;
        }, "host_down for down-host in the journal")).EnumerateArray().ToList();
        Assert.Contains(journal, e => e.GetProperty("kind").GetString() == "host_new");
        var downAt = Since(journal.First(e => e.GetProperty("kind").GetString() == "host_down").GetProperty("time").GetDateTimeOffset());
        output.WriteLine($"journal host_down at +{downAt:0.000} s");
        Assert.InRange(downAt, DownAfter.TotalSeconds - 0.002, // stored in ms
            (DownAfter + DetectedWithin).TotalSeconds);
    }
}
