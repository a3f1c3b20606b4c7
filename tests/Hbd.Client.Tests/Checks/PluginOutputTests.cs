using Hbd.Client.Checks;

namespace Hbd.Client.Tests.Checks;

public sealed class PluginOutputTests
{
    [Fact]
    public void First_line_is_the_message_and_after_the_bar_the_perfdata()
    {
        var output = PluginOutput.Parse("PROCS OK: 78 processes | procs=78;;;0;\n");

        Assert.Equal("PROCS OK: 78 processes", output.Message);
        Assert.Equal("procs", Assert.Single(output.PerfData).Label);
    }

    [Fact]
    public void Check_disk_message_ends_before_the_bar()
    {
        var output = PluginOutput.Parse(
            "DISK OK - free space: / 80376MiB (85% inode=97%);| /=14819524608B;243497277849;257024904396;0;270552530944\n");

        Assert.Equal("DISK OK - free space: / 80376MiB (85% inode=97%);", output.Message);
        Assert.Equal("/", Assert.Single(output.PerfData).Label);
    }

    [Fact]
    public void Long_text_is_ignored_but_perfdata_after_a_later_bar_is_kept()
    {
        // The multi-line example from the Nagios plugin API documentation.
        const string text = """
            DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968
            / 15272 MB (77%);
            /boot 68 MB (69%);
            /home 69357 MB (27%);
            /var/log 819 MB (84%); | /boot=68MB;88;93;0;98
            /home=69357MB;253404;253409;0;253414
            /var/log=818MB;970;975;0;980
            """;

        var output = PluginOutput.Parse(text);

        Assert.Equal("DISK OK - free space: / 3326 MB (56%);", output.Message);
        Assert.Equal(["/", "/boot", "/home", "/var/log"], output.PerfData.Select(i => i.Label));
        Assert.Equal(818, output.PerfData[3].Value);
    }

    [Fact]
    public void Long_text_without_a_bar_gives_no_perfdata()
    {
        var output = PluginOutput.Parse("CRITICAL: text\nsome=1 thing=2\n");

        Assert.Equal("CRITICAL: text", output.Message);
        Assert.Empty(output.PerfData);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("\n\n", "")]
    [InlineData("  padded  \r\nrest", "padded")]
    [InlineData("|x=1", "")]
    [InlineData("no newline at end", "no newline at end")]
    public void Messages_are_trimmed(string? text, string message)
    {
        Assert.Equal(message, PluginOutput.Parse(text).Message);
    }
}
