using Hbd.Common.Config;

namespace Hbd.Common.Tests.Config;

public sealed class ConfigNodeTests
{
    private const string File = "/etc/hb.yaml";

    private static ConfigNode Root(string yaml) => ConfigDocument.Parse(yaml, File).Root;

    [Fact]
    public void Wrong_type_names_file_line_and_key()
    {
        var classes = Root("name: web1\nclasses:\n  core:\n    down_after: [1, 2]\n").GetMap("classes")!.GetMap("core")!;

        var e = Assert.Throws<ConfigException>(() => classes.GetDuration("down_after"));

        Assert.Equal(File, e.FilePath);
        Assert.Equal(4, e.Line);
        Assert.Equal("classes.core.down_after", e.Key);
        Assert.StartsWith("/etc/hb.yaml:4: key 'classes.core.down_after': expected a duration", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("found a list", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_read_numbers_and_booleans_as_written()
    {
        var root = Root("a: hello\nb: 123\nc: true\nd: \"quoted\"\ne: |\n  line1\n  line2\n");

        Assert.Equal("hello", root.GetString("a"));
        Assert.Equal("123", root.GetString("b"));
        Assert.Equal("true", root.GetString("c"));
        Assert.Equal("quoted", root.GetString("d"));
        Assert.Equal("line1\nline2\n", root.GetString("e"));
    }

    [Theory]
    [InlineData("a: ~\n")]
    [InlineData("a: null\n")]
    [InlineData("a: NULL\n")]
    [InlineData("a:\n")]
    [InlineData("b: 1\n")]
    public void Null_values_count_as_absent(string yaml)
    {
        var root = Root(yaml);

        Assert.False(root.Has("a"));
        Assert.Null(root.Get("a"));
        Assert.Null(root.GetString("a"));
        Assert.Null(root.GetInt("a"));
        Assert.Null(root.GetBool("a"));
        Assert.Null(root.GetDuration("a"));
        Assert.Null(root.GetStringList("a"));
        Assert.Null(root.GetMap("a"));
    }

    [Fact]
    public void Quoted_tilde_is_a_string_not_null()
    {
        Assert.Equal("~", Root("a: \"~\"\n").GetString("a"));
    }

    [Theory]
    [InlineData("50003", 50003)]
    [InlineData("\"50003\"", 50003)]
    [InlineData("1_000_000", 1_000_000)]
    [InlineData("-5", -5)]
    [InlineData("+7", 7)]
    public void Integers_parse(string text, int expected)
    {
        Assert.Equal(expected, Root($"n: {text}\n").GetInt("n"));
    }

    [Theory]
    [InlineData("70000", "out of range: must be between 1 and 65535")]
    [InlineData("0", "out of range: must be between 1 and 65535")]
    [InlineData("99999999999999999999999", "out of range")]
    [InlineData("abc", "expected a whole number, found 'abc'")]
    [InlineData("1.5", "expected a whole number")]
    [InlineData("0x10", "expected a whole number")]
    [InlineData("true", "expected a whole number")]
    [InlineData("{a: 1}", "expected a whole number, found a mapping")]
    public void Bad_integers_say_why(string text, string detail)
    {
        var e = Assert.Throws<ConfigException>(() => Root($"x: 1\nhb_port: {text}\n").GetInt("hb_port", 1, 65535));

        Assert.Equal(2, e.Line);
        Assert.Equal("hb_port", e.Key);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("yes", true)]
    [InlineData("on", true)]
    [InlineData("ON", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    [InlineData("\"yes\"", true)]
    public void Booleans_accept_yaml_1_1_words(string text, bool expected)
    {
        Assert.Equal(expected, Root($"b: {text}\n").GetBool("b"));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("maybe")]
    [InlineData("[true]")]
    public void Bad_booleans_are_errors(string text)
    {
        var e = Assert.Throws<ConfigException>(() => Root($"encrypt: {text}\n").GetBool("encrypt"));

        Assert.Equal(1, e.Line);
        Assert.Equal("encrypt", e.Key);
    }

    [Fact]
    public void Durations_accept_numbers_and_units()
    {
        var root = Root("a: 10\nb: 90s\nc: 1h30m\nd: 0.5\n");

        Assert.Equal(TimeSpan.FromSeconds(10), root.GetDuration("a"));
        Assert.Equal(TimeSpan.FromSeconds(90), root.GetDuration("b"));
        Assert.Equal(TimeSpan.FromMinutes(90), root.GetDuration("c"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), root.GetDuration("d"));
    }

    [Theory]
    [InlineData("-5", "expected a duration")]
    [InlineData("5 minutes", "expected a duration")]
    [InlineData("0", "too short: must be at least 1s")]
    [InlineData("2d", "too long: must be at most 1d")]
    public void Bad_durations_say_why(string text, string detail)
    {
        var e = Assert.Throws<ConfigException>(() =>
            Root($"interval: {text}\n").GetDuration("interval", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)));

        Assert.Equal("interval", e.Key);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void String_list_accepts_a_single_string()
    {
        var root = Root("a: one\nb: [one, two]\nc:\n  - x\n  - 2\nd: []\n");

        Assert.Equal(["one"], root.GetStringList("a"));
        Assert.Equal(["one", "two"], root.GetStringList("b"));
        Assert.Equal(["x", "2"], root.GetStringList("c"));
        Assert.Empty(root.GetStringList("d")!);
    }

    [Fact]
    public void String_list_item_of_wrong_type_names_its_index()
    {
        var e = Assert.Throws<ConfigException>(() => Root("servers:\n  - a\n  - {b: 1}\n").GetStringList("servers"));

        Assert.Equal(3, e.Line);
        Assert.Equal("servers[1]", e.Key);
    }

    [Fact]
    public void Map_of_wrong_type_is_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => Root("plugins: [cpu]\n").GetMap("plugins"));

        Assert.Equal("/etc/hb.yaml:1: key 'plugins': expected a mapping (key: value), found a list", e.Message);
    }

    [Fact]
    public void Entries_keep_file_order_and_key_lines()
    {
        var root = Root("zeta: 1\nalpha:\n  x: 1\nmid: ~\n");

        var entries = root.Entries;

        Assert.Equal(["zeta", "alpha", "mid"], entries.Select(e => e.Key));
        Assert.Equal([1, 2, 4], entries.Select(e => e.Line));
        Assert.Equal(3, entries[1].Value.Line);
        Assert.True(entries[2].Value.IsNull);
        Assert.Equal(4, entries[2].Value.Line);
    }

    [Fact]
    public void Error_at_absent_key_uses_the_mapping_line()
    {
        var map = Root("a: 1\nb:\n  c: 2\n").GetMap("b")!;

        var e = map.ErrorAt("missing", "needed");

        Assert.Equal("/etc/hb.yaml:3: key 'b.missing': needed", e.Message);
    }

    [Fact]
    public void Paths_are_relative_to_the_config_file()
    {
        var root = Root("a: hb.key\nb: /abs/hb.key\n");

        Assert.Equal("/etc/hb.key", root.GetPath("a"));
        Assert.Equal("/abs/hb.key", root.GetPath("b"));
    }

    [Fact]
    public void Getters_on_a_scalar_see_no_keys()
    {
        var scalar = Root("a: 1\n").Get("a")!;

        Assert.Null(scalar.GetString("x"));
        Assert.Empty(scalar.Entries);
        Assert.Empty(scalar.Items);
    }
}
