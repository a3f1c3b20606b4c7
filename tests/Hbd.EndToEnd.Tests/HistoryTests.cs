using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>A real agent's beats in the metric history of a real hbd.</summary>
public sealed class HistoryTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Each_committed_beat_of_hbc_is_in_the_history_within_a_second()
    {
        using var server = await ServerProcess.StartAsync(_dir);
        using var client = ClientProcess.Start(_dir, "-i", "1", "-n", "hist-host", server.Address);
        await server.Eventually(async () => await server.Api.HostAsync("hist-host") is not null, "a first beat from hist-host");

        for (var beat = 0; beat < 3; beat++)
        {
            // A new beat committed: the host's last_seen moves on.
            var before = await LastSeenAsync(server);
            string seen;
            do
            {
                await Task.Delay(10);
                seen = await LastSeenAsync(server);
            }
            while (seen == before);
            var committed = Stopwatch.StartNew();
            var at = DateTimeOffset.Parse(seen, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() / 1000.0;

            var points = await PointsAsync(server);
            while (!points.Any(p => p[0].GetDouble() == at) && committed.Elapsed < TimeSpan.FromSeconds(1))
            {
                await Task.Delay(10);
                points = await PointsAsync(server);
            }

            Assert.True(points.Any(p => p[0].GetDouble() == at),
                $"no point at {at} in the history {committed.ElapsedMilliseconds} ms after the commit: {string.Join(", ", points.Select(p => p[0]))}");
            var usage = points.Single(p => p[0].GetDouble() == at);
            Assert.InRange(usage[2].GetDouble(), 0, 100);
            Assert.Equal(usage[1].GetDouble(), usage[3].GetDouble());
        }
        Assert.Equal(0, await client.StopAsync());
    }

    private static async Task<string> LastSeenAsync(ServerProcess server) =>
        (await server.Api.HostAsync("hist-host"))!.Value.GetProperty("last_seen").GetString()!;

    private static async Task<List<JsonElement[]>> PointsAsync(ServerProcess server)
    {
        var history = await server.Api.GetAsync("/api/hosts/hist-host/history?metric=cpu.usage&since=-5m");
        Assert.Equal("raw", history.GetProperty("resolution").GetString());
        return [.. history.GetProperty("series")[0].GetProperty("points").EnumerateArray().Select(p => p.EnumerateArray().ToArray())];
    }
}
