using System.Net.Sockets;
using Hbd.Common.Protocol;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>Malformed, truncated and oversized datagrams are dropped, counted by reason, and harm nothing.</summary>
public sealed class GarbageDatagramTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly Random _random = new(20261125);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Two_thousand_garbage_datagrams_are_counted_by_reason_and_hbd_stays_healthy_and_working()
    {
        using var server = await ServerProcess.StartAsync(_dir);
        var valid = new HeartbeatEncoder().Encode(new Heartbeat
        {
            HostName = "truncated-host",
            RunId = 42,
            Sequence = 1,
            SentAt = DateTimeOffset.UtcNow,
            Interval = TimeSpan.FromSeconds(10),
            Metrics = [new MetricGroup("cpu", [new Metric("usage", 12.5), new Metric("load1", 0.25)])],
            Checks = [new CheckResult("ssh", Hbd.Common.AlertLevel.Ok, "SSH OK")],
        }).ToArray();
        var batches = new (string Reason, byte[][] Datagrams)[]
        {
            ("too_short", Many(300, () => Random(_random.Next(1, WireFormat.HeaderSize + 1)))),
            ("bad_magic", Many(400, () => WithHeader(Random(_random.Next(WireFormat.HeaderSize + 1, 1200)), (byte)_random.Next(0, 'H')))),
            ("unsupported_version", Many(300, () => WithHeader(Random(_random.Next(8, 1200)),
                WireFormat.Magic0, WireFormat.Magic1, (byte)_random.Next(WireFormat.Version + 1, 256)))),
            ("unsupported_flags", Many(300, () => WithHeader(Random(_random.Next(8, 1200)),
                WireFormat.Magic0, WireFormat.Magic1, WireFormat.Version, 0x80))),
            ("malformed", [
                .. Many(400, () => valid[.._random.Next(WireFormat.HeaderSize + 2, valid.Length)]),
                .. Many(280, () => WithHeader(Random(_random.Next(8, 1200)), WireFormat.Magic0, WireFormat.Magic1, WireFormat.Version, 0)),
            ]),
            ("too_large", Many(20, () => Random(_random.Next(WireFormat.MaxDatagramSize + 1, 65_000)))),
        };
        var total = batches.Sum(b => b.Datagrams.Length);
        Assert.Equal(2000, total);

        using var udp = new UdpClient();
        var sent = 0L;
        foreach (var (_, datagrams) in batches)
        {
            var unconfirmedBytes = 0;
            foreach (var datagram in datagrams)
            {
                await udp.SendAsync(datagram, server.HeartbeatEndpoint);
                sent++;
                unconfirmedBytes += datagram.Length + 1024;
                // Loopback drops what overflows the receive buffer: let hbd catch up every ~100 KB.
                if (unconfirmedBytes > 100_000)
                {
                    await WaitCounted(server, sent);
                    unconfirmedBytes = 0;
                }
            }
            await WaitCounted(server, sent);
        }

        var status = await server.Api.StatusAsync();
        var rejected = status.GetProperty("datagrams").GetProperty("rejected");
        foreach (var (reason, datagrams) in batches)
            Assert.True(rejected.GetProperty(reason).GetInt64() == datagrams.Length, $"{reason}: expected {datagrams.Length}; {status}");
        Assert.Equal(total, status.GetProperty("datagrams").GetProperty("rejected_total").GetInt64());
        Assert.Equal(0, status.GetProperty("datagrams").GetProperty("accepted").GetInt64());
        Assert.Empty(await server.Api.HostsAsync());
        Assert.True(await server.Api.IsHealthyAsync(), await server.DiagnosticsAsync());

        var run = await Commands.RunClientAsync(_dir, "--once", "-n", "after-garbage", server.Address);
        Assert.True(run.ExitCode == 0, run.ToString());
        await server.Eventually(async () => await server.Api.StateOfAsync("after-garbage") == "up", "a real beat taken after the garbage");
    }

    private static async Task WaitCounted(ServerProcess server, long count)
    {
        var deadline = DateTime.UtcNow + Poll.DefaultTimeout;
        while (true)
        {
            var status = await server.Api.StatusAsync();
            var counted = status.GetProperty("datagrams").GetProperty("rejected_total").GetInt64()
                + status.GetProperty("datagrams").GetProperty("accepted").GetInt64();
            if (counted >= count)
                return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"hbd counted {counted} of {count} datagrams sent\n{await server.DiagnosticsAsync()}");
            await Task.Delay(10);
        }
    }

    private static byte[][] Many(int count, Func<byte[]> make) => Enumerable.Range(0, count).Select(_ => make()).ToArray();

    private byte[] Random(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] WithHeader(byte[] datagram, params byte[] header)
    {
        header.CopyTo(datagram, 0);
        return datagram;
    }
}
