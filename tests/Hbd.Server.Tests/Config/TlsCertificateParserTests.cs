using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hbd.Common.Config;
using Hbd.Server.Config;
using Hbd.Tests.Shared;

namespace Hbd.Server.Tests.Config;

public sealed class TlsCertificateParserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hbd-tls-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Without_tls_cert_and_tls_key_there_is_no_tls()
    {
        Assert.Null(Parse("hbd_port: 8080\n").Tls);
    }

    [Theory]
    [InlineData(TestKeyFormat.RsaPkcs8)]
    [InlineData(TestKeyFormat.RsaPkcs1)]
    [InlineData(TestKeyFormat.EcPkcs8)]
    [InlineData(TestKeyFormat.EcSec1)]
    public void A_certificate_and_its_key_are_loaded_together(TestKeyFormat format)
    {
        using var made = TestCertificates.SelfSigned(ec: format is TestKeyFormat.EcPkcs8 or TestKeyFormat.EcSec1);
        var cert = Write("cert.pem", TestCertificates.CertificatePem(made));
        var key = Write("key.pem", TestCertificates.KeyPem(made, format));

        var tls = Parse($"tls_cert: {cert}\ntls_key: {key}\n").Tls!;

        Assert.Equal(made.Thumbprint, tls.Certificate.Thumbprint);
        Assert.True(tls.Certificate.HasPrivateKey);
        Assert.Empty(tls.Chain);
        Assert.Equal((cert, key), (tls.CertFile, tls.KeyFile));
    }

    [Fact]
    public void The_certificates_after_the_first_are_the_chain_sent_along()
    {
        using var authority = TestCertificates.Authority();
        using var leaf = TestCertificates.IssuedBy(authority);
        var cert = Write("fullchain.pem", TestCertificates.CertificatePem(leaf) + TestCertificates.CertificatePem(authority));
        var key = Write("privkey.pem", TestCertificates.KeyPem(leaf));

        var tls = Parse($"tls_cert: {cert}\ntls_key: {key}\n").Tls!;

        Assert.Equal(leaf.Thumbprint, tls.Certificate.Thumbprint);
        Assert.Equal([authority.Thumbprint], tls.Chain.Select(c => c.Thumbprint));
    }

    [Fact]
    public void One_file_holding_certificate_and_key_serves_as_both()
    {
        using var made = TestCertificates.SelfSigned(ec: true);
        var both = Write("both.pem", TestCertificates.CertificatePem(made) + TestCertificates.KeyPem(made));

        var tls = Parse($"tls_cert: {both}\ntls_key: {both}\n").Tls!;

        Assert.True(tls.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Relative_paths_are_taken_from_the_config_files_directory()
    {
        using var made = TestCertificates.SelfSigned();
        var cert = Write("cert.pem", TestCertificates.CertificatePem(made));
        Write("key.pem", TestCertificates.KeyPem(made));
        var config = Write("hbd.yaml", "tls_cert: cert.pem\ntls_key: key.pem\n");

        var tls = ServerOptions.Parse(ConfigDocument.Load(config)).Tls!;

        Assert.Equal(cert, tls.CertFile);
    }

    [Fact]
    public void Tls_cert_without_tls_key_is_an_error_at_tls_cert()
    {
        var cert = Write("cert.pem", TestCertificates.CertificatePem(TestCertificates.SelfSigned()));

        AssertError($"hbd_port: 8443\ntls_cert: {cert}\n", 2, "tls_cert", "set tls_key too");
    }

    [Fact]
    public void Tls_key_without_tls_cert_is_an_error_at_tls_key()
    {
        var key = Write("key.pem", TestCertificates.KeyPem(TestCertificates.SelfSigned()));

        AssertError($"tls_key: {key}\n", 1, "tls_key", "set tls_cert too");
    }

    [Fact]
    public void A_missing_certificate_file_is_an_error_naming_it()
    {
        var key = Write("key.pem", TestCertificates.KeyPem(TestCertificates.SelfSigned()));
        var missing = Path.Combine(_dir, "nope.pem");

        AssertError($"tls_cert: {missing}\ntls_key: {key}\n", 1, "tls_cert", $"cannot read certificate file '{missing}'");
    }

    [Fact]
    public void A_directory_as_key_file_is_an_error_naming_it()
    {
        var (cert, _) = WritePair(TestCertificates.SelfSigned());

        AssertError($"tls_cert: {cert}\ntls_key: {_dir}\n", 2, "tls_key", $"cannot read key file '{_dir}'");
    }

    [Fact]
    public void A_file_over_one_mebibyte_is_refused_unread()
    {
        var (_, key) = WritePair(TestCertificates.SelfSigned());
        var big = Write("big.pem", new string('#', PemText.MaxBytes + 1));

        AssertError($"tls_cert: {big}\ntls_key: {key}\n", 1, "tls_cert", "is larger than 1 MiB");
    }

    [Fact]
    public void A_certificate_file_without_a_certificate_is_an_error()
    {
        var (_, key) = WritePair(TestCertificates.SelfSigned());
        var text = Write("text.pem", "hello\n");

        AssertError($"tls_cert: {text}\ntls_key: {key}\n", 1, "tls_cert", $"no certificate in '{text}'");
    }

    [Fact]
    public void A_key_given_as_the_certificate_is_named_as_such()
    {
        var (_, key) = WritePair(TestCertificates.SelfSigned());

        AssertError($"tls_cert: {key}\ntls_key: {key}\n", 1, "tls_cert", "it holds a private key, which belongs in tls_key");
    }

    [Fact]
    public void A_corrupt_certificate_is_an_error()
    {
        var (_, key) = WritePair(TestCertificates.SelfSigned());
        var corrupt = Write("corrupt.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        AssertError($"tls_cert: {corrupt}\ntls_key: {key}\n", 1, "tls_cert", "holds a certificate that cannot be read");
    }

    [Fact]
    public void A_certificate_only_for_clients_is_refused()
    {
        var (cert, key) = WritePair(TestCertificates.SelfSigned(usage: TestCertificates.ClientAuth));

        AssertError($"tls_cert: {cert}\ntls_key: {key}\n", 1, "tls_cert", "lacks serverAuth");
    }

    [Fact]
    public void A_certificate_given_as_the_key_is_named_as_such()
    {
        var (cert, _) = WritePair(TestCertificates.SelfSigned());

        AssertError($"tls_cert: {cert}\ntls_key: {cert}\n", 2, "tls_key", "it holds a certificate, which belongs in tls_cert");
    }

    [Fact]
    public void An_encrypted_key_is_refused_with_how_to_decrypt_it()
    {
        using var made = TestCertificates.SelfSigned();
        var cert = Write("cert.pem", TestCertificates.CertificatePem(made));
        using var rsa = made.GetRSAPrivateKey()!;
        var encrypted = Write("encrypted.pem", rsa.ExportEncryptedPkcs8PrivateKeyPem("secret",
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));

        AssertError($"tls_cert: {cert}\ntls_key: {encrypted}\n", 2, "tls_key", "is encrypted; hbd needs it unencrypted (openssl pkey");
    }

    [Fact]
    public void A_key_file_with_two_keys_is_refused()
    {
        var (cert, key) = WritePair(TestCertificates.SelfSigned());
        var two = Write("two.pem", File.ReadAllText(key) + TestCertificates.KeyPem(TestCertificates.SelfSigned()));

        AssertError($"tls_cert: {cert}\ntls_key: {two}\n", 2, "tls_key", "holds 2 private keys");
    }

    [Fact]
    public void A_key_of_another_certificate_is_refused()
    {
        var (cert, _) = WritePair(TestCertificates.SelfSigned());
        var other = Write("other.pem", TestCertificates.KeyPem(TestCertificates.SelfSigned()));

        AssertError($"tls_cert: {cert}\ntls_key: {other}\n", 2, "tls_key", $"the private key in '{other}' does not belong to the certificate in '{cert}'");
    }

    [Fact]
    public void An_ec_key_for_an_rsa_certificate_is_named_as_such()
    {
        var (cert, _) = WritePair(TestCertificates.SelfSigned());
        var ec = Write("ec.pem", TestCertificates.KeyPem(TestCertificates.SelfSigned(ec: true), TestKeyFormat.EcSec1));

        AssertError($"tls_cert: {cert}\ntls_key: {ec}\n", 2, "tls_key", "holds an EC key, but the certificate");
    }

    [Fact]
    public void A_corrupt_key_is_an_error()
    {
        var (cert, _) = WritePair(TestCertificates.SelfSigned());
        var corrupt = Write("corrupt.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        AssertError($"tls_cert: {cert}\ntls_key: {corrupt}\n", 2, "tls_key", "cannot be read");
    }

    private ServerOptions Parse(string yaml) => ServerOptions.Parse(ConfigDocument.Parse(yaml, Path.Combine(_dir, "hbd.yaml")));

    private void AssertError(string yaml, int line, string key, string detail)
    {
        var error = Assert.Throws<ConfigException>(() => Parse(yaml));
        Assert.StartsWith($"{Path.Combine(_dir, "hbd.yaml")}:{line}: key '{key}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    private (string Cert, string Key) WritePair(X509Certificate2 made)
    {
        using (made)
            return (Write($"cert-{made.Thumbprint}.pem", TestCertificates.CertificatePem(made)), Write($"key-{made.Thumbprint}.pem", TestCertificates.KeyPem(made)));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
