using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Hbd.Server.Notify.Channels;

/// <summary>
/// Certificate validation that also trusts one given root (a test's own CA or self-signed certificate): the chain must
/// still build to it and the name must still match; only the system's store is not the only source of trust.
/// </summary>
internal static class TrustedRoot
{
    public static RemoteCertificateValidationCallback Callback(X509Certificate2 root) => (_, certificate, chain, errors) =>
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
            return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(root);
        // A test's root publishes no revocation list; the chain, dates and usage are still checked.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    };
}
