using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>When hbd cannot write its store, /healthz says so and why, the log says it once, and nothing is lost.</summary>
public sealed class StoreFailureTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Healthz_is_503_with_the_reason_while_writes_fail_and_200_once_they_succeed_with_nothing_lost()
    {
        using var server = await ServerProcess.StartAsync(_dir, fileSizeLimitable: true);
        var first = await Commands.RunClientAsync(_dir, "--once", "-n", "before-host", server.Address);
        Assert.True(first.ExitCode == 0, first.ToString());
        await server.Eventually(async () => (await server.Api.JournalKindsAsync("before-host")).Contains("host_new"),
            "before-host written");

        // A file size limit of one byte: from now on every write to hbd.db and its WAL fails, as on a full disk.
        await server.LimitFileSizeAsync(1);
        var message = await Commands.RunClientAsync(_dir, "-m", "sent while the disk was full", "-n", "full-host", server.Address);
        Assert.True(message.ExitCode == 0, message.ToString());

        var unhealthy = await server.Eventually(async () =>
            await server.Api.HealthzAsync() is { Status: HttpStatusCode.ServiceUnavailable } health ? (JsonElement?)health.Body : null,
            "/healthz to answer 503");
        Assert.Equal("unhealthy", unhealthy.GetProperty("error").GetString());
        Assert.Matches(@"^store writes failing for \d+\.\d s: SQLite Error \d+: '.+'", unhealthy.GetProperty("detail").GetString());
        var store = (await server.Api.StatusAsync()).GetProperty("store");
        Assert.True(store.GetProperty("consecutive_failures").GetInt32() >= 4, store.ToString());
        Assert.Equal(JsonValueKind.String, store.GetProperty("failing_since").ValueKind);
        Assert.StartsWith("SQLite Error", store.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.True(store.GetProperty("pending_journal").GetInt32() >= 1, store.ToString());

        await server.LimitFileSizeAsync(null);

        await server.Eventually(async () => (await server.Api.HealthzAsync()).Status == HttpStatusCode.OK, "/healthz to answer 200 again");
        store = (await server.Api.StatusAsync()).GetProperty("store");
        Assert.Equal((JsonValueKind.Null, 0, 0), (store.GetProperty("failing_since").ValueKind,
            store.GetProperty("consecutive_failures").GetInt32(), store.GetProperty("pending_journal").GetInt32()));
        // What came in during the outage was written once the disk took writes again.
        var journal = await server.Api.JournalAsync("full-host");
        Assert.Contains(journal.EnumerateArray(), e => e.GetProperty("text").GetString() == "sent while the disk was full");
        await server.StopAsync();
        // One line when the failures began and one when they ended, not one per 250 ms attempt; an outage
        // longer than a minute would add a summary line.
        var lines = server.Output.Split('\n')
            .Where(l => l.Contains(" Hbd.Server.Store.StoreWriter[", StringComparison.Ordinal)).ToList();
        var all = string.Join('\n', lines);
        Assert.True(lines.Count(l => Regex.IsMatch(l, @" fail: \S+\] store writes failing; retrying, .+: SQLite Error \d+: ")) == 1, all);
        Assert.True(lines.Count(l => Regex.IsMatch(l, @" info: \S+\] store writes recovered after \w+; nothing was lost$")) == 1, all);
        Assert.True(lines.All(l => Regex.IsMatch(l, @"\] store writes (failing;|still failing:|recovered after) ")), all);
    }
}
