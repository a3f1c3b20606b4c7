using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Hbd.Server.Dns;

namespace Hbd.Server.Tests.Dns;

/// <summary>
/// The client speaks TCP as well as UDP: against a DNS server on loopback that truncates every UDP answer (what a server
/// does when the answer does not fit a datagram), a query is answered, over TCP. An UPDATE has no truncation bit
/// (RFC 2136 §2.2: its header's bits between the opcode and the RCODE are zero), so the start-up query is where it matters.
/// </summary>
public sealed class TcpFallbackTests
{
    [Fact]
    public async Task Against_a_server_that_truncates_every_udp_answer_the_query_is_answered_over_tcp()
    {
        var port = FreeTcpPorts.Take(1)[0];
        var (udp, tcp) = (0, 0);
        using var server = new DnsServer(
            new UdpServerTransport(IPAddress.Loopback, port), new TcpServerTransport(new IPEndPoint(IPAddress.Loopback, port), 5_000, 5_000));
        server.QueryReceived += (_, e) =>
        {
            var query = (DnsMessage)e.Query;
            var response = query.CreateResponseInstance();
            response.ReturnCode = ReturnCode.NoError;
            if (e.TransportProtocol == TransportProtocol.Udp)
            {
                Interlocked.Increment(ref udp);
                response.IsTruncated = true;
            }
            else
            {
                Interlocked.Increment(ref tcp);
                if (query.Questions[0].RecordType == RecordType.A)
                    response.AnswerRecords.Add(new ARecord(query.Questions[0].Name, 60, IPAddress.Parse("127.0.0.9")));
            }
            e.Response = response;
            return Task.CompletedTask;
        };
        server.Start();
        var options = new DnsOptions
        {
            Hosts = new Dictionary<string, string> { ["home1"] = "home1.dyn.test" },
            Server = "127.0.0.1",
            Port = port,
            Zone = "dyn.test",
            KeyName = "hbd-key",
            Secret = new byte[32],
        };

        var found = await new DnsServerClient(options, IPAddress.Loopback).QueryAsync("home1.dyn.test", CancellationToken.None);

        // Whatever came over UDP was truncated: the answer found is the one given over TCP.
        Assert.Equal([IPAddress.Parse("127.0.0.9")], found);
        Assert.True(tcp >= 2, $"{tcp} queries over TCP, {udp} over UDP");
    }
}
