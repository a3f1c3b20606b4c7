using Hbd.Common.Config;

namespace Hbd.Common.Tests.Config;

[CollectionDefinition(nameof(HomeVariable), DisableParallelization = true)]
public sealed class HomeVariable;

/// <summary>These tests change $HOME, so nothing else runs beside them.</summary>
[Collection(nameof(HomeVariable))]
public sealed class ConfigFileLocatorTests : IDisposable
{
    private readonly TempConfigDir _dir = new();
    private readonly string? _savedHome = Environment.GetEnvironmentVariable("HOME");

    public ConfigFileLocatorTests() => Environment.SetEnvironmentVariable("HOME", _dir.Path);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("HOME", _savedHome);
        _dir.Dispose();
    }

    [Fact]
    public void Search_orders_are_the_documented_ones()
    {
        Assert.Equal(["~/.hb.yaml", "/etc/hb.yaml"], ConfigFileLocator.ClientSearchOrder);
        Assert.Equal(["~/.hb.yaml", "/etc/hbd.yaml"], ConfigFileLocator.ServerSearchOrder);
    }

    [Fact]
    public void Home_file_is_found_first()
    {
        var home = _dir.Write(".hb.yaml", "a: 1\n");
        var system = _dir.Write("system.yaml", "a: 2\n");

        Assert.Equal(home, ConfigFileLocator.Find(null, ["~/.hb.yaml", system]));
    }

    [Fact]
    public void Missing_files_of_the_search_order_are_skipped()
    {
        var system = _dir.Write("system.yaml", "a: 2\n");

        Assert.Equal(system, ConfigFileLocator.Find(null, ["~/.hb.yaml", system]));
        Assert.Null(ConfigFileLocator.Find(null, ["~/.hb.yaml", Path.Combine(_dir.Path, "none.yaml")]));
    }

    [Fact]
    public void Home_is_read_on_every_call()
    {
        var other = Directory.CreateDirectory(Path.Combine(_dir.Path, "other")).FullName;
        File.WriteAllText(Path.Combine(other, ".hb.yaml"), "");

        Assert.Null(ConfigFileLocator.Find(null, ["~/.hb.yaml"]));
        Environment.SetEnvironmentVariable("HOME", other);
        Assert.Equal(Path.Combine(other, ".hb.yaml"), ConfigFileLocator.Find(null, ["~/.hb.yaml"]));
    }

    [Fact]
    public void Explicit_path_wins_and_expands_tilde()
    {
        _dir.Write(".hb.yaml", "");
        var chosen = _dir.Write("chosen.yaml", "");

        Assert.Equal(chosen, ConfigFileLocator.Find("~/chosen.yaml", ConfigFileLocator.ClientSearchOrder));
    }

    [Fact]
    public void Explicit_path_that_does_not_exist_is_an_error()
    {
        var path = Path.Combine(_dir.Path, "missing.yaml");

        var e = Assert.Throws<ConfigException>(() => ConfigFileLocator.Find(path, ConfigFileLocator.ClientSearchOrder));

        Assert.Equal(path, e.FilePath);
        Assert.Equal($"{path}: config file not found", e.Message);
    }

    [Fact]
    public void Explicit_directory_is_an_error()
    {
        Assert.Throws<ConfigException>(() => ConfigFileLocator.Find(_dir.Path, []));
    }

    [Theory]
    [InlineData("~", "")]
    [InlineData("~/x/y", "x/y")]
    public void Tilde_expands_to_home(string path, string rest)
    {
        Assert.Equal(Path.Join(_dir.Path, rest).TrimEnd('/'), ConfigFileLocator.ExpandHome(path).TrimEnd('/'));
    }

    [Theory]
    [InlineData("/etc/hb.yaml")]
    [InlineData("~other/x")]
    [InlineData("relative/~/x")]
    public void Other_paths_are_unchanged(string path)
    {
        Assert.Equal(path, ConfigFileLocator.ExpandHome(path));
    }

    [Fact]
    public void Without_home_the_home_entry_is_skipped()
    {
        var system = _dir.Write("system.yaml", "");
        Environment.SetEnvironmentVariable("HOME", null);

        Assert.Equal(system, ConfigFileLocator.Find(null, ["~/.hb.yaml", system]));
    }
}
