using System.Globalization;
using System.Text.RegularExpressions;
using Hbd.Common.Protocol;

namespace Hbd.Common.Tests.Protocol;

/// <summary>One ```hex block of docs/protocol.md with the tables of its section.</summary>
internal sealed record DocVector(
    string Name,
    byte[] Bytes,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<int, string> Fields,
    IReadOnlyList<DocMetric> Metrics,
    IReadOnlyList<CheckResult> Checks)
{
    public DecodeStatus Status => Enum.Parse<DecodeStatus>(Attributes.GetValueOrDefault("status", nameof(DecodeStatus.Ok)));

    public bool IsSigned => Attributes.GetValueOrDefault("signed") == "true";

    public bool HasBadSignature => Attributes.GetValueOrDefault("signature") == "bad";

    public override string ToString() => Name;
}

/// <summary>A row of a metrics table: the value as the agent had it, before float32 rounding.</summary>
internal sealed record DocMetric(string Group, string Name, double Value, AlertLevel Level);

/// <summary>
/// The test vectors, read from docs/protocol.md itself so that the document and the tests cannot drift,
/// and the heartbeats each valid one was built from.
/// </summary>
internal static partial class TestVectors
{
    private static readonly Lazy<IReadOnlyList<DocVector>> Loaded = new(() => Parse(File.ReadAllLines(DocumentPath)));

    /// <summary>docs/protocol.md, found above the test binaries.</summary>
    public static string DocumentPath => FindDocument();

    public static IReadOnlyList<DocVector> All => Loaded.Value;

    public static DocVector Get(string name) => All.Single(v => v.Name == name);

    /// <summary>The heartbeat a valid vector encodes; null for the hand-made ones.</summary>
    public static Heartbeat? BuiltFrom(string name) => name switch
    {
        "minimal" or "minimal-signed" => TypicalBeats.Minimal(),
        "message" or "message-signed" => TypicalBeats.MessageOnly(),
        "typical-signed" => TypicalBeats.Typical(),
        "inventory" => TypicalBeats.WithInventory(),
        "metric-names" => TypicalBeats.MetricNames(),
        _ => null,
    };

    /// <summary>What a valid vector reads back as (a vector with unknown keys reads as the one without).</summary>
    public static Heartbeat? ReadsAs(string name) => name == "future" ? TypicalBeats.Minimal() : BuiltFrom(name);

    public static TheoryData<string> Names(Func<DocVector, bool> filter)
    {
        var data = new TheoryData<string>();
        foreach (var vector in All.Where(filter))
            data.Add(vector.Name);
        return data;
    }

    internal static IReadOnlyList<DocVector> Parse(IReadOnlyList<string> lines)
    {
        var vectors = new List<DocVector>();
        var fields = new Dictionary<int, string>();
        var metrics = new List<DocMetric>();
        var checks = new List<CheckResult>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#'))
            {
                fields = [];
                metrics = [];
                checks = [];
            }
            else if (FieldRow().Match(line) is { Success: true } field)
            {
                fields[int.Parse(field.Groups[1].Value, CultureInfo.InvariantCulture)] = field.Groups[2].Value;
            }
            else if (MetricRow().Match(line) is { Success: true } metric)
            {
                metrics.Add(new DocMetric(metric.Groups[1].Value, metric.Groups[2].Value,
                    double.Parse(metric.Groups[3].Value, CultureInfo.InvariantCulture), ParseLevel(metric.Groups[4].Value)));
            }
            else if (CheckRow().Match(line) is { Success: true } check)
            {
                checks.Add(new CheckResult(check.Groups[1].Value, ParseLevel(check.Groups[2].Value), check.Groups[3].Value));
            }
            else if (line.StartsWith("```hex ", StringComparison.Ordinal))
            {
                var attributes = line["```hex ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(a => a.Split('=', 2))
                    .ToDictionary(a => a[0], a => a[1], StringComparer.Ordinal);
                var hex = new List<string>();
                for (i++; !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
                    hex.Add(lines[i]);
                var bytes = Convert.FromHexString(string.Concat(hex).Replace(" ", "", StringComparison.Ordinal));
                vectors.Add(new DocVector(attributes["name"], bytes, attributes, fields, metrics, checks));
            }
        }
        return vectors;
    }

    private static AlertLevel ParseLevel(string text) =>
        AlertLevels.TryParse(text, out var level) ? level : throw new FormatException($"Not a level: {text}");

    private static string FindDocument()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "protocol.md");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException("docs/protocol.md not found above " + AppContext.BaseDirectory);
    }

    /// <summary>| 2 | sequence | `42` |</summary>
    [GeneratedRegex(@"^\| (\d+) \| \w+ \| `([^`]*)` \|")]
    private static partial Regex FieldRow();

    /// <summary>| `disk:/var` | `used_pct` | 87.1 | WARNING |</summary>
    [GeneratedRegex(@"^\| `([^`]+)` \| `([^`]+)` \| ([-+0-9.eE]+) \| (OK|WARNING|CRITICAL|UNKNOWN) \|$")]
    private static partial Regex MetricRow();

    /// <summary>| `apt` | WARNING | APT WARNING: … |</summary>
    [GeneratedRegex(@"^\| `([^`]+)` \| (OK|WARNING|CRITICAL|UNKNOWN) \| (.*) \|$")]
    private static partial Regex CheckRow();
}
