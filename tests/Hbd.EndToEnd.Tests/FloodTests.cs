using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Hbd.Common.Protocol;
using Hbd.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hbd.EndToEnd.Tests;

/// <summary>
/// A peer in unsigned mode floods hbd with invented hosts and messages. What it can make hbd keep is bounded by
/// max_new_hosts_per_minute and max_messages_per_minute (docs/configuration.md), and real agents are not disturbed.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class FloodTests(ITestOutputHelper output) : IDisposable
{
    private const int InventedHosts = 200_000;
    private const int Messages = 100_000;
    private static readonly TimeSpan FloodTime = TimeSpan.FromSeconds(8);

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_flood_of_invented_hosts_and_messages_stays_within_the_caps_and_real_agents_never_miss()
    {
        using var server = await ServerProcess.StartAsync(_dir);
        using var agent = ClientProcess.Start(_dir, "-i", "2", "-n", "real-agent", server.Address);
        await server.Eventually(async () => await server.Api.StateOfAsync("real-agent") == "up", "the real agent is up");
        var rssBefore = RssMegabytes(server.Pid);
        var linesBefore = LineCount(server.Output);

        var datagrams = Flood();
        var watch = Stopwatch.StartNew();
        var sending = Task.Run(() => Send(datagrams, server.HeartbeatEndpoint));
        var statesSeen = new HashSet<string>();
        while (!sending.IsCompleted)
        {
            statesSeen.Add(await server.Api.StateOfAsync("real-agent") ?? "absent");
            await Task.Delay(200);
        }
        await sending;
        var sendSeconds = watch.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(3)); // one more beat of the agent, and a flush of what was taken

        var status = await server.Api.StatusAsync();
        var datagramCounts = status.GetProperty("datagrams");
        var rejected = datagramCounts.GetProperty("rejected");
        long Rejected(string reason) => rejected.GetProperty(reason).GetInt64();
        var hosts = status.GetProperty("hosts").GetProperty("total").GetInt32();
        var journaledMessages = datagramCounts.GetProperty("messages").GetInt64();
        var counted = datagramCounts.GetProperty("accepted").GetInt64() + journaledMessages + datagramCounts.GetProperty("rejected_total").GetInt64();
        var rssAfter = RssMegabytes(server.Pid);
        var dbMegabytes = Directory.GetFiles(_dir.DataDir, "hbd.db*").Sum(f => new FileInfo(f).Length) / 1048576.0;
        var floodLines = LineCount(server.Output) - linesBefore;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sent {datagrams.Count} in {sendSeconds:F1} s; counted {counted}; hosts {hosts}; messages {journaledMessages}; "
            + $"new_host_rate {Rejected("new_host_rate")}; message_rate {Rejected("message_rate")}; RSS {rssBefore:F0} -> {rssAfter:F0} MB; "
            + $"db {dbMegabytes:F2} MB; log lines {floodLines}"));

        var diagnostics = await server.DiagnosticsAsync();
        // Loopback drops what overflows hbd's receive buffer; nearly all of it must have been counted.
        Assert.True(counted >= datagrams.Count * 0.95, $"counted {counted} of {datagrams.Count}\n{diagnostics}");
        // Within one or two one-minute windows of the budget, and the real agent.
        Assert.InRange(hosts - 1, 1, 2 * 1000);
        Assert.InRange(journaledMessages, 1, 2 * 600);
        Assert.True(Rejected("new_host_rate") >= InventedHosts * 0.95 - 2000, diagnostics);
        Assert.True(Rejected("message_rate") >= Messages * 0.95 - 1200, diagnostics);
        Assert.True(rssAfter - rssBefore < 150, $"RSS grew from {rssBefore:F0} to {rssAfter:F0} MB");
        Assert.True(dbMegabytes < 16, $"the database grew to {dbMegabytes:F1} MB");
        Assert.True(floodLines < 400, $"{floodLines} log lines during the flood\n{diagnostics}");

        Assert.Equal(["up"], statesSeen);
        var kinds = await server.Api.JournalKindsAsync("real-agent");
        Assert.DoesNotContain("host_late", kinds);
        Assert.DoesNotContain("host_down", kinds);
        Assert.Equal("up", await server.Api.StateOfAsync("real-agent"));
    }

    /// <summary>Every invented beat and message, encoded before the clock starts, alternating so both run through the flood.</summary>
    private static List<byte[]> Flood()
    {
        var encoder = new HeartbeatEncoder();
        var now = DateTimeOffset.UtcNow;
        var datagrams = new List<byte[]>(InventedHosts + Messages);
        for (var i = 0; i < InventedHosts; i++)
        {
            datagrams.Add(encoder.Encode(new Heartbeat
            {
                HostName = $"invented-{i}", RunId = (ulong)i + 1, Sequence = 0, SentAt = now, Interval = TimeSpan.FromSeconds(10),
            }).ToArray());
            if (i % 2 == 0)
            {
                datagrams.Add(encoder.Encode(new Heartbeat
                {
                    HostName = $"talker-{i}", RunId = (ulong)i + 1, Sequence = 1, SentAt = now, Message = $"flood message {i}", IsMessageOnly = true,
                }).ToArray());
            }
        }
        return datagrams;
    }

    /// <summary>Sends from eight loopback addresses, paced evenly over <see cref="FloodTime"/>.</summary>
    private static void Send(List<byte[]> datagrams, IPEndPoint target)
    {
        var sockets = Enumerable.Range(2, 8).Select(last =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Parse($"127.0.0.{last}"), 0));
            return socket;
        }).ToArray();
        try
        {
            const int Slice = 500;
            var clock = Stopwatch.StartNew();
            var slices = (datagrams.Count + Slice - 1) / Slice;
            for (var s = 0; s < slices; s++)
            {
                for (var i = s * Slice; i < Math.Min(datagrams.Count, (s + 1) * Slice); i++)
                    sockets[i % sockets.Length].SendTo(datagrams[i], target);
                var due = FloodTime * (s + 1) / slices;
                if (due > clock.Elapsed)
                    Thread.Sleep(due - clock.Elapsed);
            }
        }
        finally
        {
            foreach (var socket in sockets)
                socket.Dispose();
        }
    }

    private static double RssMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static int LineCount(string text) => text.Count(c => c == '\n');
}
