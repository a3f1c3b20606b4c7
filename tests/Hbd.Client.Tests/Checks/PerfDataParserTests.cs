using Hbd.Client.Checks;

namespace Hbd.Client.Tests.Checks;

/// <summary>The perfdata literals below are real outputs of Debian's monitoring-plugins 2.3.3 unless noted.</summary>
public sealed class PerfDataParserTests
{
    [Fact]
    public void Check_load()
    {
        var items = PerfDataParser.Parse("load1=2.800;5.000;10.000;0; load5=2.950;4.000;8.000;0; load15=1.920;3.000;6.000;0; ");

        Assert.Equal(
            [
                new PerfDataItem("load1", 2.8, "", "5.000", "10.000", 0, null),
                new PerfDataItem("load5", 2.95, "", "4.000", "8.000", 0, null),
                new PerfDataItem("load15", 1.92, "", "3.000", "6.000", 0, null),
            ],
            items);
    }

    [Fact]
    public void Check_load_scaled_with_empty_thresholds()
    {
        var items = PerfDataParser.Parse(
            "load1=2.430;;;0; scaled_load1=1.215;1.000;2.000;0; load5=2.880;;;0; scaled_load5=1.440;1.000;2.000;0; "
            + "load15=1.890;;;0; scaled_load15=0.945;1.000;2.000;0; ");

        Assert.Equal(["load1", "scaled_load1", "load5", "scaled_load5", "load15", "scaled_load15"], items.Select(i => i.Label));
        Assert.Equal(new PerfDataItem("load1", 2.43, "", null, null, 0, null), items[0]);
        Assert.Equal(new PerfDataItem("scaled_load5", 1.44, "", "1.000", "2.000", 0, null), items[3]);
    }

    [Fact]
    public void Check_disk_with_path_labels_and_bytes()
    {
        var items = PerfDataParser.Parse(
            " /=14819524608B;243497277849;257024904396;0;270552530944 /dev/shm=0B;22748332032;24012128256;0;25275924480");

        Assert.Equal(
            [
                new PerfDataItem("/", 14819524608, "B", "243497277849", "257024904396", 0, 270552530944),
                new PerfDataItem("/dev/shm", 0, "B", "22748332032", "24012128256", 0, 25275924480),
            ],
            items);
    }

    [Fact]
    public void Check_disk_older_versions_in_megabytes()
    {
        // monitoring-plugins 2.2 (Debian 10)
        var item = Assert.Single(PerfDataParser.Parse("/=3942MB;6637;7005;0;7374"));

        Assert.Equal(new PerfDataItem("/", 3942, "MB", "6637", "7005", 0, 7374), item);
    }

    [Fact]
    public void Check_procs()
    {
        var items = PerfDataParser.Parse("procs=78;;;0; procs_warn=8;;;0; procs_crit=12;;;0;");

        Assert.Equal([("procs", 78.0), ("procs_warn", 8.0), ("procs_crit", 12.0)], items.Select(i => (i.Label, i.Value!.Value)));
        Assert.All(items, item => Assert.Equal(("", null, null, 0.0, (double?)null), (item.Uom, item.Warn, item.Crit, item.Min!.Value, item.Max)));
    }

    [Fact]
    public void Check_ping_milliseconds_and_percent()
    {
        var items = PerfDataParser.Parse("rta=0.050000ms;100.000000;500.000000;0.000000 pl=0%;20;60;0;");

        Assert.Equal(
            [
                new PerfDataItem("rta", 0.05, "ms", "100.000000", "500.000000", 0, null),
                new PerfDataItem("pl", 0, "%", "20", "60", 0, null),
            ],
            items);
    }

    [Fact]
    public void Check_http_seconds_and_bytes()
    {
        var items = PerfDataParser.Parse("time=0.004444s;0.500000;1.000000;0.000000;10.000000 size=520B;;;0;");

        Assert.Equal(
            [
                new PerfDataItem("time", 0.004444, "s", "0.500000", "1.000000", 0, 10),
                new PerfDataItem("size", 520, "B", null, null, 0, null),
            ],
            items);
    }

    [Fact]
    public void Check_file_age_and_check_swap()
    {
        Assert.Equal(
            [new PerfDataItem("age", 3996, "s", "1", "2", null, null), new PerfDataItem("size", 3, "B", "0", "0", 0, null)],
            PerfDataParser.Parse("age=3996s;1;2 size=3B;0;0;0"));
        Assert.Equal([new PerfDataItem("swap", 0, "B", "0", "0", 0, 0)], PerfDataParser.Parse("swap=0B;0;0;0;0"));
    }

    [Theory]
    [InlineData("x=1s", "s")]
    [InlineData("x=1ms", "ms")]
    [InlineData("x=1us", "us")]
    [InlineData("x=1%", "%")]
    [InlineData("x=1B", "B")]
    [InlineData("x=1KB", "KB")]
    [InlineData("x=1MB", "MB")]
    [InlineData("x=1GB", "GB")]
    [InlineData("x=1TB", "TB")]
    [InlineData("x=1c", "c")]
    [InlineData("x=1", "")]
    public void The_unit_is_kept_and_the_value_is_not_converted(string text, string uom)
    {
        var item = Assert.Single(PerfDataParser.Parse(text));

        Assert.Equal((1.0, uom), (item.Value!.Value, item.Uom));
    }

    [Fact]
    public void Quoted_labels_keep_spaces_and_doubled_quotes()
    {
        var items = PerfDataParser.Parse("'C:\\ Used Space'=12.5GB;20;25;0;30 'it''s'=1 'a=b'=2 ''''=3");

        Assert.Equal(["C:\\ Used Space", "it's", "a=b", "'"], items.Select(i => i.Label));
        Assert.Equal(new PerfDataItem("C:\\ Used Space", 12.5, "GB", "20", "25", 0, 30), items[0]);
    }

    [Fact]
    public void Ranges_are_kept_as_text()
    {
        var item = Assert.Single(PerfDataParser.Parse("temp=21.5;@10:20;~:30;-40;80"));

        Assert.Equal(new PerfDataItem("temp", 21.5, "", "@10:20", "~:30", -40, 80), item);
    }

    [Fact]
    public void Negative_values_and_an_undetermined_value()
    {
        Assert.Equal(
            [new PerfDataItem("offset", -0.000123, "s", "60", "120", null, null), new PerfDataItem("jitter", null, "", null, null, null, null)],
            PerfDataParser.Parse("offset=-0.000123s;60;120 jitter=U"));
    }

    [Theory]
    [InlineData("x=1,5")]
    [InlineData("x=1,5%;2;3")]
    [InlineData("x=1.2.3")]
    [InlineData("x=1e3")]
    [InlineData("x=")]
    [InlineData("x=;1;2")]
    [InlineData("x=abc")]
    [InlineData("=1")]
    [InlineData("''=1")]
    [InlineData("'unterminated=1")]
    [InlineData("novalue")]
    [InlineData("x=-")]
    [InlineData("x=.")]
    [InlineData("x=NaN")]
    public void Malformed_items_are_refused(string text)
    {
        Assert.Empty(PerfDataParser.Parse(text));
    }

    [Fact]
    public void A_malformed_item_does_not_take_its_neighbours_with_it()
    {
        var items = PerfDataParser.Parse("a=1 b=1,5 garbage c=3;;;; d= e=5KB");

        Assert.Equal([("a", 1.0), ("c", 3.0), ("e", 5.0)], items.Select(i => (i.Label, i.Value!.Value)));
    }

    [Fact]
    public void Fields_beyond_max_and_unparsable_min_max_are_dropped()
    {
        var item = Assert.Single(PerfDataParser.Parse("x=1;2;3;low;high;extra;more"));

        Assert.Equal(new PerfDataItem("x", 1, "", "2", "3", null, null), item);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Nothing_gives_no_items(string? text)
    {
        Assert.Empty(PerfDataParser.Parse(text));
    }

    [Fact]
    public void Any_text_is_parsed_without_throwing()
    {
        var random = new Random(20261125);
        const string alphabet = "ab=';.,-:@~ \n%01UsMB|";
        for (var n = 0; n < 5000; n++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var i = 0; i < chars.Length; i++)
                chars[i] = alphabet[random.Next(alphabet.Length)];
            foreach (var item in PerfDataParser.Parse(new string(chars)))
                Assert.False(string.IsNullOrEmpty(item.Label));
        }
    }
}
