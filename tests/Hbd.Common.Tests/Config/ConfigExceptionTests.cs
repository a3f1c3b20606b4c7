using Hbd.Common.Config;

namespace Hbd.Common.Tests.Config;

public sealed class ConfigExceptionTests
{
    [Theory]
    [InlineData("/etc/hb.yaml", 12, "classes.core.down_after", "bad", "/etc/hb.yaml:12: key 'classes.core.down_after': bad")]
    [InlineData("/etc/hb.yaml", 0, "interval", "bad", "/etc/hb.yaml: key 'interval': bad")]
    [InlineData("/etc/hb.yaml", 3, null, "bad", "/etc/hb.yaml:3: bad")]
    [InlineData("/etc/hb.yaml", 0, null, "bad", "/etc/hb.yaml: bad")]
    [InlineData(null, 3, "interval", "bad", "line 3: key 'interval': bad")]
    [InlineData(null, 0, null, "bad", "bad")]
    public void Message_is_file_line_key_detail_without_unknown_parts(string? file, int line, string? key, string detail, string expected)
    {
        var e = new ConfigException(file, line, key, detail);

        Assert.Equal(expected, e.Message);
        Assert.Equal(file, e.FilePath);
        Assert.Equal(line, e.Line);
        Assert.Equal(key, e.Key);
        Assert.Equal(detail, e.Detail);
    }
}
