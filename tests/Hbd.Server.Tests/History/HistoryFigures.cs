using System.Globalization;
using System.Text.RegularExpressions;

namespace Hbd.Server.Tests.History;

/// <summary>
/// The bytes a typical host's history takes, as docs/benchmarks.md states them in its table "history bytes per typical
/// host": the tests hold the product to the figures users read.
/// </summary>
internal static partial class HistoryFigures
{
    public static (double RawPerHour, double MinutePerDay, double QuarterPerDay) Documented()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "benchmarks.md"));
        return (Row(docs, "raw, per hour"), Row(docs, "1-minute, per day"), Row(docs, "15-minute, per day"));
    }

    private static double Row(string docs, string label)
    {
        var match = Regex.Match(docs, @"^\| " + Regex.Escape(label) + @" \| ([0-9,]+) \|", RegexOptions.Multiline);
        Assert.True(match.Success, $"docs/benchmarks.md has no row '| {label} | BYTES |'");
        return double.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "hbd.slnx")))
                return dir.FullName;
        throw new InvalidOperationException("hbd.slnx not found above " + AppContext.BaseDirectory);
    }
}
