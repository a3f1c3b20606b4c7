using System.Net.Security;
using Hbd.Server.Config;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Hosting;

/// <summary>
/// The certificate hbd's HTTPS listeners present. Each TLS handshake takes the current one, so a renewed
/// certificate read on SIGHUP reaches every new connection while open ones (WebSocket clients) stay up.
/// </summary>
public sealed partial class ServerCertificate(TlsCertificate tls)
{
    private Served _served = new(tls, Build(tls));

    /// <summary>What the next handshake presents: the certificate, its key and the chain.</summary>
    public SslStreamCertificateContext Context() => Volatile.Read(ref _served).Context;

    /// <summary>The certificate now served, for logs.</summary>
    public TlsCertificate Current => Volatile.Read(ref _served).Tls;

    /// <summary>Serves <paramref name="next"/> from the next handshake on.</summary>
    public void Use(TlsCertificate next) =>
        // The old context is left to the collector, not disposed: a handshake in flight may still hold it.
        Volatile.Write(ref _served, new Served(next, Build(next)));

    /// <summary>Logs what is served; a certificate outside its validity is a warning, as every client will refuse it.</summary>
    public void Report(ILogger logger, DateTimeOffset now)
    {
        var tls = Current;
        if (now < tls.Certificate.NotBefore || now > tls.Certificate.NotAfter)
            LogNotValid(logger, tls.CertFile, tls.ToString());
        else
            LogServing(logger, tls.CertFile, tls.ToString());
    }

    // offline: the chain is what the file gave; no fetching of intermediates over the network at start.
    private static SslStreamCertificateContext Build(TlsCertificate tls) =>
        SslStreamCertificateContext.Create(tls.Certificate, tls.Chain, offline: true);

    private sealed record Served(TlsCertificate Tls, SslStreamCertificateContext Context);

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTPS with the certificate in {File}: {Certificate}")]
    private static partial void LogServing(ILogger logger, string file, string certificate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTPS with the certificate in {File}, which is not valid now: {Certificate}")]
    private static partial void LogNotValid(ILogger logger, string file, string certificate);
}
