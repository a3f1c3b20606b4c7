using Hbd.Common.Config;
using Hbd.Server.Config;
using Hbd.Server.Dns;

namespace Hbd.Server.Tests.Dns;

/// <summary>The dynamic DNS keys: a list or a map of hosts, defaults, and every setting that could not work refused at its line.</summary>
public sealed class DnsOptionsTests
{
    private const string Common = "dns_server: 127.0.0.1:5353\ndns_zone: dyn.test\ntsig_key_name: hbd-key\ntsig_secret: c2VjcmV0\n";

    [Fact]
    public void Nothing_set_is_dynamic_dns_off()
    {
        var dns = Parse("").Dns;

        Assert.False(dns.Enabled);
        Assert.Empty(dns.Hosts);
    }

    [Fact]
    public void A_list_puts_each_host_under_the_zone_with_the_defaults()
    {
        var dns = Parse("dyndnshosts: [home1, Home2]\n" + Common).Dns;

        Assert.Equal(new Dictionary<string, string> { ["home1"] = "home1.dyn.test", ["Home2"] = "home2.dyn.test" }, dns.Hosts);
        Assert.Equal(("127.0.0.1", 5353, "dyn.test", "hbd-key"), (dns.Server, dns.Port, dns.Zone, dns.KeyName));
        Assert.Equal("secret"u8.ToArray(), dns.Secret);
        Assert.Equal((60, TsigAlgorithm.HmacSha256, 8), (dns.Ttl, dns.Algorithm, dns.MaxInflight));
        Assert.True(dns.Hosts.ContainsKey("HOME1"));
    }

    [Fact]
    public void A_map_names_each_hosts_record_and_every_setting_is_read()
    {
        var dns = Parse("""
            dyndnshosts: {home1: nas.dyn.test., laptop-7: Anna.Dyn.Test}
            dns_server: ns1.example.org
            dns_zone: dyn.test.
            dns_ttl: 300
            tsig_key_name: hbd-key
            tsig_secret: c2VjcmV0
            tsig_algorithm: HMAC-SHA512
            dns_max_inflight: 32
            """).Dns;

        Assert.Equal(new Dictionary<string, string> { ["home1"] = "nas.dyn.test", ["laptop-7"] = "anna.dyn.test" }, dns.Hosts);
        Assert.Equal(("ns1.example.org", 53, "dyn.test", 300, TsigAlgorithm.HmacSha512, 32),
            (dns.Server, dns.Port, dns.Zone, dns.Ttl, dns.Algorithm, dns.MaxInflight));
    }

    [Theory]
    [InlineData("'[::1]:5300'", "::1", 5300)]
    [InlineData("::1", "::1", 53)]
    [InlineData("192.0.2.53", "192.0.2.53", 53)]
    [InlineData("ns1.example.org:5353", "ns1.example.org", 5353)]
    public void The_server_is_a_host_with_an_optional_port(string server, string host, int port)
    {
        var dns = Parse("dyndnshosts: [a]\n" + Common.Replace("127.0.0.1:5353", server, StringComparison.Ordinal)).Dns;

        Assert.Equal((host, port), (dns.Server, dns.Port));
    }

    [Theory]
    [InlineData("hmac-sha1", TsigAlgorithm.HmacSha1)]
    [InlineData("hmac-sha256", TsigAlgorithm.HmacSha256)]
    [InlineData("hmac-sha512", TsigAlgorithm.HmacSha512)]
    public void Each_tsig_algorithm_is_known(string name, TsigAlgorithm algorithm) =>
        Assert.Equal(algorithm, Parse("dyndnshosts: [a]\n" + Common + $"tsig_algorithm: {name}\n").Dns.Algorithm);

    [Theory]
    [InlineData("dns_server: 127.0.0.1\n", 1, "dns_server", "has no effect without dyndnshosts")]
    [InlineData("history_days: 3\ndns_ttl: 60\n", 2, "dns_ttl", "has no effect without dyndnshosts")]
    [InlineData("tsig_secret: c2VjcmV0\n", 1, "tsig_secret", "has no effect without dyndnshosts")]
    [InlineData("dns_max_inflight: 4\n", 1, "dns_max_inflight", "has no effect without dyndnshosts")]
    [InlineData("dyndnshosts: [a]\ndns_zone: dyn.test\ntsig_key_name: k\ntsig_secret: c2VjcmV0\n", 1, "dyndnshosts", "needs dns_server")]
    [InlineData("dyndnshosts: [a]\ndns_server: 127.0.0.1\ntsig_key_name: k\ntsig_secret: c2VjcmV0\n", 1, "dyndnshosts", "needs dns_zone")]
    [InlineData("dyndnshosts: [a]\ndns_server: 127.0.0.1\ndns_zone: dyn.test\ntsig_secret: c2VjcmV0\n", 1, "dyndnshosts", "needs tsig_key_name")]
    [InlineData("dyndnshosts: [a]\ndns_server: 127.0.0.1\ndns_zone: dyn.test\ntsig_key_name: k\n", 1, "dyndnshosts", "needs tsig_secret")]
    [InlineData("dyndnshosts: []\n" + Common, 1, "dyndnshosts", "lists no host")]
    [InlineData("dyndnshosts:\n  - good\n  - bad!name\n" + Common, 3, "dyndnshosts[1]", "valid DNS name")]
    [InlineData("dyndnshosts:\n  - good\n  - GOOD\n" + Common, 3, "dyndnshosts[1]", "listed twice")]
    [InlineData("dyndnshosts:\n  - -lead\n" + Common, 2, "dyndnshosts[0]", "valid DNS name")]
    [InlineData("dyndnshosts:\n  home1: nas.other.test\n" + Common, 2, "dyndnshosts.home1", "not a name inside dns_zone 'dyn.test'")]
    [InlineData("dyndnshosts:\n  home1: dyn.test\n" + Common, 2, "dyndnshosts.home1", "not a name inside dns_zone")]
    [InlineData("dyndnshosts:\n  home1: nas..dyn.test\n" + Common, 2, "dyndnshosts.home1", "not a valid DNS name")]
    [InlineData("dyndnshosts:\n  home1: a.dyn.test\n  home2: A.dyn.test\n" + Common, 3, "dyndnshosts.home2", "DNS name of two hosts")]
    [InlineData("dyndnshosts:\n  home1: [a.dyn.test]\n" + Common, 2, "dyndnshosts.home1", "not a valid DNS name")]
    [InlineData("dyndnshosts: [a]\ndns_server: 127.0.0.1:0\ndns_zone: dyn.test\ntsig_key_name: k\ntsig_secret: c2VjcmV0\n", 2, "dns_server", "1..65535")]
    [InlineData("dyndnshosts: [a]\ndns_server: bad_host!\ndns_zone: dyn.test\ntsig_key_name: k\ntsig_secret: c2VjcmV0\n", 2, "dns_server", "not a host name or address")]
    [InlineData("dyndnshosts: [a]\ndns_server: '[::1'\ndns_zone: dyn.test\ntsig_key_name: k\ntsig_secret: c2VjcmV0\n", 2, "dns_server", "host or host:port")]
    [InlineData("dyndnshosts: [a]\ndns_server: 127.0.0.1\ndns_zone: dyn..test\ntsig_key_name: k\ntsig_secret: c2VjcmV0\n", 3, "dns_zone", "not a valid DNS zone name")]
    [InlineData("dyndnshosts: [a]\ndns_server: 127.0.0.1\ndns_zone: dyn.test\ntsig_key_name: 'bad key'\ntsig_secret: c2VjcmV0\n", 4, "tsig_key_name", "not a valid TSIG key name")]
    [InlineData("dyndnshosts: [a]\ndns_server: 127.0.0.1\ndns_zone: dyn.test\ntsig_key_name: k\ntsig_secret: not*base64\n", 5, "tsig_secret", "not base64")]
    [InlineData("dyndnshosts: [a]\n" + Common + "tsig_algorithm: hmac-md5\n", 6, "tsig_algorithm", "hmac-sha256, hmac-sha512 or hmac-sha1")]
    [InlineData("dyndnshosts: [a]\n" + Common + "dns_ttl: 0\n", 6, "dns_ttl", "")]
    [InlineData("dyndnshosts: [a]\n" + Common + "dns_ttl: 86401\n", 6, "dns_ttl", "")]
    [InlineData("dyndnshosts: [a]\n" + Common + "dns_max_inflight: 0\n", 6, "dns_max_inflight", "")]
    [InlineData("dyndnshosts: [a]\n" + Common + "dns_max_inflight: 257\n", 6, "dns_max_inflight", "")]
    public void A_setting_that_would_not_work_is_an_error_at_its_line(string yaml, int line, string key, string mentions)
    {
        var error = Assert.Throws<ConfigException>(() => Parse(yaml));

        Assert.Equal((line, key), (error.Line, error.Key));
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"/etc/hbd.yaml:{line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_of_64_characters_in_one_label_is_refused()
    {
        var error = Assert.Throws<ConfigException>(() => Parse($"dyndnshosts: [{new string('a', 64)}]\n" + Common));

        Assert.Contains("valid DNS name", error.Message, StringComparison.Ordinal);
    }

    private static ServerOptions Parse(string yaml) => ServerOptions.Parse(ConfigDocument.Parse(yaml, "/etc/hbd.yaml"));
}
