using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hbd.Common.Config;

namespace Hbd.Server.Config;

/// <summary>
/// Reads <c>tls_cert</c> and <c>tls_key</c>: both or neither, each file readable PEM, an RSA or EC key that
/// belongs to the certificate. Everything is checked here, so that a mistake stops hbd (or is refused on
/// SIGHUP) with the file, line and key, rather than surfacing as a failed handshake for every client.
/// </summary>
internal static class TlsCertificateParser
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private static readonly string[] PrivateKeyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

    public static TlsCertificate? Parse(ConfigNode root)
    {
        var certFile = root.GetPath("tls_cert");
        var keyFile = root.GetPath("tls_key");
        if (certFile is null && keyFile is null)
            return null;
        if (keyFile is null)
            throw root.ErrorAt("tls_cert", "set tls_key too: the private key of the certificate");
        if (certFile is null)
            throw root.ErrorAt("tls_key", "set tls_cert too: the certificate that goes with the key");

        var certNode = root.Get("tls_cert")!;
        var certificates = ReadCertificates(certFile, certNode);
        var leaf = certificates[0];
        var isRsa = CheckLeaf(leaf, certFile, certNode);
        var withKey = AttachKey(leaf, isRsa, certFile, keyFile, root.Get("tls_key")!);
        certificates.RemoveAt(0);
        return new TlsCertificate(certFile, keyFile, withKey, certificates);
    }

    private static X509Certificate2Collection ReadCertificates(string path, ConfigNode where)
    {
        var text = PemText.Read(path, "certificate", where);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw where.Error($"'{path}' holds a certificate that cannot be read: {e.Message}");
        }
        if (certificates.Count > 0)
            return certificates;
        var hint = PemText.Labels(text).Any(PrivateKeyLabels.Contains) ? "; it holds a private key, which belongs in tls_key" : "";
        throw where.Error($"no certificate in '{path}' (expected PEM: -----BEGIN CERTIFICATE-----){hint}");
    }

    /// <summary>True for an RSA certificate, false for EC; anything else cannot serve TLS here.</summary>
    private static bool CheckLeaf(X509Certificate2 leaf, string path, ConfigNode where)
    {
        var algorithm = leaf.GetKeyAlgorithm();
        if (algorithm is not (RsaOid or EcOid))
            throw where.Error($"the certificate in '{path}' has a key of type {algorithm}; hbd serves RSA and EC certificates");
        // A certificate limited to other uses (client authentication, code signing) is refused by every TLS client.
        foreach (var usage in leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>())
        {
            if (!usage.EnhancedKeyUsages.Cast<Oid>().Any(oid => oid.Value == ServerAuthOid))
                throw where.Error($"the certificate in '{path}' is not for servers: its extended key usage lacks serverAuth");
        }
        return algorithm == RsaOid;
    }

    private static X509Certificate2 AttachKey(X509Certificate2 leaf, bool isRsa, string certFile, string keyFile, ConfigNode where)
    {
        var text = PemText.Read(keyFile, "key", where);
        var labels = PemText.Labels(text);
        if (labels.Contains("ENCRYPTED PRIVATE KEY"))
            throw where.Error($"the private key in '{keyFile}' is encrypted; hbd needs it unencrypted (openssl pkey -in ENCRYPTED -out PLAIN)");
        var keys = labels.Count(PrivateKeyLabels.Contains);
        if (keys == 0)
        {
            var hint = labels.Contains("CERTIFICATE") ? "; it holds a certificate, which belongs in tls_cert" : "";
            throw where.Error($"no private key in '{keyFile}' (expected PEM: -----BEGIN PRIVATE KEY-----){hint}");
        }
        if (keys > 1)
            throw where.Error($"'{keyFile}' holds {keys} private keys; give it the one of the certificate only");

        using AsymmetricAlgorithm key = isRsa ? RSA.Create() : ECDsa.Create();
        try
        {
            key.ImportFromPem(text);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw where.Error(IsOtherKind(text, isRsa)
                ? $"'{keyFile}' holds an {(isRsa ? "EC" : "RSA")} key, but the certificate in '{certFile}' is for an {(isRsa ? "RSA" : "EC")} key"
                : $"the private key in '{keyFile}' cannot be read: {e.Message}");
        }
        try
        {
            return key is RSA rsa ? leaf.CopyWithPrivateKey(rsa) : leaf.CopyWithPrivateKey((ECDsa)key);
        }
        catch (ArgumentException)
        {
            throw where.Error($"the private key in '{keyFile}' does not belong to the certificate in '{certFile}'");
        }
    }

    private static bool IsOtherKind(string text, bool isRsa)
    {
        using AsymmetricAlgorithm other = isRsa ? ECDsa.Create() : RSA.Create();
        try
        {
            other.ImportFromPem(text);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
