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

        // Port 0 is refused by the kernel at once (EINVAL), as a missing route is (ENETUNREACH): nothing leaves.
        Assert.False(sender.TrySend(datagram, new IPEndPoint(IPAddress.Loopback, 0)));
        Assert.True(sender.TrySend(datagram, (IPEndPoint)listener.LocalEndPoint!));

        Assert.Equal(1, sender.Failures);
        Assert.StartsWith("127.0.0.1:0: ", sender.LastError, StringComparison.Ordinal);
        var buffer = new byte[16];
        Assert.Equal(3, listener.Receive(buffer));
    }
}
