using System.Diagnostics;
using System.Globalization;
using System.Net;
using Hbd.Server.Commits;
using Hbd.Server.Dns;
using Hbd.Server.Hosts;
using Hbd.Server.Journal;
using Hbd.Server.Store;
using Hbd.Server.Tests.Dns;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hbd.Benchmarks;

/// <summary>
/// <c>dns-burst [HOSTS] [INFLIGHT]</c>: HOSTS dyndns hosts (1,000) change address in one committed batch; how long until
/// every record is right in a real BIND 9 on loopback (docs/benchmarks.md, dynamic DNS). Two rounds: records that do not
/// exist yet (each checked with a query, then updated), then all of them moving again (updates only). Each round ends
/// when every host's update was answered NOERROR, and is then verified by querying every name.
/// </summary>
internal static class DnsBurst
{
    public static async Task<int> RunAsync(string[] args)
    {
        var hosts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000;
        var inflight = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : DnsOptions.DefaultMaxInflight;
        await using var bind = await BindServer.StartNewAsync();
        var names = Enumerable.Range(0, hosts).Select(i => $"h{i:D5}").ToArray();
        var options = bind.Options(names) with { MaxInflight = inflight };
        var feed = new CommitFeed(new CommittedHosts());
        var states = new DnsStates(options);
        using var updater = new DnsUpdater(options, states, feed, new NoJournal(), TimeProvider.System, NullLogger<DnsUpdater>.Instance);
        await updater.StartAsync(CancellationToken.None);
        Console.WriteLine($"{hosts} dyndns hosts, dns_max_inflight {inflight}, BIND {Version()} on 127.0.0.1:{bind.Port}");
        try
        {
            for (var round = 1; round <= 2; round++)
            {
                var addresses = names.Select((_, i) => Address(round, i)).ToArray();
                var watch = Stopwatch.StartNew();
                feed.Publish(DateTimeOffset.UtcNow, [.. names.Select((n, i) => Snapshot(n, addresses[i]))], [], []);
                var report = TimeSpan.FromSeconds(5);
                int right;
                while ((right = Enumerable.Range(0, hosts).Count(i => states.View(names[i]) is { Synced: true } view && view.Address == addresses[i])) < hosts)
                {
                    if (watch.Elapsed > report)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {watch.Elapsed.TotalSeconds:F0} s: {right} right, updates ok {states.Updated}, failed {states.Failed}"));
                        report += TimeSpan.FromSeconds(5);
                    }
                    if (watch.Elapsed > TimeSpan.FromMinutes(2))
                        throw new TimeoutException($"round {round}: {right} of {hosts} right after 2 minutes");
                    await Task.Delay(5);
                }
                var done = watch.Elapsed;
                var client = new DnsServerClient(options, IPAddress.Loopback);
                var wrong = 0;
                for (var i = 0; i < hosts; i++)
                {
                    var held = await client.QueryAsync(options.Hosts[names[i]], CancellationToken.None);
                    if (held is not [var only] || only.ToString() != addresses[i])
                        wrong++;
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} ({(round == 1 ? "new records: query + update" : "all move: update")}): all {hosts} answered NOERROR in {done.TotalSeconds:F2} s; verified by query: {hosts - wrong} right, {wrong} wrong; updates failed: {states.Failed}"));
            }
        }
        finally
        {
            await updater.StopAsync(CancellationToken.None);
        }
        Console.WriteLine($"named approved {bind.UpdatesApproved} updates");
        return 0;
    }

    private static string Address(int round, int i) => $"10.{round}.{i / 256}.{i % 256}";

    private static HostSnapshot Snapshot(string host, string address) =>
        new(new PersistedHost { Name = host, Address = address, State = "up" }, HostState.Up);

    private static string Version()
    {
        using var named = Process.Start(new ProcessStartInfo("/usr/sbin/named", "-v") { RedirectStandardOutput = true })!;
        var version = named.StandardOutput.ReadToEnd().Trim();
        named.WaitForExit();
        return version;
    }

    private sealed class NoJournal : IJournalAppender
    {
        public void Append(JournalEntry entry)
        {
        }

        public void AppendUnrouted(JournalEntry entry)
        {
        }
    }
}
