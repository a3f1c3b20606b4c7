using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Hbd.Tests.Shared;
using MimeKit;

namespace Hbd.Server.Tests.Notify;

/// <summary>How the SMTP server speaks TLS.</summary>
internal enum SmtpServerTls
{
    None,
    StartTls,
    Implicit,
}

/// <summary>
/// A real SMTP server: Debian's aiosmtpd on a loopback port, storing what it takes in a Maildir the test reads. Its TLS
/// certificate is one the test makes (self-signed for 127.0.0.1 and localhost); with STARTTLS it requires TLS before MAIL
/// and offers AUTH only after it, refusing every login. Recipients starting "refused@" get 550, "later@" get 451.
/// </summary>
internal sealed class SmtpStandIn : IDisposable
{
    private const string Python = "/usr/bin/python3";

    private const string Handler = """
        from aiosmtpd.handlers import Mailbox

        class RefusingMailbox(Mailbox):
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.startswith("refused@"):
                    return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
                if address.startswith("later@"):
                    return "451 4.3.0 <%s>: mailbox busy, try again later" % address
                envelope.rcpt_tos.append(address)
                return "250 OK"
        """;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();
    private readonly Process _process;
    private readonly string _dir;

    private SmtpStandIn(Process process, string dir, int port, X509Certificate2? certificate)
    {
        _process = process;
        _dir = dir;
        Port = port;
        Certificate = certificate;
    }

    public int Port { get; }

    /// <summary>The server's certificate without its key, as a client would trust it.</summary>
    public X509Certificate2? Certificate { get; }

    public string Maildir => Path.Combine(_dir, "mail");

    /// <param name="tls">How the server speaks TLS.</param>
    /// <param name="port">A port chosen before (a client configured for a server that comes up later); else a free one.</param>
    public static async Task<SmtpStandIn> StartAsync(SmtpServerTls tls, int? port = null)
    {
        EnsureInstalled();
        var dir = Directory.CreateTempSubdirectory("hbd-smtp-").FullName;
        File.WriteAllText(Path.Combine(dir, "hbd_refusing.py"), Handler);
        port ??= FreeTcpPorts.Take(1)[0];
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir,
        };
        start.Environment["PYTHONPATH"] = dir;
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "hbd_refusing.RefusingMailbox" })
            start.ArgumentList.Add(argument);
        X509Certificate2? certificate = null;
        if (tls != SmtpServerTls.None)
        {
            using var made = TestCertificates.SelfSigned();
            File.WriteAllText(Path.Combine(dir, "cert.pem"), TestCertificates.CertificatePem(made));
            File.WriteAllText(Path.Combine(dir, "key.pem"), TestCertificates.KeyPem(made));
            certificate = TestCertificates.PublicPart(made);
            var (cert, key) = tls == SmtpServerTls.StartTls ? ("--tlscert", "--tlskey") : ("--smtpscert", "--smtpskey");
            foreach (var argument in new[] { cert, Path.Combine(dir, "cert.pem"), key, Path.Combine(dir, "key.pem") })
                start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add(Path.Combine(dir, "mail"));
        var process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start");
        var server = new SmtpStandIn(process, dir, port.Value, certificate);
        // Read both pipes as they fill: a server blocked on a full pipe would stop answering.
        process.ErrorDataReceived += (_, e) => server._log.Enqueue(e.Data ?? "");
        process.OutputDataReceived += (_, e) => server._log.Enqueue(e.Data ?? "");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await server.WaitUntilListeningAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The messages delivered to the Maildir.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var delivered = Path.Combine(Maildir, "new");
        return Directory.Exists(delivered) ? [.. Directory.GetFiles(delivered).Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))] : [];
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"aiosmtpd exited ({_process.ExitCode}): {string.Join('\n', _log)}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static void EnsureInstalled() =>
        DebianPackages.Ensure(() => DebianPackages.Run(Python, "-c", "import aiosmtpd") == 0, "python3-aiosmtpd");

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            Certificate?.Dispose();
            Directory.Delete(_dir, recursive: true);
        }
    }
}
