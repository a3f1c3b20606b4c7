using Hbd.Client.Checks;

namespace Hbd.Client.Tests.Checks;

public sealed class CommandSplitterTests
{
    [Theory]
    [InlineData("/usr/lib/nagios/plugins/check_apt", new[] { "/usr/lib/nagios/plugins/check_apt" })]
    [InlineData("  check_disk   -w 10%\t-c 5%  ", new[] { "check_disk", "-w", "10%", "-c", "5%" })]
    [InlineData("check_dummy 2 'two words'", new[] { "check_dummy", "2", "two words" })]
    [InlineData("check_dummy 1 \"it's fine\"", new[] { "check_dummy", "1", "it's fine" })]
    [InlineData("check_http -u '/a b'/c", new[] { "check_http", "-u", "/a b/c" })]
    [InlineData("check_x '' end", new[] { "check_x", "", "end" })]
    [InlineData("check_x $HOME *", new[] { "check_x", "$HOME", "*" })]
    public void Words_split_on_whitespace_and_quotes_keep_spaces(string text, string[] argv)
    {
        Assert.Equal(argv, CommandSplitter.Split(text));
    }

    [Theory]
    [InlineData("check_dummy 'open", "unterminated '")]
    [InlineData("check_dummy \"open", "unterminated \"")]
    [InlineData("   ", "the command is empty")]
    [InlineData("'' arg", "the command is empty")]
    public void Mistakes_are_format_errors(string text, string message)
    {
        Assert.StartsWith(message, Assert.Throws<FormatException>(() => CommandSplitter.Split(text)).Message, StringComparison.Ordinal);
    }
}
