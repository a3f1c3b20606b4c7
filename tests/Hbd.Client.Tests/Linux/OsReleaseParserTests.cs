using Hbd.Client.Linux;

namespace Hbd.Client.Tests.Linux;

public sealed class OsReleaseParserTests
{
    [Fact]
    public void Reads_the_capture_of_this_machine()
    {
        var release = OsReleaseParser.Parse(Fixtures.Read("debian12-vm", "etc/os-release"));

        Assert.Equal("Debian GNU/Linux", release.Name);
        Assert.Equal("debian", release.Id);
        Assert.Equal("12", release.Version);
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", release.PrettyName);
        Assert.Equal("bookworm", release.Values["VERSION_CODENAME"]);
    }

    [Fact]
    public void Reads_unquoted_values()
    {
        var release = OsReleaseParser.Parse(Fixtures.Read("container-alpine", "etc/os-release"));

        Assert.Equal("alpine", release.Id);
        Assert.Equal("3.19.1", release.Version);
        Assert.Equal("Alpine Linux v3.19", release.PrettyName);
    }

    [Fact]
    public void Follows_shell_quoting_rules()
    {
        const string text = """
            # a comment
              NAME='Single $HOME "quoted"'
            PRETTY_NAME="Double \"quoted\" \$5 \\ \`tick\` \n kept"
            ID=plain\ escaped
            VARIANT="con"'cat'enated
            BUILD_ID=value # trailing comment

            """;

        var values = OsReleaseParser.Parse(text).Values;

        Assert.Equal("Single $HOME \"quoted\"", values["NAME"]);
        Assert.Equal("Double \"quoted\" $5 \\ `tick` \\n kept", values["PRETTY_NAME"]);
        Assert.Equal("plain escaped", values["ID"]);
        Assert.Equal("concatenated", values["VARIANT"]);
        Assert.Equal("value", values["BUILD_ID"]);
    }

    [Fact]
    public void Prefers_VERSION_ID_and_falls_back_to_VERSION()
    {
        Assert.Equal("22.04", OsReleaseParser.Parse("VERSION=\"22.04.3 LTS (Jammy Jellyfish)\"\nVERSION_ID=\"22.04\"").Version);
        Assert.Equal("12 (bookworm)", OsReleaseParser.Parse("VERSION=\"12 (bookworm)\"").Version);
        Assert.Null(OsReleaseParser.Parse("NAME=\"Arch Linux\"\nBUILD_ID=rolling").Version);
    }

    [Fact]
    public void Missing_keys_take_the_defaults_of_os_release_5()
    {
        var release = OsReleaseParser.Parse("");

        Assert.Equal("Linux", release.Name);
        Assert.Equal("linux", release.Id);
        Assert.Equal("Linux", release.PrettyName);
        Assert.Empty(release.Values);
    }

    [Theory]
    [InlineData("NAME=\"unterminated")]
    [InlineData("NAME='unterminated")]
    [InlineData("=value")]
    [InlineData("1NAME=value")]
    [InlineData("NA-ME=value")]
    [InlineData("export NAME=value")]
    [InlineData("NAME")]
    [InlineData("\"NAME\"=value")]
    public void Skips_malformed_lines(string line)
    {
        var values = OsReleaseParser.Parse(line + "\nID=ok\n").Values;

        Assert.Equal(["ID"], values.Keys);
    }

    [Fact]
    public void Later_assignments_win()
    {
        Assert.Equal("second", OsReleaseParser.Parse("ID=first\nID=second").Id);
    }
}
