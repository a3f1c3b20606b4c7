using Hbd.Client.Config;
using Hbd.Common.Config;

namespace Hbd.Client.Tests.Config;

public sealed class ClientOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hbc-config-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Empty_config_gives_the_documented_defaults()
    {
        var options = ClientOptions.Parse(ConfigDocument.Empty);

        Assert.Equal(50003, options.HbPort);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Interval);
        Assert.Null(options.Name);
        Assert.Empty(options.Servers);
        Assert.Null(options.Key);
        Assert.False(options.Encrypt);
        Assert.Null(options.Plugins);
        Assert.Null(options.Thresholds);
        Assert.Equal(ClientOptions.Defaults with { ConfigPath = null }, options with { ConfigPath = null });
    }

    [Fact]
    public void Every_client_key_is_read()
    {
        var path = Write("hb.yaml", """
            hb_port: 6000
            interval: 1m
            name: web-1.example.org
            servers: [mon1, "mon2:50003", "[::1]:50003"]
            key: s3cret
            encrypt: yes
            plugins:
              disk: {exclude_types: [tmpfs]}
            thresholds:
              cpu: {warning: 80, critical: 95}
            """);

        var options = ClientOptions.Parse(ConfigDocument.Load(path));

        Assert.Equal(path, options.ConfigPath);
        Assert.Equal(6000, options.HbPort);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Interval);
        Assert.Equal("web-1.example.org", options.Name);
        Assert.Equal(["mon1", "mon2:50003", "[::1]:50003"], options.Servers);
        Assert.Equal("s3cret"u8.ToArray(), options.Key);
        Assert.True(options.Encrypt);
        Assert.Equal(["tmpfs"], options.Plugins!.GetMap("disk")!.GetStringList("exclude_types"));
        Assert.Equal(95, options.Thresholds!.GetMap("cpu")!.GetInt("critical"));
        Assert.Equal("thresholds.cpu", options.Thresholds.GetMap("cpu")!.Path);
    }

    [Fact]
    public void Interval_in_plain_seconds_is_accepted()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Parse("interval: 30\n").Interval);
    }

    [Fact]
    public void A_single_server_string_is_a_list_of_one()
    {
        Assert.Equal(["mon1"], Parse("servers: mon1\n").Servers);
    }

    [Fact]
    public void Key_file_is_read_relative_to_the_config_and_trimmed()
    {
        Write("hb.key", "abc123\n");
        var path = Write("hb.yaml", "key_file: hb.key\n");

        Assert.Equal("abc123"u8.ToArray(), ClientOptions.Parse(ConfigDocument.Load(path)).Key);
    }

    [Fact]
    public void Unreadable_key_file_is_a_config_error_at_its_line()
    {
        var path = Write("hb.yaml", "interval: 10\nkey_file: /nonexistent/hb.key\n");

        var e = Assert.Throws<ConfigException>(() => ClientOptions.Parse(ConfigDocument.Load(path)));

        Assert.StartsWith($"{path}:2: key 'key_file': cannot read key file '/nonexistent/hb.key'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_and_key_file_together_is_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("key: a\nkey_file: b\n"));

        Assert.Equal("key_file", e.Key);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Encrypt_without_a_key_is_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("encrypt: true\n"));

        Assert.Equal("hb.yaml:1: key 'encrypt': encryption needs a shared secret: set 'key' or 'key_file'", e.Message);
    }

    [Theory]
    [InlineData("hb_port: 0\n", "hb_port")]
    [InlineData("hb_port: 65536\n", "hb_port")]
    [InlineData("hb_port: http\n", "hb_port")]
    [InlineData("interval: 0.5\n", "interval")]
    [InlineData("interval: 2d\n", "interval")]
    [InlineData("interval: -10\n", "interval")]
    [InlineData("interval: often\n", "interval")]
    [InlineData("name: \"web 1\"\n", "name")]
    [InlineData("name: [a]\n", "name")]
    [InlineData("servers: {a: 1}\n", "servers")]
    [InlineData("servers: [mon1, \"\"]\n", "servers[1]")]
    [InlineData("servers: [mon1, \"mon2:99999\"]\n", "servers[1]")]
    [InlineData("servers: [mon1, \"[::1\"]\n", "servers[1]")]
    [InlineData("hb_port: [1]\n", "hb_port")]
    [InlineData("encrypt: maybe\n", "encrypt")]
    [InlineData("plugins: [cpu]\n", "plugins")]
    [InlineData("thresholds: 80\n", "thresholds")]
    [InlineData("key: [a]\n", "key")]
    public void Bad_values_name_the_key_and_line(string yaml, string key)
    {
        var e = Assert.Throws<ConfigException>(() => Parse("# first line\n" + yaml));

        Assert.Equal("hb.yaml", e.FilePath);
        Assert.Equal(2, e.Line);
        Assert.Equal(key, e.Key);
    }

    [Fact]
    public void Wrong_types_for_every_key_only_raise_located_config_errors()
    {
        string[] values = ["~", "0", "-1", "99999999999999999999", "1.5", "true", "\"\"", "abc def", "[]", "[a, b]", "[[a]]", "{}", "{a: 1}", "!!binary aGk=", "\"\\u0000\""];
        foreach (var key in ConfigKeys.Client)
        {
            foreach (var value in values)
            {
                var yaml = $"# header\n{key}: {value}\n";
                try
                {
                    Parse(yaml);
                }
                catch (ConfigException e)
                {
                    Assert.Equal("hb.yaml", e.FilePath);
                    Assert.True(e.Line == 2, $"{yaml}: {e.Message}");
                    Assert.NotNull(e.Key);
                }
                catch (Exception e)
                {
                    Assert.Fail($"{e.GetType().Name} escaped for '{yaml}': {e.Message}");
                }
            }
        }
    }

    [Fact]
    public void Server_keys_are_ignored_by_the_client()
    {
        var options = Parse("hbd_port: 1\nclasses: {core: {match: x}}\nstore: postgres\n");

        Assert.Equal(ClientOptions.DefaultHbPort, options.HbPort);
    }

    private static ClientOptions Parse(string yaml) => ClientOptions.Parse(ConfigDocument.Parse(yaml, "hb.yaml"));

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
