using System.Globalization;

namespace Hbd.Server.Api;

/// <summary>Metric values as an operator should read them.</summary>
internal static class DisplayNumbers
{
    /// <summary>
    /// Fractional values travel as float32 (docs/protocol.md §4.1) and widen to doubles such as 0.699999988079071 for
    /// the agent's 0.7. A value a float32 holds exactly is shown with that float's shortest digits instead.
    /// </summary>
    public static double Shortest(double value)
    {
        var single = (float)value;
        if ((double)single != value || double.IsInteger(value))
            return value;
        // On the stack: every committed host's load goes through here, a million of them at a restart.
        Span<char> digits = stackalloc char[32];
        return single.TryFormat(digits, out var length, "R", CultureInfo.InvariantCulture)
            ? double.Parse(digits[..length], CultureInfo.InvariantCulture)
            : value;
    }
}
