using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hbd.Tests.Shared;

/// <summary>How a test writes a private key as PEM: the four forms OpenSSL and certbot leave behind.</summary>
public enum TestKeyFormat
{
    RsaPkcs8,
    RsaPkcs1,
    EcPkcs8,
    EcSec1,
}

/// <summary>
/// Certificates made by the tests themselves (CertificateRequest), for 127.0.0.1 and localhost, valid from a day ago
/// for a week, and written as PEM the way tls_cert and tls_key expect them. Linked into each test project that needs it.
/// </summary>
public static class TestCertificates
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>A self-signed server certificate with its private key.</summary>
    public static X509Certificate2 SelfSigned(bool ec = false, string usage = ServerAuth, string name = "localhost") =>
        Request(name, ec, usage, out _).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

    /// <summary>A certificate authority that can sign with <see cref="IssuedBy"/>.</summary>
    public static X509Certificate2 Authority()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=hbd test authority", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A server certificate signed by <paramref name="authority"/>, with its private key.</summary>
    public static X509Certificate2 IssuedBy(X509Certificate2 authority, bool ec = false)
    {
        var request = Request("localhost", ec, ServerAuth, out var key);
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7),
            RandomNumberGenerator.GetBytes(8));
        return key is RSA rsa ? issued.CopyWithPrivateKey(rsa) : issued.CopyWithPrivateKey((ECDsa)key);
    }

    /// <summary>The certificate alone, as PEM (public: what a client trusts).</summary>
    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    /// <summary>The certificate's private key as PEM in <paramref name="format"/>.</summary>
    public static string KeyPem(X509Certificate2 certificate, TestKeyFormat? format = null)
    {
        if (certificate.GetRSAPrivateKey() is { } rsa)
        {
            using (rsa)
                return (format == TestKeyFormat.RsaPkcs1 ? rsa.ExportRSAPrivateKeyPem() : rsa.ExportPkcs8PrivateKeyPem()) + "\n";
        }
        using var ec = certificate.GetECDsaPrivateKey() ?? throw new ArgumentException("no private key", nameof(certificate));
        return (format == TestKeyFormat.EcSec1 ? ec.ExportECPrivateKeyPem() : ec.ExportPkcs8PrivateKeyPem()) + "\n";
    }

    /// <summary>The certificate without its private key, as a client holds it.</summary>
    public static X509Certificate2 PublicPart(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadCertificate(certificate.RawData);

    private static CertificateRequest Request(string name, bool ec, string usage, out AsymmetricAlgorithm key)
    {
        CertificateRequest request;
        if (ec)
        {
            var ecKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            request = new CertificateRequest($"CN={name}", ecKey, HashAlgorithmName.SHA256);
            key = ecKey;
        }
        else
        {
            var rsaKey = RSA.Create(2048);
            request = new CertificateRequest($"CN={name}", rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            key = rsaKey;
        }
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        return request;
    }
}
