using Hbd.Server.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Server.Tests.Logging;

public sealed class LogLineFormatterTests
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 1, 15, 12, 0, 7, TimeSpan.Zero).AddTicks(1_239_999);

    [Fact]
    public void Line_has_utc_time_level_category_event_and_message()
    {
        var line = Format(LogLevel.Information, "message: disk replaced");

        Assert.Equal("2026-01-15T12:00:07.123Z info: Hbd.Server.Hosting.ChangeLogger[42] message: disk replaced\n", line);
    }

    [Theory]
    [InlineData(LogLevel.Trace, "trce")]
    [InlineData(LogLevel.Debug, "dbug")]
    [InlineData(LogLevel.Information, "info")]
    [InlineData(LogLevel.Warning, "warn")]
    [InlineData(LogLevel.Error, "fail")]
    [InlineData(LogLevel.Critical, "crit")]
    public void Level_reads_as_in_the_simple_console_format(LogLevel level, string name) =>
        Assert.StartsWith($"2026-01-15T12:00:07.123Z {name}: ", Format(level, "x"), StringComparison.Ordinal);

    [Fact]
    public void Hostile_message_stays_on_one_line_with_its_controls_escaped()
    {
        var hostile = "a\rb\u001b[2Jc\u0007d\n2026-01-15T12:00:00.000Z crit: forged\u0085e\u009b31mf\u2028g\u202eh\u2066i\u007f";

        var line = Format(LogLevel.Information, "message: " + hostile);

        Assert.Equal(
            @"2026-01-15T12:00:07.123Z info: Hbd.Server.Hosting.ChangeLogger[42] message: "
                + @"a\rb\x1b[2Jc\x07d\n2026-01-15T12:00:00.000Z crit: forged\x85e\x9b31mf\u2028g\u202eh\u2066i\x7f" + "\n",
            line);
        AssertOneCleanLine(line);
    }

    [Fact]
    public void Exception_goes_on_the_same_line_with_its_line_breaks_escaped()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("attempt to write\r\na readonly database \u001b[31m");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var line = Format(LogLevel.Error, "Writing to the store failed", thrown);

        AssertOneCleanLine(line);
        Assert.Contains(@"Writing to the store failed System.InvalidOperationException: attempt to write\r\na readonly database \x1b[31m\n   at ",
            line, StringComparison.Ordinal);
        Assert.Contains(nameof(Exception_goes_on_the_same_line_with_its_line_breaks_escaped), line, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_message_without_exception_writes_nothing() => Assert.Equal("", Format(LogLevel.Information, ""));

    private static string Format(LogLevel level, string message, Exception? exception = null)
    {
        var formatter = new LogLineFormatter(new FakeTimeProvider(Now));
        var entry = new LogEntry<string>(level, "Hbd.Server.Hosting.ChangeLogger", new EventId(42), message, exception,
            static (state, _) => state);
        using var writer = new StringWriter();
        formatter.Write(entry, null, writer);
        return writer.ToString();
    }

    private static void AssertOneCleanLine(string line)
    {
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain(line[..^1], c => char.IsControl(c) || c is '\u2028' or '\u2029' || c is >= '\u202a' and <= '\u202e'
            || c is >= '\u2066' and <= '\u2069');
    }
}
