using System.Globalization;
using Hbd.Common.Protocol;

namespace Hbd.Common.Tests.Protocol;

/// <summary>docs/protocol.md §9 I: the replay window's verdicts, step by step, as the document gives them.</summary>
public sealed class ReplayVectorTests
{
    private const long Now = 1_736_942_400_000;
    private const long Skew = 300_000;
    private static readonly Dictionary<string, ulong> Runs = new() { ["A"] = 0x0123456789abcdef, ["B"] = 0x0123456789abcdf0 };

    private sealed record Step(int Number, ulong Run, ulong Sequence, long SentAt, bool Verified, ReplayVerdict Verdict, string Why);

    [Fact]
    public void The_documented_steps_give_the_documented_verdicts()
    {
        var steps = ReadSteps();
        Assert.True(steps.Count >= 13, $"expected the replay table in {TestVectors.DocumentPath}, found {steps.Count} steps");
        var window = default(ReplayWindow);
        foreach (var step in steps)
        {
            var verdict = window.Check(step.Run, step.Sequence, step.SentAt, Now, Skew, step.Verified);
            Assert.True(step.Verdict == verdict, $"step {step.Number} ({step.Why}): expected {step.Verdict}, got {verdict}");
            if (verdict is ReplayVerdict.Fresh or ReplayVerdict.NewRun)
                window.Accept(step.Run, step.Sequence, step.SentAt);
        }
    }

    private static List<Step> ReadSteps()
    {
        var lines = File.ReadAllLines(TestVectors.DocumentPath);
        var start = Array.FindIndex(lines, l => l.StartsWith("### I. Replay window", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/protocol.md has no '### I. Replay window' section");
        var steps = new List<Step>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("#", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 9 || !int.TryParse(cells[1], CultureInfo.InvariantCulture, out var number))
                continue;
            steps.Add(new Step(
                number,
                Runs[cells[2]],
                ulong.Parse(cells[3], CultureInfo.InvariantCulture),
                checked(Now + long.Parse(cells[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                cells[5] == "yes",
                cells[6] switch
                {
                    "new run" => ReplayVerdict.NewRun,
                    "fresh" => ReplayVerdict.Fresh,
                    "replayed" => ReplayVerdict.Replayed,
                    "stale" => ReplayVerdict.Stale,
                    var other => throw new FormatException($"step {number}: unknown verdict '{other}'"),
                },
                cells[7]));
        }
        return steps;
    }
}
