using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;

namespace Hbd.Server.Dns;

/// <summary>
/// The two things hbd asks of the DNS server: what a name holds (A and AAAA), and an RFC 2136 UPDATE that replaces both
/// record sets with one record, signed with TSIG (RFC 8945). The client is given a UDP and a TCP transport, and the library
/// uses TCP where UDP will not do: against a server that truncates every UDP answer, queries are answered over TCP
/// (tested). An UPDATE has no truncation bit (RFC 2136 §2.2).
/// </summary>
public sealed class DnsServerClient(DnsOptions options, IPAddress server) : IDnsServerClient
{
    private static readonly TimeSpan Fudge = TimeSpan.FromMinutes(5);
    private const int TimeoutMs = 5_000;

    private readonly DnsClient _client = new([server],
        [new UdpClientTransport(options.Port), new TcpClientTransport(options.Port)], disposeTransport: true, TimeoutMs);
    private readonly DomainName _zone = DomainName.Parse(options.Zone);
    private readonly DomainName _key = DomainName.Parse(options.KeyName);

    /// <summary>The server's address: a name in <c>dns_server</c> is resolved once, when the updater starts.</summary>
    public static async Task<IPAddress> ResolveAsync(DnsOptions options, CancellationToken cancel)
    {
        if (IPAddress.TryParse(options.Server, out var address))
            return address;
        var addresses = await System.Net.Dns.GetHostAddressesAsync(options.Server, cancel).ConfigureAwait(false);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }

    public async Task<IReadOnlyList<IPAddress>?> QueryAsync(string name, CancellationToken cancel)
    {
        var domain = DomainName.Parse(name);
        var query = new DnsQueryOptions { IsRecursionDesired = false, IsEDnsEnabled = true };
        var found = new List<IPAddress>();
        foreach (var type in new[] { RecordType.A, RecordType.Aaaa })
        {
            var answer = await _client.ResolveAsync(domain, type, RecordClass.INet, query, cancel).ConfigureAwait(false);
            if (answer is null || answer.ReturnCode is not (ReturnCode.NoError or ReturnCode.NxDomain))
                return null;
            found.AddRange(answer.AnswerRecords.OfType<ARecord>().Select(r => r.Address));
            found.AddRange(answer.AnswerRecords.OfType<AaaaRecord>().Select(r => r.Address));
        }
        return found;
    }

    public async Task<string?> UpdateAsync(string name, IPAddress address, CancellationToken cancel)
    {
        var domain = DomainName.Parse(name);
        var update = new DnsUpdateMessage { ZoneName = _zone };
        update.Updates.Add(new DeleteAllRecordsUpdate(domain, RecordType.A));
        update.Updates.Add(new DeleteAllRecordsUpdate(domain, RecordType.Aaaa));
        update.Updates.Add(new AddRecordUpdate(address.AddressFamily == AddressFamily.InterNetwork
            ? new ARecord(domain, options.Ttl, address)
            : new AaaaRecord(domain, options.Ttl, address)));
        update.TSigOptions = new TSigRecord(_key, Algorithm(options.Algorithm), DateTime.UtcNow, Fudge, update.TransactionID,
            ReturnCode.NoError, null, options.Secret);
        var response = await _client.SendUpdateAsync(update, cancel).ConfigureAwait(false);
        if (response is null)
            return "no answer from the DNS server";
        if (response.ReturnCode != ReturnCode.NoError)
            return "the DNS server answered " + Rcodes.Name(response.ReturnCode);
        return null;
    }

    private static TSigAlgorithm Algorithm(TsigAlgorithm algorithm) => algorithm switch
    {
        TsigAlgorithm.HmacSha512 => TSigAlgorithm.Sha512,
        TsigAlgorithm.HmacSha1 => TSigAlgorithm.Sha1,
        _ => TSigAlgorithm.Sha256,
    };
}

/// <summary>The DNS server as the updater uses it; a seam so reconciliation can be tested without a network.</summary>
public interface IDnsServerClient
{
    /// <summary>The A and AAAA addresses the name holds (empty when none), or null when the server gave no usable answer.</summary>
    Task<IReadOnlyList<IPAddress>?> QueryAsync(string name, CancellationToken cancel);

    /// <summary>Replaces the name's A and AAAA records with one record of <paramref name="address"/>; null on success, else why not.</summary>
    Task<string?> UpdateAsync(string name, IPAddress address, CancellationToken cancel);
}
