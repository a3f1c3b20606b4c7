using System.Net;

namespace Hbd.Server.Ingest;

/// <summary>
/// Bounds what peers whose datagrams no key verifies can make the server keep: new hosts
/// (<c>max_new_hosts_per_minute</c>) and journal messages (<c>max_messages_per_minute</c>), in total and per source
/// address. Without it, anyone who can reach the port in unsigned mode fills disk, log and memory with invented hosts.
/// Verified peers are never counted here: a fresh server must take in a whole signed fleet at once.
/// </summary>
public sealed class UnverifiedQuota(TimeProvider time)
{
    private readonly PerMinuteBudget _hosts = new();
    private readonly PerMinuteBudget _messages = new();

    public bool TryAdmitHost(SocketAddress source, int perMinute) => _hosts.TryTake(source, perMinute, time.GetUtcNow());

    public bool TryAdmitMessage(SocketAddress source, int perMinute) => _messages.TryTake(source, perMinute, time.GetUtcNow());
}
