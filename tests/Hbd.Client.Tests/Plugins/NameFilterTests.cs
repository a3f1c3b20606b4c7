using Hbd.Client.Plugins;

namespace Hbd.Client.Tests.Plugins;

public sealed class NameFilterTests
{
    [Theory]
    [InlineData("/snap/*", "/snap/core20/2318", true)]
    [InlineData("/snap/*", "/snap", false)]
    [InlineData("/srv/*", "/srv/photo archive", true)]
    [InlineData("/var*", "/var/www", true)]
    [InlineData("/var*", "/variable", true)]
    [InlineData("eth?", "eth0", true)]
    [InlineData("eth?", "eth10", false)]
    [InlineData("veth*", "veth3f2a1b7", true)]
    [InlineData("lo", "lo0", false)]
    [InlineData("lo", "lo", true)]
    [InlineData("ETH0", "eth0", false)]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("*b*c", "abxbc", true)]
    [InlineData("**", "anything/at/all", true)]
    [InlineData("fuse.*", "fuse.sshfs", true)]
    public void Patterns_are_shell_globs_whose_star_crosses_slashes(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, NameFilter.Matches(pattern, name));
    }

    [Fact]
    public void Without_includes_everything_not_excluded_is_reported()
    {
        var filter = new NameFilter([], ["lo", "veth*"]);

        Assert.True(filter.IsReported("eth0"));
        Assert.False(filter.IsReported("lo"));
        Assert.False(filter.IsReported("veth3f2a1b7"));
    }

    [Fact]
    public void With_includes_only_matching_names_that_are_not_excluded_are_reported()
    {
        var filter = new NameFilter(["eth*", "lo"], ["lo", "eth1"]);

        Assert.True(filter.IsReported("eth0"));
        Assert.False(filter.IsReported("eth1"));
        Assert.False(filter.IsReported("lo"));
        Assert.False(filter.IsReported("wg0"));
    }
}
