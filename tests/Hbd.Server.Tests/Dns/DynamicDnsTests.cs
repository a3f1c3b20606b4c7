using System.Net;
using System.Text.Json.Nodes;
using Hbd.Common.Protocol;
using Hbd.Server.Dns;
using Hbd.Server.Hosts;
using Hbd.Server.Tests.Api;
using Hbd.Server.Tests.Hosts;
using Hbd.Server.Tests.Store;

namespace Hbd.Server.Tests.Dns;

/// <summary>
/// Dynamic DNS against a real BIND 9: the server in-process beats hosts from chosen addresses, and dig says what the zone
/// holds. Replacing, not adding; A and AAAA; failures journaled while hbd goes on; a retry reaching a server that came back;
/// no update at a restart when the record is already right.
/// </summary>
public sealed class DynamicDnsTests : IAsyncLifetime
{
    private BindServer _bind = null!;
    private ulong _sequence;

    public async Task InitializeAsync() => _bind = await BindServer.StartNewAsync();

    public async Task DisposeAsync() => await _bind.DisposeAsync();

    [Fact]
    public async Task A_beat_writes_the_A_record_and_the_state_shows_in_the_api_and_metrics()
    {
        await using var server = await Start(_bind.Options("home1"));

        Beat(server, "home1", "127.0.0.2");

        await _bind.WaitForAsync("home1.dyn.test", "A", ["127.0.0.2"]);
        var updated = await JournalAsync(server, "dns_updated", 1);
        Assert.Equal("home1.dyn.test A 127.0.0.2 (was none)", (string?)updated[0]!["text"]);
        Assert.Equal("home1", (string?)updated[0]!["host"]);
        var dns = await Eventually(server, "home1", d => (bool)d["synced"]!);
        Assert.Equal(("home1.dyn.test", "127.0.0.2", false), ((string?)dns["name"], (string?)dns["address"], (bool)dns["pending"]!));
        Assert.Null(dns["last_error"]);
        Assert.NotNull(dns["last_update"]);
        var metrics = await server.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("hbd_host_dns_synced{host=\"home1\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("hbd_dns_updates_total{result=\"ok\"} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_without_dynamic_dns_has_a_null_dns_object()
    {
        await using var server = await Start(_bind.Options("home1"));

        Beat(server, "other", "127.0.0.2");

        var json = JsonNode.Parse(await server.Http.GetStringAsync(new Uri("/api/hosts/other", UriKind.Relative)))!;
        Assert.True(json.AsObject().ContainsKey("dns"));
        Assert.Null(json["dns"]);
    }

    [Fact]
    public async Task A_beat_from_another_address_replaces_the_record()
    {
        await using var server = await Start(_bind.Options("home1"));
        Beat(server, "home1", "127.0.0.2");
        await _bind.WaitForAsync("home1.dyn.test", "A", ["127.0.0.2"]);

        Beat(server, "home1", "127.0.0.3");

        await _bind.WaitForAsync("home1.dyn.test", "A", ["127.0.0.3"]);
        var updated = await JournalAsync(server, "dns_updated", 2);
        Assert.Contains(updated, e => (string?)e!["text"] == "home1.dyn.test A 127.0.0.3 (was 127.0.0.2)");
    }

    [Fact]
    public async Task An_ipv6_source_writes_AAAA_and_removes_the_A_record()
    {
        await using var server = await Start(_bind.Options("home1"));
        Beat(server, "home1", "127.0.0.2");
        await _bind.WaitForAsync("home1.dyn.test", "A", ["127.0.0.2"]);

        Beat(server, "home1", "2001:db8::7");

        await _bind.WaitForAsync("home1.dyn.test", "AAAA", ["2001:db8::7"]);
        Assert.Empty(await _bind.DigAsync("home1.dyn.test", "A"));

        Beat(server, "home1", "::ffff:127.0.0.9"); // IPv4-mapped: an IPv4 source
        await _bind.WaitForAsync("home1.dyn.test", "A", ["127.0.0.9"]);
        Assert.Empty(await _bind.DigAsync("home1.dyn.test", "AAAA"));
    }

    [Fact]
    public async Task A_map_names_the_record_and_each_host_gets_its_own()
    {
        var options = _bind.Options() with
        {
            Hosts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["nas"] = "files.dyn.test", ["laptop"] = "anna.dyn.test" },
        };
        await using var server = await Start(options);

        Beat(server, "nas", "127.0.0.4");
        Beat(server, "laptop", "127.0.0.5");

        await _bind.WaitForAsync("files.dyn.test", "A", ["127.0.0.4"]);
        await _bind.WaitForAsync("anna.dyn.test", "A", ["127.0.0.5"]);
    }

    [Theory]
    [InlineData(Hbd.Server.Dns.TsigAlgorithm.HmacSha512, "-sha512")]
    [InlineData(Hbd.Server.Dns.TsigAlgorithm.HmacSha1, "-sha1")]
    public async Task Updates_signed_with_hmac_sha512_and_hmac_sha1_are_taken(Hbd.Server.Dns.TsigAlgorithm algorithm, string keySuffix)
    {
        await using var server = await Start(_bind.Options("home1") with { Algorithm = algorithm, KeyName = BindServer.KeyName + keySuffix });

        Beat(server, "home1", "127.0.0.2");

        await _bind.WaitForAsync("home1.dyn.test", "A", ["127.0.0.2"]);
    }

    [Fact]
    public async Task A_wrong_key_gives_dns_failed_and_hbd_keeps_running()
    {
        await using var server = await Start(_bind.Options("home1") with { Secret = new byte[32] });

        Beat(server, "home1", "127.0.0.2");

        var failed = await JournalAsync(server, "dns_failed", 1);
        Assert.Equal("warning", (string?)failed[0]!["level"]);
        Assert.Contains("home1.dyn.test", (string?)failed[0]!["text"], StringComparison.Ordinal);
        Assert.Contains("NOTAUTH", (string?)failed[0]!["text"], StringComparison.Ordinal);
        Assert.Empty(await _bind.DigAsync("home1.dyn.test", "A"));
        var dns = await Eventually(server, "home1", d => d["last_error"] is not null);
        Assert.False((bool)dns["synced"]!);
        Assert.True((bool)dns["pending"]!);
        using var health = await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Beat(server, "other", "127.0.0.3"); // ingest and commits go on
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(new Uri("/api/hosts/other", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_refused_zone_gives_dns_failed_with_the_rcode()
    {
        var options = _bind.Options() with
        {
            Zone = BindServer.LockedZone,
            Hosts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["home1"] = "home1." + BindServer.LockedZone },
        };
        await using var server = await Start(options);

        Beat(server, "home1", "127.0.0.2");

        var failed = await JournalAsync(server, "dns_failed", 1);
        Assert.Contains("REFUSED", (string?)failed[0]!["text"], StringComparison.Ordinal);
        Assert.Empty(await _bind.DigAsync("home1." + BindServer.LockedZone, "A"));
    }

    [Fact]
    public async Task With_bind_stopped_the_update_fails_and_arrives_after_a_retry_once_it_is_back()
    {
        await using var server = await Start(_bind.Options("home1"));
        await _bind.StopAsync();

        Beat(server, "home1", "127.0.0.2");
        await JournalAsync(server, "dns_failed", 1);
        await _bind.StartAsync();

        await _bind.WaitForAsync("home1.dyn.test", "A", ["127.0.0.2"], TimeSpan.FromSeconds(40));
        await JournalAsync(server, "dns_updated", 1);
        Assert.Single(await JournalAsync(server, "dns_failed", 1)); // one entry for the run of failures, not one per retry
    }

    [Fact]
    public async Task A_restart_of_hbd_with_the_record_already_right_sends_no_update()
    {
        using var dir = new TempDataDir();
        await using (var first = await Start(_bind.Options("home1"), dir.Path))
        {
            Beat(first, "home1", "127.0.0.2");
            await _bind.WaitForAsync("home1.dyn.test", "A", ["127.0.0.2"]);
            await JournalAsync(first, "dns_updated", 1);
        }
        Assert.Equal(1, _bind.UpdatesApproved);

        await using var second = await Start(_bind.Options("home1"), dir.Path);

        // The start-up query has answered: the state says what DNS holds.
        var dns = await Eventually(second, "home1", d => (string?)d["address"] == "127.0.0.2");
        Assert.True((bool)dns["synced"]!);
        await Task.Delay(500);
        Assert.Equal(1, _bind.UpdatesApproved);
        Assert.Single(await JournalAsync(second, "dns_updated", 1));
    }

    [Fact]
    public async Task A_restart_of_hbd_corrects_a_record_that_differs()
    {
        using var dir = new TempDataDir();
        await using (var first = await Start(_bind.Options("home1") with { Secret = new byte[32] }, dir.Path))
        {
            Beat(first, "home1", "127.0.0.2"); // committed, but the wrong key keeps DNS empty
            await JournalAsync(first, "dns_failed", 1);
        }

        await using var second = await Start(_bind.Options("home1"), dir.Path);

        await _bind.WaitForAsync("home1.dyn.test", "A", ["127.0.0.2"]);
        Assert.Equal(1, _bind.UpdatesApproved);
    }

    [Fact]
    public async Task Many_address_changes_in_a_row_end_with_the_newest_address()
    {
        await using var server = await Start(_bind.Options("home1") with { MaxInflight = 1 });

        for (var i = 2; i <= 40; i++)
            Beat(server, "home1", $"127.0.0.{i}");

        await _bind.WaitForAsync("home1.dyn.test", "A", ["127.0.0.40"]);
        await Eventually(server, "home1", d => (bool)d["synced"]! && (string?)d["address"] == "127.0.0.40");
    }

    private static Task<ApiServer> Start(DnsOptions dns, string? dataDir = null) =>
        ApiServer.StartAsync(configure: o => (dataDir is null ? o : o with { DataDir = dataDir }) with { Dns = dns });

    private void Beat(ApiServer server, string host, string address)
    {
        Assert.Equal(BeatOutcome.Accepted, server.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(new Heartbeat
        {
            HostName = host,
            RunId = 1,
            Sequence = ++_sequence,
            SentAt = DateTimeOffset.UtcNow,
            Interval = TimeSpan.FromSeconds(10),
            Metrics = [new("cpu", [new("usage", 1)])],
        })), RegistryFixture.Source(address), checkClock: false));
        server.Commit();
    }

    /// <summary>The journal's entries of a kind once there are at least <paramref name="count"/>.</summary>
    private static async Task<JsonArray> JournalAsync(ApiServer server, string kind, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            server.Commit();
            var entries = JsonNode.Parse(await server.Http.GetStringAsync(new Uri($"/api/journal?kind={kind}", UriKind.Relative)))!.AsArray();
            if (entries.Count >= count)
                return entries;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"fewer than {count} {kind} entries: {entries.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>The host's dns object once <paramref name="condition"/> holds.</summary>
    private static async Task<JsonNode> Eventually(ApiServer server, string host, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var dns = JsonNode.Parse(await server.Http.GetStringAsync(new Uri($"/api/hosts/{host}", UriKind.Relative)))!["dns"]!;
            if (condition(dns))
                return dns;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{host}: dns is {dns.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}
