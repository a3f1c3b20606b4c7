using System.Text;
using Hbd.Common.Config;

namespace Hbd.Common.Tests.Config;

/// <summary>Malformed input of every kind must end in a ConfigException with the file and a line, and nothing else.</summary>
public sealed class ConfigFuzzTests : IDisposable
{
    private const string Valid = """
        # a realistic file that both programs read
        hb_port: 50003
        interval: 10s
        name: web-1.example.org
        servers: [mon1, "mon2:50003", "[::1]:50003"]
        key: s3cret
        plugins:
          disk: {exclude_types: [tmpfs, overlay], exclude_mounts: ["/snap/*"]}
          nagios:
            checks:
              ssh: {command: ["/usr/lib/nagios/plugins/check_ssh", "localhost"], interval: 60, timeout: 10}
        thresholds:
          cpu: {warning: 80, critical: 95}
          disk: {warning: 85, critical: 95, mounts: {"/backup": {warning: 95, critical: 98}}}
        base: &base {late_after: 1m, down_after: 5m, notify: false}
        classes:
          laptops: {match: ["laptop-*"], down_after: 6h, notify: false}
          core:
            <<: *base
            match: ["db*", "gw*"]
        notify:
          - {events: [host_down, host_up], hosts: ["*"], channels: [pushover]}
        """;

    private readonly TempConfigDir _dir = new();
    private readonly Random _random = new(20_261_125);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Random_bytes_only_raise_config_errors()
    {
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[_random.Next(0, 400)];
            _random.NextBytes(bytes);
            AssertOnlyConfigErrors(bytes);
        }
    }

    [Fact]
    public void Random_printable_text_only_raises_config_errors()
    {
        const string Alphabet = "ab:- \n\t[]{},&*!|>'\"#%@`?~<=.0123456789\\";
        for (var i = 0; i < 2_000; i++)
        {
            var text = new StringBuilder();
            var length = _random.Next(0, 120);
            for (var j = 0; j < length; j++)
                text.Append(Alphabet[_random.Next(Alphabet.Length)]);
            AssertOnlyConfigErrors(Encoding.UTF8.GetBytes(text.ToString()));
        }
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_only_raises_config_errors()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid);
        for (var length = 0; length <= bytes.Length; length++)
            AssertOnlyConfigErrors(bytes[..length]);
    }

    [Fact]
    public void Mutations_of_a_valid_file_only_raise_config_errors()
    {
        const string Inserts = "\t:-[]{}&*!|>'\"#\n ~<<\0\u00e9";
        for (var i = 0; i < 3_000; i++)
        {
            var text = new StringBuilder(Valid);
            for (var edits = _random.Next(1, 4); edits > 0; edits--)
            {
                var at = _random.Next(text.Length);
                switch (_random.Next(3))
                {
                    case 0:
                        text.Remove(at, Math.Min(_random.Next(1, 6), text.Length - at));
                        break;
                    case 1:
                        text.Insert(at, Inserts[_random.Next(Inserts.Length)]);
                        break;
                    default:
                        text[at] = Inserts[_random.Next(Inserts.Length)];
                        break;
                }
            }
            AssertOnlyConfigErrors(Encoding.UTF8.GetBytes(text.ToString()));
        }
    }

    [Theory]
    [InlineData("a: 1\n\tb: 2\n")]
    [InlineData("a:\n\t- 1\n")]
    [InlineData("a: &x 1\nb: *x\nc: *y\n")]
    [InlineData("a: &x [*x]\n")]
    [InlineData("<<: 5\n")]
    [InlineData("a: {<<: [1, 2]}\n")]
    [InlineData("a: 999999999999999999999999999999999999\nb: -99999999999999999999\nc: 1e999\n")]
    [InlineData("a: !!binary aGVsbG8=\nb: !custom x\nc: !!int abc\n")]
    [InlineData("%YAML 1.1\n---\na: 1\n")]
    [InlineData("%FOO bar\n---\na: 1\n")]
    [InlineData("a: 'unterminated\n")]
    [InlineData("a: \"\\x\"\n")]
    [InlineData("a: |\n  ok\n bad\n")]
    [InlineData("? |\n  block key\n: v\n")]
    [InlineData("a: b: c\n")]
    [InlineData("- a\nb: c\n")]
    [InlineData("...\n...\n")]
    [InlineData("a: 1\n...\n---\nb: 2\n")]
    [InlineData("@a: 1\n")]
    [InlineData("a: `b`\n")]
    [InlineData("a: \ufeff1\n")]
    [InlineData("a: \u2028b\n")]
    [InlineData("a: \"\\0\"\nb: \"x\\u0000y\"\nc: \"\\x01\"\n")]
    [InlineData("a: \u0085b\n")]
    public void Tricky_documents_only_raise_config_errors(string text)
    {
        AssertOnlyConfigErrors(Encoding.UTF8.GetBytes(text));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(5_000)]
    [InlineData(100_000)]
    public void Deep_nesting_only_raises_config_errors(int depth)
    {
        AssertOnlyConfigErrors(Encoding.UTF8.GetBytes("a: " + new string('{', depth) + "\n"));
        AssertOnlyConfigErrors(Encoding.UTF8.GetBytes("a: " + string.Concat(Enumerable.Repeat("- ", depth)) + "x\n"));
        AssertOnlyConfigErrors(Encoding.UTF8.GetBytes("a: " + string.Concat(Enumerable.Repeat("{b: ", depth)) + "1" + new string('}', depth) + "\n"));
    }

    private void AssertOnlyConfigErrors(byte[] bytes)
    {
        var path = _dir.Write("fuzz.yaml", bytes);
        try
        {
            var doc = ConfigDocument.Load(path);
            Walk(doc.Root, 0);
        }
        catch (ConfigException e)
        {
            Assert.Equal(path, e.FilePath);
            Assert.True(e.Line > 0, $"no line in '{e.Message}' for input {Convert.ToBase64String(bytes)}");
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name} escaped: {e.Message}\ninput (base64): {Convert.ToBase64String(bytes)}");
        }
    }

    /// <summary>Reads every value with every getter; each may refuse, but only with a located ConfigException.</summary>
    private static void Walk(ConfigNode node, int depth)
    {
        Assert.True(depth <= ConfigDocument.MaxDepth + 1);
        foreach (var entry in node.Entries)
        {
            Try(() => node.GetString(entry.Key));
            Try(() => node.GetInt(entry.Key, 1, 65535));
            Try(() => node.GetBool(entry.Key));
            Try(() => node.GetDuration(entry.Key, TimeSpan.FromSeconds(1)));
            Try(() => node.GetStringList(entry.Key));
            Try(() => node.GetMap(entry.Key));
            Try(() => node.GetList(entry.Key));
            Try(() => node.GetPath(entry.Key));
            Walk(entry.Value, depth + 1);
        }
        foreach (var item in node.Items)
            Walk(item, depth + 1);
    }

    private static void Try(Func<object?> read)
    {
        try
        {
            read();
        }
        catch (ConfigException e)
        {
            Assert.True(e.Line > 0, e.Message);
            Assert.NotNull(e.Key);
        }
    }
}
