using System.IO.Pipelines;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using Hbd.Common.Protocol;
using Hbd.Common.Tests.Protocol;
using Hbd.Server.Api;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Hbd.Benchmarks;

/// <summary>
/// GET /api/hosts with 200,000 typical hosts: one page (picked with a bounded heap from the read model, whose views were
/// made at commit, streamed) against the list as it was before paging (a view of every host, sorted, serialised whole).
/// </summary>
[MemoryDiagnoser]
public class HostListBenchmarks
{
    private const int Hosts = 200_000;

    private readonly HostRegistry _registry = new(new ChangeFeed(), TimeProvider.System, MonitorSettings.Defaults);
    private readonly CommittedHosts _hosts = new();
    private HostListQuery _first = null!;
    private HostListQuery _largest = null!;
    private HostListQuery _middle = null!;
    private HostListQuery _noMatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000).Serialize();
        var encoder = new HeartbeatEncoder();
        var inventory = TypicalBeats.WithInventory().Inventory;
        // Inserted in a scrambled order, as hosts arrive; the registry's own order is its hash order anyway.
        for (var i = 0; i < Hosts; i++)
        {
            var n = (int)((i * 7_919L) % Hosts);
            var beat = TypicalBeats.Typical() with { HostName = $"web-{n:D6}.example.net", Inventory = inventory };
            if (HeartbeatDecoder.TryDecode(encoder.Encode(beat), out var frame) != DecodeStatus.Ok
                || _registry.ApplyBeat(frame, source, checkClock: false) != BeatOutcome.Accepted)
                throw new InvalidOperationException("a typical beat was not accepted");
        }
        _hosts.Load(_registry.All.Select(HostSnapshots.Snapshot));
        _first = Query("");
        _largest = Query("?limit=1000");
        _middle = Query("?cursor=" + HostCursor.Encode("web-100000.example.net"));
        _noMatch = Query("?q=nowhere");
        Console.WriteLine($"// {_registry.Count} hosts; old full list: {OldFullList()} bytes; first page: {FirstPage()} bytes");
    }

    [Benchmark(Baseline = true)]
    public long OldFullList()
    {
        // As it was: a view of every host (decoding each body and inventory), sorted, serialised whole.
        var model = new CommittedHosts();
        model.Load(_registry.All.Select(HostSnapshots.Snapshot));
        IReadOnlyList<HostSummaryView> hosts = model.All.Select(HostViews.Summary).OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var counter = new CountingStream();
        JsonSerializer.Serialize(counter, hosts, OldListJson.Default.IReadOnlyListHostSummaryView);
        return counter.Length;
    }

    [Benchmark]
    public long FirstPage() => Page(_first);

    [Benchmark]
    public long PageOf1000() => Page(_largest);

    [Benchmark]
    public long PageFromTheMiddle() => Page(_middle);

    /// <summary>The worst filter: q= tested against every host's name, address and OS (decoded once, in the first run).</summary>
    [Benchmark]
    public long TextMatchingNoHost() => Page(_noMatch);

    private long Page(HostListQuery query)
    {
        var counter = new CountingStream();
        var output = PipeWriter.Create(counter);
        HostPageResult.WriteAsync(output, HostPageSelector.Select(_hosts.All, query), CancellationToken.None).GetAwaiter().GetResult();
        output.Complete();
        return counter.Length;
    }

    private static HostListQuery Query(string text) =>
        HostListQuery.TryParse(new QueryCollection(QueryHelpers.ParseQuery(text)), out var query, out var error)
            ? query
            : throw new InvalidOperationException(error);
}

/// <summary>The list type the API serialised before it was paged.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IReadOnlyList<HostSummaryView>))]
internal sealed partial class OldListJson : JsonSerializerContext;
