using System.Net;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Tests.Hosts;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hbd.Server.Tests.Ingest;

public sealed class UdpReceiverTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_socket_disposed_under_the_receive_thread_ends_it_quietly()
    {
        var fixture = new RegistryFixture(new MonitorSettings());
        var counters = new IngestCounters();
        var pipeline = new DatagramPipeline(fixture.Registry, counters, new RecentMessages(), fixture.Time);
        var receiver = new UdpReceiver(UdpReceiver.Bind(new IPEndPoint(IPAddress.Loopback, 0)), pipeline, counters,
            NullLogger<UdpReceiver>.Instance);
        await receiver.StartAsync(CancellationToken.None);

        // What the host does when a service after this one fails to start: dispose, with no StopAsync first.
        // An exception escaping the thread would abort this test process.
        receiver.Dispose();

        Assert.True(SpinWait.SpinUntil(() => !receiver.IsReceiving, Patience), "the receive thread still runs");
        Assert.Equal(0L, counters.Rejected(RejectReason.InternalError));
    }
}
