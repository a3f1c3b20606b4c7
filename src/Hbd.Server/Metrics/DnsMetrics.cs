using Hbd.Server.Dns;

namespace Hbd.Server.Metrics;

/// <summary>
/// Dynamic DNS in /metrics: per dyndns host whether DNS holds its address, and the updates sent since the start by result,
/// so an alert can fire on a record that stays wrong rather than on each retry. Nothing when dynamic DNS is off.
/// </summary>
internal static class DnsMetrics
{
    public static void Write(PrometheusTextWriter w, DnsStates dns)
    {
        var hosts = dns.Synced();
        if (hosts.Count == 0)
            return;
        w.Family("hbd_host_dns_synced", "gauge", "1 when the host's DNS record holds its address, 0 while an update is due or failing.");
        foreach (var (host, synced) in hosts)
            w.Sample("hbd_host_dns_synced", [new Label("host", host)], synced ? 1 : 0);
        w.Family("hbd_dns_updates_total", "counter", "DNS updates sent since the start, by result.");
        w.Sample("hbd_dns_updates_total", [new Label("result", "ok")], dns.Updated);
        w.Sample("hbd_dns_updates_total", [new Label("result", "failed")], dns.Failed);
    }
}
