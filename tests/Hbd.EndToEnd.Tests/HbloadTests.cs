using System.Globalization;
using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hbd.EndToEnd.Tests;

/// <summary>
/// hbload, the ingest benchmark's sender (bench/Hbd.Load), against a real hbd with a key: every beat it says it sent
/// is accepted, so the benchmark's "accepted" share measures hbd and not the sender's beats; --down silences exactly
/// the hosts it names.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class HbloadTests(ITestOutputHelper output) : IDisposable
{
    private const string Key = "load-key";
    private const int Hosts = 1000;

    /// <summary>hbload's first sequence number (2^32, so that it keeps one width); round r carries it + r.</summary>
    private const ulong FirstSequence = 1UL << 32;

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>By default with UDP segmentation offload; --pool signs every beat before the clock starts.</summary>
    [Theory]
    [InlineData]
    [InlineData("--pool")]
    [InlineData("--no-offload")]
    public async Task Every_beat_sent_is_accepted_and_the_down_hosts_stop_after_their_first(params string[] extra)
    {
        using var server = await ServerProcess.StartAsync(_dir, $"key: {Key}\nhistory_days: 0\n");

        // 1,000 hosts at 2,000/s for 1.5 s: three rounds, the down tenth beating in the first only. At this rate
        // hbd's 8 MiB receive buffer holds seconds of beats, so loopback drops nothing even on a busy machine and
        // every datagram sent must be accepted.
        string[] args = ["--server", server.Address, "--hosts", $"{Hosts}", "--rate", "2000", "--seconds", "1.5", "--key", Key, "--down", "10"];
        var run = await ProgramRun.RunAsync(Programs.Hbload, [.. args, .. extra], _dir.Home);
        output.WriteLine(run.ToString());
        Assert.Equal(0, run.ExitCode);

        var report = LastLineJson(run.Stdout);
        Assert.Equal(["sent", "seconds", "rate"], report.EnumerateObject().Take(3).Select(p => p.Name));
        var sent = report.GetProperty("sent").GetInt64();
        var seconds = report.GetProperty("seconds").GetDouble();
        // seconds is rounded to the millisecond, rate computed before rounding.
        Assert.InRange(report.GetProperty("rate").GetDouble(), sent / seconds * 0.999, sent / seconds * 1.001);
        Assert.Equal(100, report.GetProperty("down_hosts").GetInt32());
        Assert.True(DateTime.TryParse(report.GetProperty("down_at").GetString(), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal, out _));
        // At least two rounds, or a live host could not be told from a down one.
        Assert.True(report.GetProperty("rounds").GetDouble() >= 2, run.ToString());
        Assert.InRange(sent, Hosts + (Hosts - 100), 3 * Hosts);

        await server.Eventually(async () => await server.Api.AcceptedAsync() >= sent, $"hbd accepted all {sent} beats");
        var status = await server.Api.StatusAsync();
        Assert.Equal(sent, status.GetProperty("datagrams").GetProperty("accepted").GetInt64());
        Assert.Equal(0, status.GetProperty("datagrams").GetProperty("rejected_total").GetInt64());

        var hosts = await server.Api.HostsAsync();
        Assert.Equal(Hosts, hosts.Count);
        var silent = new List<string>();
        foreach (var host in hosts)
        {
            var name = host.GetProperty("name").GetString()!;
            var detail = await server.Api.HostAsync(name) ?? throw new InvalidOperationException($"{name} vanished");
            if (detail.GetProperty("sequence").GetUInt64() == FirstSequence)
                silent.Add(name);
        }
        // Every 10th host, load-000010 … load-001000, sent its first beat only.
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"load-{i * 10:D6}"), silent.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("--hosts", "1", "--rate", "10", "--seconds", "1")]
    [InlineData("--server", "127.0.0.1", "--hosts", "1", "--rate", "10", "--seconds", "1")]
    [InlineData("--server", "127.0.0.1:9", "--hosts", "0", "--rate", "10", "--seconds", "1")]
    [InlineData("--server", "127.0.0.1:9", "--hosts", "1", "--rate", "fast", "--seconds", "1")]
    [InlineData("--server", "127.0.0.1:9", "--hosts", "1", "--rate", "10", "--seconds", "1", "--down", "101")]
    [InlineData("--server", "127.0.0.1:9", "--hosts", "1", "--rate", "10", "--seconds", "1", "--threads", "2")]
    [InlineData("--server", "127.0.0.1:9", "--hosts", "1", "--rate", "10", "--seconds", "1", "--bogus")]
    public async Task A_bad_option_exits_2_with_a_message_and_sends_nothing(params string[] args)
    {
        var run = await ProgramRun.RunAsync(Programs.Hbload, args, _dir.Home);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("hbload: ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    private static JsonElement LastLineJson(string stdout)
    {
        var last = stdout.TrimEnd('\n').Split('\n')[^1];
        using var document = JsonDocument.Parse(last);
        return document.RootElement.Clone();
    }
}
