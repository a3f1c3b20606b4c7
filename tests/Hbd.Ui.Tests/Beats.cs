using Hbd.Common.Protocol;
using Hbd.Server.Hosts;
using Hbd.Server.Tests.Api;
using Hbd.Server.Tests.Hosts;

namespace Hbd.Ui.Tests;

/// <summary>Heartbeats into the in-process server's registry, as its receive loop would apply them.</summary>
internal static class Beats
{
    /// <summary>
    /// A beat from <paramref name="host"/> now, with cpu use and, when given, the OS name of its inventory (or a whole
    /// <paramref name="inventory"/>), <paramref name="checks"/> and further metric <paramref name="groups"/>.
    /// </summary>
    public static void Send(ApiServer server, string host, ulong sequence = 1, double cpu = 12.5, string? os = null,
        IReadOnlyList<CheckResult>? checks = null, IReadOnlyList<MetricGroup>? groups = null,
        IReadOnlyDictionary<string, object?>? inventory = null)
    {
        var beat = new Heartbeat
        {
            HostName = host,
            RunId = 1,
            Sequence = sequence,
            SentAt = DateTimeOffset.UtcNow,
            Interval = TimeSpan.FromSeconds(10),
            Metrics = [new("cpu", [new("usage", cpu)]), .. groups ?? []],
            Checks = checks ?? [],
            Inventory = inventory ?? (os is null ? null : new Dictionary<string, object?> { ["os"] = new Dictionary<string, object?> { ["pretty_name"] = os } }),
        };
        Assert.Equal(BeatOutcome.Accepted, server.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(beat)),
            RegistryFixture.Source(), checkClock: false));
    }
}
