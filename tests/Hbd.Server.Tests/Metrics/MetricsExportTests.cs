using Hbd.Common.Config;
using Hbd.Server.Config;
using Hbd.Server.Metrics;

namespace Hbd.Server.Tests.Metrics;

public sealed class MetricsExportTests
{
    [Fact]
    public void Metrics_export_defaults_to_summary()
    {
        Assert.Equal(MetricsExport.Summary, Parse("").MetricsExport);
        Assert.Equal(MetricsExport.Summary, Parse("metrics_export:\n").MetricsExport);
    }

    [Theory]
    [InlineData("summary", MetricsExport.Summary)]
    [InlineData("all", MetricsExport.All)]
    [InlineData("none", MetricsExport.None)]
    [InlineData("\"All\"", MetricsExport.All)]
    public void Metrics_export_takes_its_three_values(string value, MetricsExport expected)
    {
        Assert.Equal(expected, Parse($"metrics_export: {value}\n").MetricsExport);
    }

    [Theory]
    [InlineData("full", "expected 'summary', 'all' or 'none', found 'full'")]
    [InlineData("false", "expected 'summary', 'all' or 'none', found 'false'")]
    [InlineData("[all]", "expected a string, found a list")]
    public void Other_values_are_an_error_naming_file_line_and_key(string value, string detail)
    {
        var e = Assert.Throws<ConfigException>(() => Parse($"# first line\nmetrics_export: {value}\n"));

        Assert.Equal($"hbd.yaml:2: key 'metrics_export': {detail}", e.Message);
    }

    [Fact]
    public void Metrics_export_is_a_known_server_key()
    {
        Assert.Contains(MetricsExports.Key, ConfigKeys.Server);
        Assert.Empty(ConfigKeys.UnknownKeyWarnings(ConfigDocument.Parse("metrics_export: all\n", "hbd.yaml")));
    }

    private static ServerOptions Parse(string yaml) => ServerOptions.Parse(ConfigDocument.Parse(yaml, "hbd.yaml"));
}
