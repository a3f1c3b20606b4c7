using System.Net;
using System.Net.Sockets;
using Hbd.Client.Sending;

namespace Hbd.Client.Tests.Sending;

public sealed class UdpSenderTests
{
    [Fact]
    public void A_send_the_kernel_refuses_is_counted_and_the_next_one_still_goes_out()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new UdpSender();
        byte[] datagram = [1, 2, 3];

        var endpoint = (IPEndPoint)listener.LocalEndPoint!;

        // A datagram over 64 KiB is refused by the kernel at once (EMSGSIZE), as a missing route is (ENETUNREACH):
        // nothing leaves.
        Assert.False(sender.TrySend(new byte[70_000], endpoint));
        Assert.True(sender.TrySend(datagram, endpoint));

        Assert.Equal(1, sender.Failures);
        Assert.StartsWith($"{endpoint}: ", sender.LastError, StringComparison.Ordinal);
        var buffer = new byte[16];
        Assert.Equal(3, listener.Receive(buffer));
    }

    [Fact]
    public void A_port_nobody_listens_on_is_reported_at_the_next_send_and_by_confirm()
    {
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var endpoint = (IPEndPoint)closed.LocalEndPoint!;
        closed.Dispose(); // the port is free now: the kernel answers with ICMP port unreachable
        using var sender = new UdpSender();
        byte[] datagram = [1, 2, 3];

        Assert.True(sender.TrySend(datagram, endpoint)); // nothing is known yet
        Assert.True(SpinWait.SpinUntil(() => !sender.Confirm(endpoint), TimeSpan.FromSeconds(5)));
        Assert.Equal("Connection refused", sender.LastReason);

        Assert.True(sender.TrySend(datagram, endpoint));
        Thread.Sleep(200);
        Assert.False(sender.TrySend(datagram, endpoint)); // the refusal of the one before
        Assert.Equal("Connection refused", sender.LastReason);
    }

    [Fact]
    public void Datagrams_reach_an_ipv6_server()
    {
        using var listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        listener.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        using var sender = new UdpSender();

        Assert.True(sender.TrySend([4, 5, 6, 7], (IPEndPoint)listener.LocalEndPoint!), sender.LastError);

        var buffer = new byte[16];
        Assert.Equal(4, listener.Receive(buffer));
        Assert.Equal([4, 5, 6, 7], buffer[..4]);
    }

    [Fact]
    public void A_server_that_moves_is_sent_to_at_its_new_address_and_no_longer_at_the_old()
    {
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        first.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        second.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new UdpSender();
        var buffer = new byte[16];

        Assert.True(sender.TrySend([1], (IPEndPoint)first.LocalEndPoint!));
        Assert.True(sender.TrySend([2], (IPEndPoint)second.LocalEndPoint!));
        Assert.True(sender.TrySend([3], (IPEndPoint)second.LocalEndPoint!));

        Assert.Equal(1, first.Receive(buffer));
        Assert.Equal(1, buffer[0]);
        Assert.Equal(1, second.Receive(buffer));
        Assert.Equal(2, buffer[0]);
        Assert.Equal(1, second.Receive(buffer));
        Assert.Equal(3, buffer[0]);
        Assert.Equal(0, first.Available);
        Assert.Equal(0, sender.Failures);
    }
}
