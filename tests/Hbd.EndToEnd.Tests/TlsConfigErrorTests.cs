using Hbd.EndToEnd.Tests.Infrastructure;
using Hbd.Tests.Shared;

namespace Hbd.EndToEnd.Tests;

/// <summary>A TLS mistake stops hbd before it serves anything: exit 2, one line naming the file, the line and the key.</summary>
public sealed class TlsConfigErrorTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, string> Mistakes() => new()
    {
        { "tls_cert without tls_key", "tls_cert: cert.pem\n", "tls_cert" },
        { "tls_key without tls_cert", "tls_key: key.pem\n", "tls_key" },
        { "tls_cert names a missing file", "tls_cert: missing.pem\ntls_key: key.pem\n", "tls_cert" },
        { "tls_cert names the key", "tls_cert: key.pem\ntls_key: key.pem\n", "tls_cert" },
        { "tls_key belongs to another certificate", "tls_cert: cert.pem\ntls_key: other-key.pem\n", "tls_key" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_bad_tls_setting_stops_hbd_with_exit_2_naming_file_line_and_key(string mistake, string tlsLines, string key)
    {
        using var made = TestCertificates.SelfSigned();
        _dir.Write("cert.pem", TestCertificates.CertificatePem(made));
        _dir.Write("key.pem", TestCertificates.KeyPem(made));
        using var other = TestCertificates.SelfSigned();
        _dir.Write("other-key.pem", TestCertificates.KeyPem(other));
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);
        File.AppendAllText(config.Path, tlsLines);
        var line = Array.FindIndex(File.ReadAllLines(config.Path), l => l.StartsWith(key + ":", StringComparison.Ordinal)) + 1;

        var run = await Commands.RunServerAsync(_dir, "-f", "-c", config.Path);

        Assert.True(run.ExitCode == 2, $"{mistake}: {run}");
        var error = Assert.Single(run.StderrLines);
        Assert.StartsWith($"hbd: {config.Path}:{line}: key '{key}': ", error, StringComparison.Ordinal);
        // Nothing was served before the refusal. (Not a probe of the port: a test running beside this one may take it.)
        Assert.DoesNotContain("istening", run.ToString(), StringComparison.Ordinal);
    }
}
