using Hbd.Server.Notify.Channels;

namespace Hbd.Server.Tests.Notify;

public sealed class ChannelTextTests
{
    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("exactly10!", 10, "exactly10!")]
    [InlineData("eleven char", 10, "eleven ch…")]
    [InlineData("abcdefgh😀z", 10, "abcdefgh…")]
    [InlineData("abcdefg😀zz", 10, "abcdefg😀…")]
    public void Shorten_cuts_with_an_ellipsis_and_never_halves_a_surrogate_pair(string text, int max, string expected)
    {
        var shortened = ChannelText.Shorten(text, max);

        Assert.Equal(expected, shortened);
        Assert.True(shortened.Length <= max);
    }

    [Fact]
    public void An_answer_becomes_one_line()
    {
        Assert.Equal("<html> <body>oops</body> </html>", ChannelText.OneLine("  <html>\r\n\t<body>oops</body>\n\n</html>\n"));
        Assert.Equal("", ChannelText.OneLine(null));
        Assert.Equal("", ChannelText.OneLine(" \n "));
    }

    [Fact]
    public void A_long_answer_is_shortened()
    {
        var line = ChannelText.OneLine(new string('a', 5000));

        Assert.Equal(ChannelText.AnswerLength, line.Length);
        Assert.EndsWith("a…", line, StringComparison.Ordinal);
    }
}
