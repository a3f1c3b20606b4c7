using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Hbd.Server.Hosting;

/// <summary>HTTPS on a Kestrel listener of hbd: one call per listener (hbd_port, ws_port), so all serve the same certificate.</summary>
internal static class TlsListener
{
    /// <summary>
    /// With a certificate, the listener speaks HTTPS only (and so WSS); without, plain HTTP. The certificate is
    /// chosen at each handshake, so a reload reaches new connections without restarting the listener.
    /// </summary>
    public static ListenOptions UseHbdTls(this ListenOptions listen, ServerCertificate? certificate)
    {
        if (certificate is null)
            return listen;
        // Kestrel adds ALPN (h2, http/1.1) itself when the options leave ApplicationProtocols unset.
        return listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = certificate.Context(),
            }),
        });
    }
}
