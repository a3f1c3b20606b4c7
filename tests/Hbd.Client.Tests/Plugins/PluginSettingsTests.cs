using Hbd.Client.Plugins;

namespace Hbd.Client.Tests.Plugins;

public sealed class PluginSettingsTests
{
    private static PluginSettings With(string key, object? value) => new([new(key, value)]);

    [Fact]
    public void Empty_settings_give_every_fallback()
    {
        var settings = PluginSettings.Empty;

        Assert.True(settings.GetBool("per_core", true));
        Assert.Equal(7, settings.GetInt64("n", 7));
        Assert.Equal(1.5, settings.GetDouble("x", 1.5));
        Assert.Equal("d", settings.GetString("s", "d"));
        Assert.Empty(settings.GetStringList("list"));
        Assert.Empty(settings.Keys);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData("true", true)]
    [InlineData("Yes", true)]
    [InlineData(" on ", true)]
    [InlineData("FALSE", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    public void Booleans_may_be_written_as_text(object value, bool expected)
    {
        Assert.Equal(expected, With("per_core", value).GetBool("per_core", !expected));
    }

    [Fact]
    public void A_null_value_is_the_fallback()
    {
        Assert.True(With("per_core", null).GetBool("per_core", true));
    }

    [Fact]
    public void Numbers_may_be_written_as_text()
    {
        Assert.Equal(42, With("n", "42").GetInt64("n", 0));
        Assert.Equal(42, With("n", 42).GetInt64("n", 0));
        Assert.Equal(2.5, With("x", "2.5").GetDouble("x", 0));
        Assert.Equal(3, With("x", 3).GetDouble("x", 0));
    }

    [Fact]
    public void A_single_string_is_a_list_of_one()
    {
        Assert.Equal(["tmpfs"], With("exclude_types", "tmpfs").GetStringList("exclude_types"));
        Assert.Equal(["tmpfs", "overlay"], With("exclude_types", new List<object?> { "tmpfs", "overlay" }).GetStringList("exclude_types"));
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData(3)]
    public void A_wrong_type_is_a_FormatException_naming_the_key(object value)
    {
        var error = Assert.Throws<FormatException>(() => With("per_core", value).GetBool("per_core", false));

        Assert.Contains("per_core", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shapes_are_FormatExceptions()
    {
        Assert.Throws<FormatException>(() => With("n", "ten").GetInt64("n", 0));
        Assert.Throws<FormatException>(() => With("n", 1.5).GetInt64("n", 0));
        Assert.Throws<FormatException>(() => With("l", new List<object?> { "a", 1 }).GetStringList("l"));
        Assert.Throws<FormatException>(() => With("l", new Dictionary<string, object?>()).GetStringList("l"));
        Assert.Throws<FormatException>(() => With("s", new List<object?>()).GetString("s", ""));
    }

    [Fact]
    public void Later_changes_to_the_source_do_not_leak_in()
    {
        var source = new Dictionary<string, object?> { ["per_core"] = true };
        var settings = new PluginSettings(source);

        source["per_core"] = false;

        Assert.True(settings.GetBool("per_core", false));
    }
}
