using System.Net;
using System.Security.Cryptography.X509Certificates;
using Hbd.EndToEnd.Tests.Infrastructure;
using Hbd.Tests.Shared;

namespace Hbd.EndToEnd.Tests;

/// <summary>tls_cert and tls_key: hbd's HTTP port speaks HTTPS only, with the certificate the operator gave.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(TestKeyFormat.RsaPkcs8)]
    [InlineData(TestKeyFormat.EcSec1)]
    public async Task With_tls_cert_and_key_the_api_answers_over_https_to_a_client_trusting_that_certificate(TestKeyFormat format)
    {
        using var made = TestCertificates.SelfSigned(ec: format == TestKeyFormat.EcSec1);
        using var trusted = TestCertificates.PublicPart(made);

        using var server = await ServerProcess.StartAsync(_dir, TlsConfig(made, format), trusted: trusted);

        var status = await server.Api.StatusAsync();
        Assert.Equal("0.1.0", status.GetProperty("version").GetString());
        Assert.Contains("Now listening on: https://127.0.0.1:", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_tls_the_feed_on_ws_port_is_wss_with_the_same_certificate()
    {
        using var made = TestCertificates.SelfSigned(ec: true);
        using var trusted = TestCertificates.PublicPart(made);
        using var server = await ServerProcess.StartAsync(_dir, TlsConfig(made, TestKeyFormat.EcSec1), trusted: trusted);

        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
            chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(trusted);
            chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
            return certificate is System.Security.Cryptography.X509Certificates.X509Certificate2 served && chain.Build(served);
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{server.WsPort}/"), timeout.Token);

        var buffer = new byte[64 * 1024];
        var first = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Contains("\"type\":\"snapshot\"", System.Text.Encoding.UTF8.GetString(buffer, 0, first.Count), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_tls_plain_http_gets_no_answer()
    {
        using var made = TestCertificates.SelfSigned();
        using var trusted = TestCertificates.PublicPart(made);
        using var server = await ServerProcess.StartAsync(_dir, TlsConfig(made), trusted: trusted);
        using var plain = new Api(server.HbdPort);

        await Assert.ThrowsAsync<HttpRequestException>(() => plain.HealthzAsync());

        Assert.True(await server.Api.IsHealthyAsync(), "hbd stopped serving HTTPS after a plain request");
    }

    [Fact]
    public async Task After_SIGHUP_a_renewed_certificate_in_the_same_files_is_served_to_new_connections()
    {
        using var first = TestCertificates.SelfSigned();
        using var firstTrusted = TestCertificates.PublicPart(first);
        using var server = await ServerProcess.StartAsync(_dir, TlsConfig(first), trusted: firstTrusted);
        using var renewed = TestCertificates.SelfSigned();
        using var renewedTrusted = TestCertificates.PublicPart(renewed);
        using var trustingRenewed = Api.Https(server.HbdPort, renewedTrusted);
        Assert.False(await trustingRenewed.IsHealthyAsync(), "a client trusting only the renewed certificate got in before the renewal");

        WritePair(renewed);
        ProgramRun.Signal(server.Pid, "HUP");

        await server.Eventually(trustingRenewed.IsHealthyAsync, "the renewed certificate to be served");
        using var trustingFirst = Api.Https(server.HbdPort, firstTrusted);
        Assert.False(await trustingFirst.IsHealthyAsync(), "the old certificate is still served to new connections");
        Assert.Contains($"HTTPS with the certificate in {CertFile}: {renewed.Subject}", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_tls_on_SIGHUP_waits_for_a_restart_and_https_goes_on()
    {
        using var made = TestCertificates.SelfSigned();
        using var trusted = TestCertificates.PublicPart(made);
        using var server = await ServerProcess.StartAsync(_dir, TlsConfig(made), trusted: trusted);

        File.WriteAllText(server.ConfigPath, File.ReadAllText(server.ConfigPath).Replace("tls_", "#tls_", StringComparison.Ordinal));
        ProgramRun.Signal(server.Pid, "HUP");

        await server.Eventually(() => Task.FromResult(server.Output.Contains("Changed tls_cert and tls_key: they take effect at the next restart",
            StringComparison.Ordinal)), "the reload to say tls needs a restart");
        Assert.True(await server.Api.IsHealthyAsync(), "HTTPS stopped before the restart");
    }

    private string CertFile => Path.Combine(_dir.Root, "cert.pem");

    private string KeyFile => Path.Combine(_dir.Root, "key.pem");

    /// <summary>Writes the certificate and key files and returns the config lines that name them.</summary>
    private string TlsConfig(X509Certificate2 made, TestKeyFormat? format = null)
    {
        WritePair(made, format);
        return $"tls_cert: \"{CertFile}\"\ntls_key: \"{KeyFile}\"\n";
    }

    private void WritePair(X509Certificate2 made, TestKeyFormat? format = null)
    {
        File.WriteAllText(CertFile, TestCertificates.CertificatePem(made));
        File.WriteAllText(KeyFile, TestCertificates.KeyPem(made, format));
    }
}
