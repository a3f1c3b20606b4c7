namespace Hbd.Server.History;

/// <summary>
/// Metric values as scaled integers: <c>value = mantissa × 10^-decimals</c>. Agents send float32 or integer values
/// (docs/protocol.md §4.1), so a value such as 0.41999998688697815 is really the float32 nearest 0.42: scaled with
/// <c>single</c> it becomes 42 × 10^-2, and unscaling narrows back to that float32, bit for bit. Negative decimals
/// drop trailing zeros (5120 = 512 × 10^1), which lets a float32 of a large integer keep only its 7-8 digits.
/// </summary>
public static class DecimalScaling
{
    /// <summary>The fewest decimals tried: a value scaled by more than 10^9 is not worth a decimal column.</summary>
    public const int MinDecimals = -9;

    /// <summary>The most decimals tried; a value that needs more (1e-12) is stored as its 8-byte double.</summary>
    public const int MaxDecimals = 9;

    /// <summary>What <see cref="DecimalsOf"/> answers for a value no decimals in range reproduce.</summary>
    public const int None = int.MaxValue;

    /// <summary>The largest mantissa kept: a double holds every integer up to 2^63 only approximately beyond 2^53,
    /// and every candidate is checked anyway, so this bound only keeps the conversion to long defined.</summary>
    private const double MaxMantissa = 9.2e18;

    private static readonly double[] Powers =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    /// <summary>True when a float32 holds the value exactly, so it can be stored with a float32's (shorter) digits.</summary>
    public static bool IsSingle(double value) => (double)(float)value == value;

    /// <summary>
    /// The value's own rule: a float32 that is not an integer is scaled as that float32 (its shortest digits), anything
    /// else as the double itself.
    /// </summary>
    public static bool TryScale(double value, int decimals, out long mantissa) =>
        TryScale(value, decimals, IsSingle(value) && !double.IsInteger(value), out mantissa);

    /// <summary>
    /// The mantissa at <paramref name="decimals"/> whose <see cref="Unscale"/> gives back exactly
    /// <paramref name="value"/> (bit for bit, so -0.0 and NaN never scale), or false when there is none.
    /// </summary>
    public static bool TryScale(double value, int decimals, bool single, out long mantissa)
    {
        mantissa = 0;
        if (decimals is < MinDecimals or > MaxDecimals || !double.IsFinite(value))
            return false;
        var scaled = decimals >= 0 ? value * Powers[decimals] : value / Powers[-decimals];
        if (!(Math.Abs(scaled) < MaxMantissa))
            return false;
        var candidate = (long)Math.Round(scaled);
        if (BitConverter.DoubleToInt64Bits(Unscale(candidate, decimals, single)) != BitConverter.DoubleToInt64Bits(value))
            return false;
        mantissa = candidate;
        return true;
    }

    /// <summary>The value a mantissa stands for; with <paramref name="single"/> narrowed to the float32 it was made from.</summary>
    public static double Unscale(long mantissa, int decimals, bool single)
    {
        var value = decimals >= 0 ? mantissa / Powers[decimals] : mantissa * Powers[-decimals];
        return single ? (float)value : value;
    }

    /// <summary>The fewest decimals (from <see cref="MinDecimals"/>) that reproduce the value under its own rule, or <see cref="None"/>.</summary>
    public static int DecimalsOf(double value)
    {
        var single = IsSingle(value) && !double.IsInteger(value);
        for (var decimals = MinDecimals; decimals <= MaxDecimals; decimals++)
        {
            if (TryScale(value, decimals, single, out _))
                return decimals;
        }
        return None;
    }
}
