using System.Net;
using System.Text;
using Hbd.Common.Protocol;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Tests.Hosts;

namespace Hbd.Server.Tests.Ingest;

public sealed class DatagramPipelineTests
{
    private static readonly byte[] SharedKey = Encoding.UTF8.GetBytes("shared secret");
    private static readonly byte[] HostKey = Encoding.UTF8.GetBytes("web1's own secret");
    private static readonly byte[] WrongKey = Encoding.UTF8.GetBytes("not the secret");

    private readonly RegistryFixture _f;
    private readonly IngestCounters _counters = new();
    private readonly DatagramPipeline _pipeline;

    public DatagramPipelineTests()
    {
        _f = new RegistryFixture(new MonitorSettings { MaxHosts = 3 });
        _pipeline = new DatagramPipeline(_f.Registry, _counters, new RecentMessages(), _f.Time);
    }

    public static TheoryData<string, byte[], RejectReason> Garbage => new()
    {
        { "empty", [], RejectReason.TooShort },
        { "header only", [(byte)'H', (byte)'B', 1, 0], RejectReason.TooShort },
        {
            "signed, shorter than a tag", [(byte)'H', (byte)'B', 1, WireFormat.FlagSigned, .. new byte[WireFormat.TagSize]],
            RejectReason.TooShort
        },
        { "over 16 KiB", [(byte)'H', (byte)'B', 1, 0, .. new byte[WireFormat.MaxDatagramSize]], RejectReason.TooLarge },
        { "bad magic", [.. "GET / HTTP/1.0\r\n\r\n"u8], RejectReason.BadMagic },
        { "version 2", [(byte)'H', (byte)'B', 2, 0, 0x80], RejectReason.UnsupportedVersion },
        { "encrypted flag", [(byte)'H', (byte)'B', 1, WireFormat.FlagEncrypted, 0x80], RejectReason.UnsupportedFlags },
        { "unknown flag", [(byte)'H', (byte)'B', 1, 0x80, 0x80], RejectReason.UnsupportedFlags },
        { "empty map", [(byte)'H', (byte)'B', 1, 0, 0x80], RejectReason.Malformed },
        { "not a map", [(byte)'H', (byte)'B', 1, 0, 0xC1, 0x00], RejectReason.Malformed },
        { "truncated map", [(byte)'H', (byte)'B', 1, 0, 0x84, 0x00, 0xA4, (byte)'w'], RejectReason.Malformed },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_is_counted_by_reason(string what, byte[] datagram, RejectReason reason)
    {
        _pipeline.Process(datagram, RegistryFixture.Source());

        Assert.True(_counters.Rejected(reason) == 1, $"{what}: expected one {RejectReasons.Name(reason)}");
        Assert.Equal(1, _counters.TotalRejected);
        Assert.Equal(0, _counters.Accepted);
        Assert.Equal(0, _f.Registry.Count);
        Assert.Empty(_f.Changes());
    }

    [Fact]
    public void Unsigned_beat_is_accepted_without_keys()
    {
        Process(Beat("web1"));

        Assert.Equal(1, _counters.Accepted);
        Assert.Equal(0, _counters.TotalRejected);
        Assert.Equal(HostState.Up, _f.StateOf("web1"));
    }

    [Fact]
    public void Unsigned_beat_is_dropped_when_signing_is_required()
    {
        _pipeline.UseKeys(Keys(requireSigned: true));
        Process(Beat("web1"));

        Assert.Equal(1, _counters.Rejected(RejectReason.Unsigned));
        Assert.Equal(0, _counters.Accepted);
        Assert.False(_f.Registry.TryGet("web1", out _));
    }

    [Fact]
    public void Beat_signed_with_the_wrong_key_is_a_bad_signature()
    {
        _pipeline.UseKeys(Keys(requireSigned: true));
        Process(Beat("web1"), WrongKey);

        Assert.Equal(1, _counters.Rejected(RejectReason.BadSignature));
        Assert.False(_f.Registry.TryGet("web1", out _));
    }

    [Fact]
    public void Beat_with_a_tampered_body_is_a_bad_signature()
    {
        _pipeline.UseKeys(Keys(requireSigned: true));
        var datagram = RegistryFixture.Datagram(Beat("web1"), SharedKey);
        datagram[^(WireFormat.TagSize + 1)] ^= 0x01; // the last body byte: the level

        _pipeline.Process(datagram, RegistryFixture.Source());

        Assert.Equal(1, _counters.Rejected(RejectReason.BadSignature));
    }

    [Fact]
    public void Beat_signed_with_the_shared_key_is_accepted()
    {
        _pipeline.UseKeys(Keys(requireSigned: true));
        Process(Beat("web1"), SharedKey);

        Assert.Equal(1, _counters.Accepted);
        Assert.Equal(0, _counters.TotalRejected);
        Assert.Equal(HostState.Up, _f.StateOf("web1"));
    }

    [Fact]
    public void Per_host_key_beats_the_shared_key()
    {
        _pipeline.UseKeys(Keys(requireSigned: true, perHost: true));

        Process(Beat("WEB1", seq: 0), SharedKey);
        Assert.Equal(1, _counters.Rejected(RejectReason.BadSignature));

        Process(Beat("WEB1", seq: 1), HostKey);
        Process(Beat("web2", seq: 0), SharedKey);
        Assert.Equal(2, _counters.Accepted);

        Process(Beat("web3", seq: 0), HostKey);
        Assert.Equal(2, _counters.Rejected(RejectReason.BadSignature));
    }

    [Fact]
    public void Host_with_its_own_key_must_sign_even_when_signing_is_not_required()
    {
        _pipeline.UseKeys(new SigningKeys(null, new Dictionary<string, byte[]> { ["web1"] = HostKey }, requireSigned: false));

        Process(Beat("web1"));
        Process(Beat("web2"));

        Assert.Equal(1, _counters.Rejected(RejectReason.Unsigned));
        Assert.Equal(1, _counters.Accepted);
        Assert.True(_f.Registry.TryGet("web2", out _));
    }

    [Fact]
    public void Signed_beat_without_any_key_for_its_host_is_dropped_when_signing_is_required()
    {
        _pipeline.UseKeys(new SigningKeys(null, new Dictionary<string, byte[]> { ["web1"] = HostKey }, requireSigned: true));
        Process(Beat("web2"), SharedKey);

        Assert.Equal(1, _counters.Rejected(RejectReason.BadSignature));
    }

    [Fact]
    public void Signed_beat_is_accepted_as_unsigned_without_keys()
    {
        // No key to check the tag with, so no clock check either: an hour-old send time passes.
        Process(Beat("web1", sentAt: _f.Time.GetUtcNow() - TimeSpan.FromHours(1)), WrongKey);

        Assert.Equal(1, _counters.Accepted);
        Assert.Equal(HostState.Up, _f.StateOf("web1"));
    }

    [Fact]
    public void Verified_beat_of_a_new_run_outside_the_clock_skew_is_stale()
    {
        _pipeline.UseKeys(Keys(requireSigned: true));
        Process(Beat("web1", sentAt: _f.Time.GetUtcNow() - TimeSpan.FromHours(1)), SharedKey);

        Assert.Equal(1, _counters.Rejected(RejectReason.Stale));
        Assert.Equal(0, _counters.Accepted);
    }

    [Fact]
    public void Repeated_beat_is_counted_as_replayed()
    {
        var datagram = RegistryFixture.Datagram(Beat("web1"));
        _pipeline.Process(datagram, RegistryFixture.Source());
        _pipeline.Process(datagram, RegistryFixture.Source());

        Assert.Equal(1, _counters.Accepted);
        Assert.Equal(1, _counters.Rejected(RejectReason.Replayed));
    }

    [Fact]
    public void New_hosts_beyond_max_hosts_are_counted()
    {
        foreach (var host in new[] { "a", "b", "c", "d", "e" })
            Process(Beat(host));

        Assert.Equal(3, _counters.Accepted);
        Assert.Equal(2, _counters.Rejected(RejectReason.HostLimit));
    }

    [Fact]
    public void Message_is_published_and_counted_and_does_not_count_as_a_beat()
    {
        Process(Message("web1", "disk replaced"), source: RegistryFixture.Source("192.0.2.44"));

        var message = Assert.IsType<HostMessage>(Assert.Single(_f.Changes()));
        Assert.Equal(("web1", "disk replaced", "192.0.2.44"), (message.Host, message.Text, message.Address));
        Assert.Equal(1, _counters.Messages);
        Assert.Equal(0, _counters.Accepted);
        Assert.Equal(0, _counters.TotalRejected);
        Assert.False(_f.Registry.TryGet("web1", out _));
    }

    [Fact]
    public void Message_from_an_ipv6_source_keeps_its_address()
    {
        Process(Message("web1", "hello"), source: RegistryFixture.Source("2001:db8::7"));

        Assert.Equal("2001:db8::7", Assert.IsType<HostMessage>(Assert.Single(_f.Changes())).Address);
    }

    [Fact]
    public void Same_message_twice_is_replayed()
    {
        var datagram = RegistryFixture.Datagram(Message("web1", "once"));
        _pipeline.Process(datagram, RegistryFixture.Source());
        _pipeline.Process(datagram, RegistryFixture.Source());

        Assert.Single(_f.Changes());
        Assert.Equal(1, _counters.Messages);
        Assert.Equal(1, _counters.Rejected(RejectReason.Replayed));
    }

    [Fact]
    public void Verified_message_outside_the_clock_skew_is_stale()
    {
        _pipeline.UseKeys(Keys(requireSigned: true));
        Process(Message("web1", "late", sentAt: _f.Time.GetUtcNow() - TimeSpan.FromHours(1)), SharedKey);
        Process(Message("web1", "far off", seq: 8, sentAt: DateTimeOffset.MinValue), SharedKey);

        Assert.Empty(_f.Changes());
        Assert.Equal(2, _counters.Rejected(RejectReason.Stale));
    }

    [Fact]
    public void Unsigned_message_is_dropped_when_signing_is_required()
    {
        _pipeline.UseKeys(Keys(requireSigned: true));
        Process(Message("web1", "let me in"));

        Assert.Empty(_f.Changes());
        Assert.Equal(1, _counters.Rejected(RejectReason.Unsigned));
    }

    private Heartbeat Beat(string host, ulong seq = 0, DateTimeOffset? sentAt = null) => _f.NewBeat(host, seq: seq, sentAt: sentAt);

    private Heartbeat Message(string host, string text, ulong seq = 7, DateTimeOffset? sentAt = null) => new()
    {
        HostName = host,
        RunId = 99,
        Sequence = seq,
        SentAt = sentAt ?? _f.Time.GetUtcNow(),
        Message = text,
        IsMessageOnly = true,
    };

    private void Process(Heartbeat beat, byte[]? key = null, SocketAddress? source = null) =>
        _pipeline.Process(RegistryFixture.Datagram(beat, key), source ?? RegistryFixture.Source());

    private static SigningKeys Keys(bool requireSigned, bool perHost = false) =>
        new(SharedKey, perHost ? new Dictionary<string, byte[]> { ["web1"] = HostKey } : new Dictionary<string, byte[]>(), requireSigned);
}
