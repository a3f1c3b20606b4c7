using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Hbd.Common.Protocol;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>One hbd with `key: s3cret` for every signing test; each test reads counters before and after.</summary>
public sealed class SignedServerFixture : IAsyncLifetime
{
    public const string Key = "s3cret";

    public TestDirectory Dir { get; } = new();

    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync(Dir, $"key: {Key}\n");

    public Task DisposeAsync()
    {
        Server?.Dispose();
        Dir.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>An hbc config with this key (or none) and the server's port.</summary>
    public string ClientConfig(string? key)
    {
        var name = $"hbc-{key ?? "unsigned"}.yaml";
        return Dir.Write(name, $"hb_port: {Server.HbPort}\n" + (key is null ? "" : $"key: {key}\n"));
    }
}

/// <summary>Signed heartbeats end to end; wrong or missing signatures and replays are dropped and counted.</summary>
public sealed class SigningTests(SignedServerFixture fixture) : IClassFixture<SignedServerFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public async Task Client_with_the_servers_key_makes_its_host_up()
    {
        var config = fixture.ClientConfig(SignedServerFixture.Key);

        var run = await Commands.RunClientAsync(fixture.Dir, "--once", "-n", "signed-host", "-c", config, "127.0.0.1");

        Assert.True(run.ExitCode == 0, run.ToString());
        await _server.Eventually(async () => await _server.Api.StateOfAsync("signed-host") == "up", "signed-host up");
    }

    [Fact]
    public async Task Client_with_a_wrong_key_is_counted_as_bad_signature_and_its_host_never_appears()
    {
        var before = await _server.Api.RejectedAsync("bad_signature");
        var config = fixture.ClientConfig("not-the-key");

        var run = await Commands.RunClientAsync(fixture.Dir, "--once", "-n", "wrong-key-host", "-c", config, "127.0.0.1");

        Assert.True(run.ExitCode == 0, run.ToString());
        await _server.Eventually(async () => await _server.Api.RejectedAsync("bad_signature") > before, "bad_signature counted");
        Assert.Null(await _server.Api.HostAsync("wrong-key-host"));
        Assert.Null(await _server.Api.ListedStateOfAsync("wrong-key-host"));
    }

    [Fact]
    public async Task Client_without_a_key_is_counted_as_unsigned_and_its_host_never_appears()
    {
        var before = await _server.Api.RejectedAsync("unsigned");
        var config = fixture.ClientConfig(null);

        var run = await Commands.RunClientAsync(fixture.Dir, "--once", "-n", "unsigned-host", "-c", config, "127.0.0.1");

        Assert.True(run.ExitCode == 0, run.ToString());
        await _server.Eventually(async () => await _server.Api.RejectedAsync("unsigned") > before, "unsigned counted");
        Assert.Null(await _server.Api.HostAsync("unsigned-host"));
    }

    [Fact]
    public async Task A_signed_datagram_sent_twice_is_taken_once_and_counted_as_replayed()
    {
        var replayedBefore = await _server.Api.RejectedAsync("replayed");
        var acceptedBefore = await _server.Api.AcceptedAsync();
        var datagram = SignedBeat("replay-host");
        using var udp = new UdpClient();

        await udp.SendAsync(datagram, _server.HeartbeatEndpoint);
        await _server.Eventually(async () => await _server.Api.StateOfAsync("replay-host") == "up", "replay-host up after the first copy");
        await udp.SendAsync(datagram, _server.HeartbeatEndpoint);

        await _server.Eventually(async () => await _server.Api.RejectedAsync("replayed") == replayedBefore + 1,
            "the second copy counted as replayed");
        Assert.Equal(acceptedBefore + 1, await _server.Api.AcceptedAsync());
    }

    [Fact]
    public async Task A_beat_ten_years_ahead_inside_a_run_is_dropped_and_named_and_a_real_agent_still_gets_in()
    {
        var run = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        using var udp = new UdpClient();
        await udp.SendAsync(SignedBeat("skewed-host", run, 1), _server.HeartbeatEndpoint);
        await _server.Eventually(async () => await _server.Api.StateOfAsync("skewed-host") == "up", "skewed-host up");

        await udp.SendAsync(SignedBeat("skewed-host", run, 2, DateTimeOffset.UtcNow.AddYears(10)), _server.HeartbeatEndpoint);
        await _server.Eventually(async () => (await _server.Api.JournalKindsAsync("skewed-host")).Contains("clock_skew"),
            "the stale drop journaled as clock_skew");
        await _server.Eventually(() => Task.FromResult(_server.Output.Contains("skewed-host: heartbeats dropped as stale: sent 3652d", StringComparison.Ordinal)
            || _server.Output.Contains("skewed-host: heartbeats dropped as stale: sent 3653d", StringComparison.Ordinal)), "the drop logged with the skew");

        var client = await Commands.RunClientAsync(fixture.Dir, "--once", "-n", "skewed-host", "-c", fixture.ClientConfig(SignedServerFixture.Key), "127.0.0.1");
        Assert.True(client.ExitCode == 0, client.ToString());
        await _server.Eventually(async () => await _server.Api.HostAsync("skewed-host") is { } host
            && host.GetProperty("run_id").GetString() != run.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), "the real agent's new run taken");
    }

    private static byte[] SignedBeat(string host, ulong? run = null, ulong sequence = 1, DateTimeOffset? sentAt = null)
    {
        var beat = new Heartbeat
        {
            HostName = host,
            RunId = run ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)),
            Sequence = sequence,
            SentAt = sentAt ?? DateTimeOffset.UtcNow,
            Interval = TimeSpan.FromSeconds(10),
            Metrics = [new MetricGroup("cpu", [new Metric("usage", 12.5)])],
        };
        using var signer = new HeartbeatSigner(Encoding.UTF8.GetBytes(SignedServerFixture.Key));
        return new HeartbeatEncoder().Encode(beat, signer).ToArray();
    }
}
