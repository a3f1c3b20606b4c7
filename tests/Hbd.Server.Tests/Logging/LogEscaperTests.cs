using Hbd.Server.Logging;

namespace Hbd.Server.Tests.Logging;

public sealed class LogEscaperTests
{
    [Theory]
    [InlineData(0x00, @"\x00")]
    [InlineData(0x07, @"\x07")]
    [InlineData(0x08, @"\x08")]
    [InlineData(0x09, @"\t")]
    [InlineData(0x0a, @"\n")]
    [InlineData(0x0b, @"\x0b")]
    [InlineData(0x0c, @"\x0c")]
    [InlineData(0x0d, @"\r")]
    [InlineData(0x1b, @"\x1b")]
    [InlineData(0x1f, @"\x1f")]
    [InlineData(0x5c, @"\\")]
    [InlineData(0x7f, @"\x7f")]
    [InlineData(0x80, @"\x80")]
    [InlineData(0x85, @"\x85")]
    [InlineData(0x9b, @"\x9b")]
    [InlineData(0x9f, @"\x9f")]
    [InlineData(0x061c, @"\u061c")]
    [InlineData(0x200e, @"\u200e")]
    [InlineData(0x200f, @"\u200f")]
    [InlineData(0x2028, @"\u2028")]
    [InlineData(0x2029, @"\u2029")]
    [InlineData(0x202a, @"\u202a")]
    [InlineData(0x202e, @"\u202e")]
    [InlineData(0x2066, @"\u2066")]
    [InlineData(0x2069, @"\u2069")]
    public void Control_character_is_escaped(int code, string escaped)
    {
        var text = $"a{(char)code}b";

        Assert.Equal($"a{escaped}b", LogEscaper.Escape(text));
    }

    [Theory]
    [InlineData("plain ascii: web-01 is up again after 5s late")]
    [InlineData("level ok → critical")]
    [InlineData("38°C, Grüße, 日本語, emoji 🖥")]
    [InlineData("\u00a0no-break space and \u00ff")]
    [InlineData("\u2027 and \u202f sit beside the escaped ranges")]
    public void Printable_text_is_left_as_it_is(string text) => Assert.Equal(text, LogEscaper.Escape(text));

    [Fact]
    public void Terminal_escape_sequence_and_bell_become_visible_text()
    {
        var escaped = LogEscaper.Escape("disk\r\u001b[2J\u0007replaced\n2026-01-01T00:00:00.000Z crit: forged");

        Assert.Equal(@"disk\r\x1b[2J\x07replaced\n2026-01-01T00:00:00.000Z crit: forged", escaped);
        Assert.DoesNotContain(escaped, char.IsControl);
    }
}
