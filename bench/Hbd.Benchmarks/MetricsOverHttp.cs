using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Hbd.Common.Protocol;
using Hbd.Common.Tests.Protocol;
using Hbd.Server;
using Hbd.Server.Config;
using Hbd.Server.Hosts;
using Hbd.Server.Metrics;
using Hbd.Server.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Hbd.Benchmarks;

/// <summary>
/// GET /metrics over loopback HTTP from the real server, in this process, with N typical hosts committed to its SQLite store:
/// <c>dotnet run -c Release --project bench/Hbd.Benchmarks -- metrics-http [HOSTS] [summary|all|none] [SCRAPES] [gzip]</c>.
/// Prints each scrape's time to the first and the last byte, its size on the wire, and what the process allocated for it.
/// </summary>
internal static class MetricsOverHttp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var hosts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var export = args.Length > 1 ? Enum.Parse<MetricsExport>(args[1], ignoreCase: true) : MetricsExport.Summary;
        var scrapes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var gzip = args.Length > 3 && args[3] == "gzip";
        var dataDir = Directory.CreateTempSubdirectory("hbd-metrics-http-").FullName;
        try
        {
            var port = FreeTcpPort();
            var options = ServerOptions.Defaults with
            {
                DataDir = dataDir, HbPort = 0, HbdPort = port, Listen = IPAddress.Loopback, MetricsExport = export,
            };
            await using var app = ServerApp.Build(options, verbose: false);
            await app.StartAsync();
            Fill(app, hosts);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            if (gzip)
                http.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip"); // the body is counted as it comes, compressed
            Console.WriteLine($"{hosts:N0} hosts committed, metrics_export: {MetricsExports.Name(export)}{(gzip ? ", gzip" : "")}; RSS {RssMiB():F0} MiB");
            var buffer = new byte[64 * 1024];
            var totals = new List<double>();
            for (var i = 0; i < scrapes; i++)
            {
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
                var firstByte = clock.Elapsed;
                await using var body = await response.Content.ReadAsStreamAsync();
                long bytes = 0;
                int read;
                while ((read = await body.ReadAsync(buffer)) > 0)
                    bytes += read;
                var total = clock.Elapsed;
                totals.Add(total.TotalMilliseconds);
                var allocatedMiB = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"scrape {i + 1}: {(int)response.StatusCode}, {bytes:N0} bytes, first byte {firstByte.TotalMilliseconds:F0} ms, "
                    + $"last byte {total.TotalMilliseconds:F0} ms, allocated {allocatedMiB:F1} MiB, RSS {RssMiB():F0} MiB"));
            }
            totals.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"last byte: min {totals[0]:F0} ms, median {totals[totals.Count / 2]:F0} ms, max {totals[^1]:F0} ms"));
            await app.StopAsync();
            return 0;
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>Typical beats of <paramref name="hosts"/> hosts into the registry, then one commit of them all.</summary>
    private static void Fill(WebApplication app, int hosts)
    {
        var registry = app.Services.GetRequiredService<HostRegistry>();
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000).Serialize();
        var encoder = new HeartbeatEncoder();
        for (var i = 0; i < hosts; i++)
        {
            var beat = TypicalBeats.Typical() with { HostName = $"web-{i:D6}.example.net", SentAt = DateTimeOffset.UtcNow };
            if (HeartbeatDecoder.TryDecode(encoder.Encode(beat), out var frame) != DecodeStatus.Ok
                || registry.ApplyBeat(frame, source, checkClock: false) != BeatOutcome.Accepted)
                throw new InvalidOperationException("a typical beat was not accepted");
        }
        app.Services.GetRequiredService<StoreWriter>().Flush();
    }

    private static double RssMiB() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;

    private static int FreeTcpPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
