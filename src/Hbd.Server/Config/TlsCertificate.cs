using System.Security.Cryptography.X509Certificates;

namespace Hbd.Server.Config;

/// <summary>
/// <c>tls_cert</c> and <c>tls_key</c> as read and checked: the server certificate with its private key,
/// and the rest of the chain from the certificate file, sent along so that clients can reach a root they trust.
/// </summary>
public sealed record TlsCertificate(string CertFile, string KeyFile, X509Certificate2 Certificate, X509Certificate2Collection Chain)
{
    /// <summary>For logs: whose certificate it is and until when it is valid.</summary>
    public override string ToString() =>
        $"{Certificate.Subject} (valid until {Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC)";
}
