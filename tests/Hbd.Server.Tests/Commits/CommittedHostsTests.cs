using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Store;
using Hbd.Server.Tests.Hosts;

namespace Hbd.Server.Tests.Commits;

/// <summary>The read model keeps one record per host and updates it in place.</summary>
public sealed class CommittedHostsTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_commit_updates_the_hosts_record_in_place()
    {
        var model = new CommittedHosts();
        var first = Assert.Single(model.Apply(1, [Snapshot("web1", HostState.Up, T, Body(10))], []));

        var second = Assert.Single(model.Apply(2, [Snapshot("web1", HostState.Late, T.AddSeconds(5), Body(20))], []));

        Assert.Same(first, second);
        Assert.Equal((HostState.Late, T.AddSeconds(5), 20.0), (first.State, first.LastSeen, first.Load.CpuShown));
        Assert.True(model.TryGet("web1", out var record));
        Assert.Same(first, record);
        Assert.Equal(1, model.Count);
    }

    [Fact]
    public void A_change_of_state_alone_keeps_the_load_and_body()
    {
        var model = new CommittedHosts();
        var record = Assert.Single(model.Apply(1, [Snapshot("web1", HostState.Up, T, Body(10))], []));

        model.Apply(2, [new HostSnapshot(new PersistedHost { Name = "web1", State = "late", LastSeen = T }, HostState.Late)], []);

        Assert.Equal((HostState.Late, 10.0), (record.State, record.Load.CpuShown));
        Assert.Equal(10.0, Assert.Single(record.Metrics.ToArray(), m => m.Group == "cpu").Value);
    }

    [Fact]
    public void A_host_removed_and_heard_again_is_a_new_record_and_the_old_one_stays_as_it_was()
    {
        var model = new CommittedHosts();
        var old = Assert.Single(model.Apply(1, [Snapshot("web1", HostState.Up, T, Body(10))], []));

        var again = Assert.Single(model.Apply(2, [Snapshot("web1", HostState.Up, T.AddMinutes(1), Body(30))], ["web1"]));

        Assert.NotSame(old, again);
        Assert.Equal((T, 10.0), (old.LastSeen, old.Load.CpuShown));
        Assert.Equal((T.AddMinutes(1), 30.0), (again.LastSeen, again.Load.CpuShown));
    }

    [Fact]
    public void Metrics_decoded_for_one_commit_are_not_served_for_the_next()
    {
        var model = new CommittedHosts();
        var record = Assert.Single(model.Apply(1, [Snapshot("web1", HostState.Up, T, Body(10))], []));
        Assert.Equal(10.0, Assert.Single(record.Metrics.ToArray(), m => m.Group == "cpu").Value);

        model.Apply(2, [Snapshot("web1", HostState.Up, T.AddSeconds(10), Body(42))], []);

        Assert.Equal(42.0, Assert.Single(record.Metrics.ToArray(), m => m.Group == "cpu").Value);
    }

    [Fact]
    public void A_new_class_reaches_the_record_in_place()
    {
        var classes = new Dictionary<string, string> { ["web1"] = "web" };
        var model = new CommittedHosts(name => classes.GetValueOrDefault(name));
        var record = Assert.Single(model.Apply(1, [Snapshot("web1", HostState.Up, T, Body(10))], []));
        Assert.Equal("web", record.Class);

        classes["web1"] = "front";
        model.Reclassify();

        Assert.Equal("front", record.Class);
        Assert.Equal((HostState.Up, 10.0), (record.State, record.Load.CpuShown));
    }

    private static HostSnapshot Snapshot(string name, HostState state, DateTimeOffset lastSeen, byte[] body) =>
        new(new PersistedHost { Name = name, State = HostStates.Name(state), LastSeen = lastSeen, Body = body, Load = HostLoad.Read(body) }, state);

    private static byte[] Body(double cpu) => RegistryFixture.Frame(RegistryFixture.Datagram(new Heartbeat
    {
        HostName = "web1",
        RunId = 1,
        Sequence = 1,
        SentAt = T,
        Interval = TimeSpan.FromSeconds(10),
        Level = AlertLevel.Ok,
        Metrics = [new MetricGroup("cpu", [new Metric("usage", cpu)])],
    })).Body.ToArray();
}
