using System.Text;
using Hbd.Common.Config;

namespace Hbd.Common.Tests.Config;

public sealed class SharedKeyTests : IDisposable
{
    private readonly TempConfigDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Key_is_utf8_of_the_string()
    {
        var root = ConfigDocument.Parse("key: s3cr\u00e9t\n").Root;

        Assert.Equal(Encoding.UTF8.GetBytes("s3cr\u00e9t"), SharedKey.FromConfig(root));
    }

    [Fact]
    public void Key_file_is_read_trimmed_and_relative_to_the_config()
    {
        _dir.Write("hb.key", "  secret-bytes \n\n");
        var config = _dir.Write("hb.yaml", "key_file: hb.key\n");

        var key = SharedKey.FromConfig(ConfigDocument.Load(config).Root);

        Assert.Equal("secret-bytes"u8.ToArray(), key);
    }

    [Fact]
    public void No_key_is_null()
    {
        Assert.Null(SharedKey.FromConfig(ConfigDocument.Parse("a: 1\n").Root));
    }

    [Fact]
    public void Both_key_and_key_file_is_an_error()
    {
        var e = Assert.Throws<ConfigException>(() =>
            SharedKey.FromConfig(ConfigDocument.Parse("key: a\nkey_file: /x\n", "hb.yaml").Root));

        Assert.Equal("hb.yaml:2: key 'key_file': set either 'key' or 'key_file', not both", e.Message);
    }

    [Fact]
    public void Unreadable_key_file_names_the_config_line()
    {
        var config = _dir.Write("hb.yaml", "name: a\nkey_file: missing.key\n");

        var e = Assert.Throws<ConfigException>(() => SharedKey.FromConfig(ConfigDocument.Load(config).Root));

        Assert.Equal(config, e.FilePath);
        Assert.Equal(2, e.Line);
        Assert.Equal("key_file", e.Key);
        Assert.Contains("cannot read key file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("key: \"\"\n")]
    [InlineData("key_file: empty.key\n")]
    public void Empty_secret_is_an_error(string yaml)
    {
        _dir.Write("empty.key", " \n");
        var config = _dir.Write("hb.yaml", yaml);

        Assert.Throws<ConfigException>(() => SharedKey.FromConfig(ConfigDocument.Load(config).Root));
    }
}
