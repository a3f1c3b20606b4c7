using System.Text;
using Hbd.Common.Config;

namespace Hbd.Common.Tests.Config;

public sealed class ConfigDocumentTests : IDisposable
{
    private readonly TempConfigDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Loads_a_mapping_with_file_and_line_numbers()
    {
        var path = _dir.Write("hb.yaml", "# comment\nhb_port: 50003\nplugins:\n  cpu:\n    enabled: true\n");

        var doc = ConfigDocument.Load(path);

        Assert.Equal(path, doc.Path);
        var enabled = doc.Root.GetMap("plugins")!.GetMap("cpu")!.Get("enabled")!;
        Assert.Equal(5, enabled.Line);
        Assert.Equal("plugins.cpu.enabled", enabled.Path);
        Assert.Equal(path, enabled.FilePath);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    [InlineData("\n\n\n")]
    public void Empty_file_is_an_empty_config(string text)
    {
        var doc = ConfigDocument.Load(_dir.Write("empty.yaml", text));

        Assert.Empty(doc.Root.Entries);
        Assert.Equal(ConfigNodeKind.Mapping, doc.Root.Kind);
    }

    [Fact]
    public void Empty_document_has_no_path_and_no_keys()
    {
        Assert.Null(ConfigDocument.Empty.Path);
        Assert.Empty(ConfigDocument.Empty.Root.Entries);
        Assert.Null(ConfigDocument.Empty.Root.GetString("anything"));
    }

    [Fact]
    public void Syntax_error_names_file_and_line()
    {
        var path = _dir.Write("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n");

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(path));

        Assert.Equal(path, e.FilePath);
        Assert.InRange(e.Line, 2, 4);
        Assert.StartsWith($"{path}:{e.Line}: invalid YAML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tab_indentation_is_an_error_on_its_line()
    {
        var path = _dir.Write("tabs.yaml", "a: 1\nb:\n\tc: 2\n");

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(path));

        Assert.Equal(3, e.Line);
    }

    [Theory]
    [InlineData("- a\n- b\n")]
    [InlineData("just a string\n")]
    [InlineData("42\n")]
    public void Root_that_is_not_a_mapping_is_an_error(string text)
    {
        var path = _dir.Write("root.yaml", text);

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(path));

        Assert.Equal(1, e.Line);
        Assert.Contains("top level must be a mapping", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_key_names_both_lines()
    {
        var path = _dir.Write("dup.yaml", "interval: 10\nname: a\ninterval: 20\n");

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(path));

        Assert.Equal($"{path}:3: key 'interval': duplicate key (first defined at line 1)", e.Message);
    }

    [Fact]
    public void Nested_duplicate_key_has_dotted_path()
    {
        var path = _dir.Write("dup.yaml", "classes:\n  core:\n    match: a\n    match: b\n");

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(path));

        Assert.Equal(4, e.Line);
        Assert.Equal("classes.core.match", e.Key);
    }

    [Fact]
    public void Missing_file_is_a_config_error()
    {
        var path = Path.Combine(_dir.Path, "nope.yaml");

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(path));

        Assert.Equal($"{path}: file not found", e.Message);
    }

    [Fact]
    public void Directory_is_unreadable_as_config()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(_dir.Path));

        Assert.Equal(_dir.Path, e.FilePath);
        Assert.Contains("cannot read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_junk_is_rejected_with_its_line()
    {
        var path = _dir.Write("junk.yaml", [(byte)'a', (byte)':', (byte)' ', (byte)'1', (byte)'\n', 0x00, 0x01, 0x02]);

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(path));

        Assert.Equal(2, e.Line);
        Assert.Contains("U+0000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_with_its_line()
    {
        var path = _dir.Write("latin1.yaml", [(byte)'a', (byte)':', (byte)' ', (byte)'1', (byte)'\n', (byte)'b', (byte)':', 0xE9, (byte)'\n']);

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(path));

        Assert.Equal(2, e.Line);
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Byte_order_mark_is_ignored()
    {
        var path = _dir.Write("bom.yaml", [0xEF, 0xBB, 0xBF, .. "name: web1\n"u8]);

        Assert.Equal("web1", ConfigDocument.Load(path).Root.GetString("name"));
    }

    [Fact]
    public void File_over_the_size_cap_is_rejected()
    {
        var text = new StringBuilder("hosts:\n");
        while (text.Length <= ConfigDocument.MaxBytes)
            text.Append("  - host-with-a-reasonably-long-name.example.org\n");
        var path = _dir.Write("big.yaml", text.ToString());

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(path));

        Assert.Contains("larger than", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConfigDocument.MaxDepth + 1, true)]
    [InlineData(ConfigDocument.MaxDepth, false)]
    public void Nesting_is_capped(int depth, bool rejected)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
            text.Append(' ', i * 2).Append("k:\n");
        text.Append(' ', depth * 2).Append("v\n");
        // depth mappings plus the scalar; the scalar does not count as a level.
        var path = _dir.Write("deep.yaml", text.ToString());

        if (rejected)
        {
            var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(path));
            Assert.Contains("nested more than", e.Message, StringComparison.Ordinal);
            Assert.True(e.Line > 0);
        }
        else
        {
            Assert.NotNull(ConfigDocument.Load(path));
        }
    }

    [Fact]
    public void Very_deep_flow_nesting_fails_cleanly()
    {
        var path = _dir.Write("deep.yaml", "a: " + new string('[', 200_000) + new string(']', 200_000) + "\n");

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(path));

        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Aliases_resolve_and_take_the_path_where_they_are_used()
    {
        var doc = ConfigDocument.Parse("base: &b {down_after: 5m}\nclasses:\n  core: *b\n", "x.yaml");

        var core = doc.Root.GetMap("classes")!.GetMap("core")!;

        Assert.Equal(TimeSpan.FromMinutes(5), core.GetDuration("down_after"));
        Assert.Equal("classes.core.down_after", core.Get("down_after")!.Path);
    }

    [Fact]
    public void Merge_keys_fill_in_without_overriding()
    {
        var doc = ConfigDocument.Parse("base: &b {late_after: 1m, down_after: 5m}\ncore:\n  <<: *b\n  down_after: 30s\n");

        var core = doc.Root.GetMap("core")!;

        Assert.Equal(TimeSpan.FromMinutes(1), core.GetDuration("late_after"));
        Assert.Equal(TimeSpan.FromSeconds(30), core.GetDuration("down_after"));
    }

    [Fact]
    public void Alias_bomb_is_rejected()
    {
        var text = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
            text.Append(CultureInvariant($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"));

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Parse(text.ToString(), "bomb.yaml"));

        Assert.Contains("too large", e.Message, StringComparison.Ordinal);
        Assert.True(e.Line > 1);
    }

    [Fact]
    public void Unknown_alias_is_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Parse("a: 1\nb: *nope\n", "x.yaml"));

        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Self_referencing_anchor_is_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Parse("a: &x [1, *x]\n", "x.yaml"));

        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Second_document_is_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Parse("a: 1\n---\nb: 2\n", "x.yaml"));

        Assert.Equal(2, e.Line);
        Assert.Contains("one YAML document", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complex_keys_are_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Parse("? [a, b]\n: 1\n", "x.yaml"));

        Assert.Equal(1, e.Line);
    }

    private static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);
}
