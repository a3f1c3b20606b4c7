using System.IO.Pipelines;
using System.Text;
using Hbd.Server.Metrics;

namespace Hbd.Server.Tests.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public async Task Help_and_type_lines_come_once_before_the_first_sample_of_a_family()
    {
        var text = await Write(w =>
        {
            w.Family("hbd_a_total", "counter", "Things counted.");
            w.Sample("hbd_a_total", 3);
            w.Family("hbd_b", "gauge", "A gauge with labels.");
            w.Sample("hbd_b", [new Label("host", "web1")], 1);
            w.Sample("hbd_b", [new Label("host", "web2"), new Label("state", "up")], 0.5);
        });

        Assert.Equal("""
            # HELP hbd_a_total Things counted.
            # TYPE hbd_a_total counter
            hbd_a_total 3
            # HELP hbd_b A gauge with labels.
            # TYPE hbd_b gauge
            hbd_b{host="web1"} 1
            hbd_b{host="web2",state="up"} 0.5

            """, text);
    }

    [Fact]
    public async Task A_family_without_samples_leaves_no_lines()
    {
        var text = await Write(w =>
        {
            w.Family("hbd_empty", "gauge", "Nothing here.");
            w.Family("hbd_next", "gauge", "Something here.");
            w.Sample("hbd_next", 1);
        });

        Assert.DoesNotContain("hbd_empty", text, StringComparison.Ordinal);
        Assert.StartsWith("# HELP hbd_next Something here.\n# TYPE hbd_next gauge\nhbd_next 1\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("a \"quoted\" word", "a \\\"quoted\\\" word")]
    [InlineData("two\nlines", "two\\nlines")]
    [InlineData("\\\"\n", "\\\\\\\"\\n")]
    [InlineData("tab\tand\rreturn", "tab\tand\rreturn")]
    [InlineData("disk:/mnt/Ünïcødé ✓", "disk:/mnt/Ünïcødé ✓")]
    [InlineData("", "")]
    public async Task Label_values_escape_backslash_quote_and_newline_only(string value, string written)
    {
        var text = await Write(w => w.Sample("m", [new Label("l", value)], 1));

        Assert.Equal($"m{{l=\"{written}\"}} 1\n", text);
    }

    [Fact]
    public async Task Ready_made_labels_are_escaped_once_and_joined_with_the_others()
    {
        var host = PrometheusTextWriter.EncodeLabel("host", "we\"b\\1");

        var text = await Write(w =>
        {
            w.Family("m", "gauge", "Help.");
            w.Sample("m"u8, host, [], 1);
            w.Sample("m"u8, host, [new Label("state", "up"), new Label("x", "a\nb")], 2);
            w.Sample("m"u8, [], [new Label("state", "up")], 3);
            w.Sample("m"u8, [], [], 4);
        });

        Assert.Equal("""
            # HELP m Help.
            # TYPE m gauge
            m{host="we\"b\\1"} 1
            m{host="we\"b\\1",state="up",x="a\nb"} 2
            m{state="up"} 3
            m 4

            """, text);
    }

    [Fact]
    public async Task Help_text_escapes_backslash_and_newline_but_not_quotes()
    {
        var text = await Write(w =>
        {
            w.Family("m", "gauge", "a \"help\" with \\ and\nnewline");
            w.Sample("m", 1);
        });

        Assert.StartsWith("# HELP m a \"help\" with \\\\ and\\nnewline\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-3.0, "-3")]
    [InlineData(12.5, "12.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(8_323_002_368.0, "8323002368")]
    [InlineData(1e21, "1E+21")]
    [InlineData(1.5e-7, "1.5E-07")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    public async Task Numbers_are_written_as_the_format_reads_them(double value, string written)
    {
        Assert.Equal($"m {written}\n", await Write(w => w.Sample("m", value)));
    }

    [Fact]
    public async Task Many_samples_arrive_whole_through_the_flushes()
    {
        const int Count = 50_000;
        var flushes = 0;
        var text = await WriteAsync(async w =>
        {
            w.Family("hbd_host_up", "gauge", "Up.");
            for (var i = 0; i < Count; i++)
            {
                w.Sample("hbd_host_up", [new Label("host", $"web-{i:D6}.example.net")], i % 2);
                if (w.ShouldFlush)
                {
                    flushes++;
                    await w.FlushAsync(CancellationToken.None);
                }
            }
        });

        var lines = text.Split('\n');
        Assert.Equal(Count + 3, lines.Length); // HELP, TYPE, the samples, and the empty rest after the last newline
        Assert.Equal("hbd_host_up{host=\"web-049999.example.net\"} 1", lines[^2]);
        Assert.True(flushes >= text.Length / (64 * 1024), $"{flushes} flushes for {text.Length} bytes");
    }

    private static Task<string> Write(Action<PrometheusTextWriter> write) => WriteAsync(w =>
    {
        write(w);
        return Task.CompletedTask;
    });

    private static async Task<string> WriteAsync(Func<PrometheusTextWriter, Task> write)
    {
        using var stream = new MemoryStream();
        var pipe = PipeWriter.Create(stream);
        var writer = new PrometheusTextWriter(pipe);
        await write(writer);
        await writer.FlushAsync(CancellationToken.None);
        await pipe.CompleteAsync();
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
