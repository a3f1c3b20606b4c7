using System.Net;
using System.Text;
using Hbd.Common.Protocol;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Tests.Hosts;

namespace Hbd.Server.Tests.Ingest;

/// <summary>What unverified peers may create per minute, through the whole datagram pipeline.</summary>
public sealed class UnverifiedQuotaTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("shared secret");

    private readonly RegistryFixture _f = new(new MonitorSettings { MaxNewHostsPerMinute = 20, MaxMessagesPerMinute = 10 });
    private readonly IngestCounters _counters = new();
    private readonly DatagramPipeline _pipeline;

    public UnverifiedQuotaTests() => _pipeline = new DatagramPipeline(_f.Registry, _counters, new RecentMessages(), _f.Time);

    [Fact]
    public void One_address_gets_a_tenth_of_the_new_hosts_per_minute()
    {
        for (var i = 0; i < 50; i++)
            Beat($"invented-{i}", Source("198.51.100.7", 1000 + i));

        Assert.Equal(2, _f.Registry.Count);
        Assert.Equal(48, _counters.Rejected(RejectReason.NewHostRate));
    }

    [Fact]
    public void All_addresses_together_get_the_new_hosts_per_minute()
    {
        for (var i = 0; i < 200; i++)
            Beat($"invented-{i}", Source($"198.51.100.{i}"));

        Assert.Equal(20, _f.Registry.Count);
        Assert.Equal(180, _counters.Rejected(RejectReason.NewHostRate));
        Assert.Equal(20, _counters.Accepted);
    }

    [Fact]
    public void The_budget_comes_back_after_a_minute()
    {
        for (var i = 0; i < 30; i++)
            Beat($"a-{i}", Source($"198.51.100.{i}"));
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 30; i++)
            Beat($"b-{i}", Source($"198.51.100.{i}"));

        Assert.Equal(40, _f.Registry.Count);
    }

    [Fact]
    public void Known_hosts_keep_beating_when_the_budget_is_spent()
    {
        Beat("real", Source("192.0.2.1"));
        for (var i = 0; i < 100; i++)
            Beat($"invented-{i}", Source($"198.51.100.{i}"));

        for (ulong seq = 1; seq <= 10; seq++)
            Beat("real", Source("192.0.2.1"), seq);

        Assert.Equal(10UL, _f.Entry("real").Replay.HighestSequence);
        Assert.Equal(20 + 10, _counters.Accepted);
    }

    [Fact]
    public void Verified_hosts_are_not_capped()
    {
        _pipeline.UseKeys(new SigningKeys(Key, new Dictionary<string, byte[]>(), requireSigned: true));
        for (var i = 0; i < 5_000; i++)
            _pipeline.Process(RegistryFixture.Datagram(_f.NewBeat($"agent-{i}"), Key), Source("192.0.2.1"));

        Assert.Equal(5_000, _f.Registry.Count);
        Assert.Equal(0, _counters.TotalRejected);
    }

    [Fact]
    public void Zero_lets_unverified_peers_create_no_host()
    {
        var f = new RegistryFixture(new MonitorSettings { MaxNewHostsPerMinute = 0 });
        var counters = new IngestCounters();
        new DatagramPipeline(f.Registry, counters, new RecentMessages(), f.Time).Process(RegistryFixture.Datagram(f.NewBeat("web1")), Source("192.0.2.1"));

        Assert.Equal(0, f.Registry.Count);
        Assert.Equal(1, counters.Rejected(RejectReason.NewHostRate));
    }

    [Fact]
    public void Unverified_messages_are_capped_per_address_and_in_total()
    {
        for (var i = 0; i < 5; i++)
            Message("web1", (ulong)i, Source("198.51.100.1"));
        for (var i = 0; i < 100; i++)
            Message($"h{i}", 1, Source($"198.51.100.{i + 2}"));

        var messages = _f.Changes().OfType<HostMessage>().ToList();
        Assert.Equal(10, messages.Count);
        Assert.Equal(1 + 94, _counters.Rejected(RejectReason.MessageRate)); // one address: 1 of 5; then the total of 10 is spent
        Assert.Equal(10, _counters.Messages);
    }

    [Fact]
    public void Verified_messages_are_not_capped()
    {
        _pipeline.UseKeys(new SigningKeys(Key, new Dictionary<string, byte[]>(), requireSigned: true));
        for (ulong i = 0; i < 100; i++)
            _pipeline.Process(RegistryFixture.Datagram(MessageBeat("web1", i), Key), Source("192.0.2.1"));

        Assert.Equal(100, _counters.Messages);
    }

    [Fact]
    public void Ipv6_addresses_are_told_apart_and_the_port_is_not()
    {
        Assert.NotEqual(PerMinuteBudget.AddressKey(Source("2001:db8::1")), PerMinuteBudget.AddressKey(Source("2001:db8::2")));
        Assert.NotEqual(PerMinuteBudget.AddressKey(Source("192.0.2.1")), PerMinuteBudget.AddressKey(Source("192.0.2.2")));
        Assert.Equal(PerMinuteBudget.AddressKey(Source("192.0.2.1", 1)), PerMinuteBudget.AddressKey(Source("192.0.2.1", 2)));
        Assert.Equal(PerMinuteBudget.AddressKey(Source("2001:db8::1", 1)), PerMinuteBudget.AddressKey(Source("2001:db8::1", 2)));
    }

    private static SocketAddress Source(string ip, int port = 40000) => RegistryFixture.Source(ip, port);

    private void Beat(string host, SocketAddress source, ulong seq = 0) =>
        _pipeline.Process(RegistryFixture.Datagram(_f.NewBeat(host, seq: seq)), source);

    private void Message(string host, ulong seq, SocketAddress source) =>
        _pipeline.Process(RegistryFixture.Datagram(MessageBeat(host, seq)), source);

    private Heartbeat MessageBeat(string host, ulong seq) => new()
    {
        HostName = host,
        RunId = 99,
        Sequence = seq,
        SentAt = _f.Time.GetUtcNow(),
        Message = "hello",
        IsMessageOnly = true,
    };
}
