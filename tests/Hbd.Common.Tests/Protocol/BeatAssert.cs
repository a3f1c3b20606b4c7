using System.Collections;
using System.Globalization;
using Hbd.Common.Protocol;

namespace Hbd.Common.Tests.Protocol;

/// <summary>Compares heartbeats field by field, allowing for what the wire does to them (float32, milliseconds).</summary>
internal static class BeatAssert
{
    /// <summary>
    /// The value a metric has after the trip: integers exact, others rounded to float32 unless float32 would make
    /// them infinite or 0 (then exact, as float64), non-finite as 0.
    /// </summary>
    public static double OnTheWire(double value) =>
        !double.IsFinite(value) ? 0
        : value == Math.Floor(value) && value is >= long.MinValue and < long.MaxValue ? value
        : float.IsInfinity((float)value) || (float)value == 0 ? value
        : (float)value;

    public static void Equal(Heartbeat expected, Heartbeat actual)
    {
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.RunId, actual.RunId);
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.SentAt.ToUnixTimeMilliseconds(), actual.SentAt.ToUnixTimeMilliseconds());
        Assert.Equal(expected.IsMessageOnly, actual.IsMessageOnly);
        if (!expected.IsMessageOnly)
        {
            Assert.Equal(expected.Interval, actual.Interval);
            Assert.Equal(expected.Level, actual.Level);
        }
        Assert.Equal(expected.Message, actual.Message);

        var groups = expected.Metrics.Where(g => g.Values.Count > 0).ToList();
        Assert.Equal(groups.Select(g => g.Name), actual.Metrics.Select(g => g.Name));
        foreach (var (want, got) in groups.Zip(actual.Metrics))
        {
            var wanted = want.Values.Select(m => m with { Value = OnTheWire(m.Value) });
            Assert.Equal(wanted, got.Values);
        }
        Assert.Equal(expected.Checks, actual.Checks);

        if (expected.Inventory is null)
            Assert.Null(actual.Inventory);
        else
            Assert.Equal(Normalise(expected.Inventory), Normalise(actual.Inventory));
    }

    /// <summary>Inventory as text, with numbers as the wire carries them, so nested maps and lists compare by value.</summary>
    public static string Normalise(object? value) => value switch
    {
        null => "nil",
        string text => "\"" + text + "\"",
        bool flag => flag ? "true" : "false",
        IReadOnlyDictionary<string, object?> map => "{" + string.Join(", ", map.Select(e => Normalise(e.Key) + ": " + Normalise(e.Value))) + "}",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Normalise)) + "]",
        IConvertible number => OnTheWire(number.ToDouble(CultureInfo.InvariantCulture)).ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
