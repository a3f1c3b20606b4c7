using System.Net;
using System.Net.Sockets;
using Hbd.Common.Protocol;
using Hbd.Server.Ingest;

namespace Hbd.Server.Tests.Ingest;

/// <summary>recvmmsg batches on a real loopback socket: every datagram whole, with its sender; too long still too long.</summary>
public sealed class DatagramBatchTests : IDisposable
{
    private readonly Socket _receiver = UdpReceiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Socket _sender = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly DatagramBatch _batch = new();

    public DatagramBatchTests()
    {
        _receiver.ReceiveTimeout = 200;
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public void Dispose()
    {
        _batch.Dispose();
        _receiver.Dispose();
        _sender.Dispose();
    }

    [Fact]
    public void A_batch_holds_every_datagram_queued_whole_and_in_order_with_its_sender()
    {
        var sizes = new[] { 1, 400, WireFormat.MaxDatagramSize, 5, 9_000 };
        foreach (var (size, i) in sizes.Select((s, i) => (s, i)))
            _sender.SendTo(Enumerable.Repeat((byte)(i + 1), size).ToArray(), _receiver.LocalEndPoint!);

        var got = new List<byte[]>();
        var source = new SocketAddress(AddressFamily.InterNetwork);
        while (got.Count < sizes.Length)
        {
            var count = _batch.Receive(_receiver.SafeHandle);
            Assert.True(count > 0, "the datagrams sent did not arrive");
            for (var i = 0; i < count; i++)
            {
                got.Add(_batch.Datagram(i).ToArray());
                _batch.CopySource(i, source);
                Assert.Equal(_sender.LocalEndPoint, new IPEndPoint(IPAddress.Any, 0).Create(source));
            }
        }

        Assert.Equal(sizes, got.Select(d => d.Length));
        Assert.All(got.Select((d, i) => (d, i)), x => Assert.All(x.d, b => Assert.Equal((byte)(x.i + 1), b)));
    }

    [Fact]
    public void A_datagram_over_the_limit_reads_as_over_the_limit_and_the_next_is_whole()
    {
        _sender.SendTo(new byte[60_000], _receiver.LocalEndPoint!);
        _sender.SendTo(new byte[WireFormat.MaxDatagramSize + 1], _receiver.LocalEndPoint!);
        _sender.SendTo(new byte[10], _receiver.LocalEndPoint!);

        var lengths = new List<int>();
        while (lengths.Count < 3)
        {
            var count = _batch.Receive(_receiver.SafeHandle);
            Assert.True(count > 0);
            for (var i = 0; i < count; i++)
                lengths.Add(_batch.Datagram(i).Length);
        }

        Assert.Equal([WireFormat.MaxDatagramSize + 1, WireFormat.MaxDatagramSize + 1, 10], lengths);
        Assert.Equal(DecodeStatus.TooLarge, HeartbeatDecoder.TryDecode(new byte[lengths[0]], out _));
    }

    [Fact]
    public void With_nothing_to_read_it_returns_none_after_the_timeout_and_a_closed_socket_ends_it()
    {
        Assert.Equal(0, _batch.Receive(_receiver.SafeHandle));

        _receiver.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _batch.Receive(_receiver.SafeHandle));
    }
}
