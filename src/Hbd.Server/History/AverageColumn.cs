using System.Buffers;

namespace Hbd.Server.History;

/// <summary>
/// The avg column of an aggregated series, rounded to one decimal more than its min and max columns need: the column's
/// common decimals k of min and max, plus 1 (an avg of one-decimal values to 0.01, of whole numbers to 0.1). The mean of
/// values known to k decimals carries no more meaning than that, and a short decimal delta-encodes like min and max,
/// where a float32 average's digits cost 3-4 bytes each. A rounding that would cross the point's min or max is clamped to
/// it, so min ≤ avg ≤ max still holds decoded. Stored as a decimal <see cref="ValueColumn"/> of the min and max columns'
/// kind (a float32 kind narrows the decoded avg to float32, as it does min and max); a column whose min and max have no
/// common decimals (NaN, 1e-12, k = 9) keeps its avg as float32.
/// </summary>
internal static class AverageColumn
{
    private static readonly double[] Powers = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    public static void Write(BlockBufferWriter writer, ReadOnlySpan<double> min, ReadOnlySpan<double> avg, ReadOnlySpan<double> max)
    {
        var n = avg.Length;
        var rented = ArrayPool<long>.Shared.Rent(3 * n);
        var bounds = ArrayPool<double>.Shared.Rent(2 * n);
        try
        {
            var both = bounds.AsSpan(0, 2 * n);
            min.CopyTo(both);
            max.CopyTo(both[n..]);
            var mantissas = rented.AsSpan(0, 3 * n);
            var single = ValueColumn.AllSingle(both);
            if (TryRound(both, avg, single, mantissas, out var decimals))
                ValueColumn.WriteDecimal(writer, mantissas[(2 * n)..], single, decimals);
            else
                ValueColumn.Write(writer, Narrow(avg, bounds.AsSpan(0, n)));
        }
        finally
        {
            ArrayPool<long>.Shared.Return(rented);
            ArrayPool<double>.Shared.Return(bounds);
        }
    }

    /// <summary>
    /// The avgs as mantissas at k + 1 decimals in the last third of <paramref name="mantissas"/> (the first two hold min's
    /// and max's), or false when min and max have no common decimals or an avg is not finite.
    /// </summary>
    private static bool TryRound(ReadOnlySpan<double> minMax, ReadOnlySpan<double> avg, bool single, Span<long> mantissas,
        out int decimals)
    {
        var n = avg.Length;
        if (!ValueColumn.TryDecimals(minMax, single, mantissas[..(2 * n)], out var k) || k >= DecimalScaling.MaxDecimals)
        {
            decimals = 0;
            return false;
        }
        decimals = k + 1;
        for (var i = 0; i < n; i++)
        {
            if (!DecimalScaling.TryScale(minMax[i], decimals, single, out var low)
                || !DecimalScaling.TryScale(minMax[n + i], decimals, single, out var high)
                || !TryRound(avg[i], decimals, out var mantissa))
                return false;
            if (avg[i] >= minMax[i] && mantissa < low)
                mantissa = low;
            if (avg[i] <= minMax[n + i] && mantissa > high)
                mantissa = high;
            mantissas[(2 * n) + i] = mantissa;
        }
        return true;
    }

    /// <summary>The nearest mantissa at <paramref name="decimals"/>, or false for a value too large (or not finite) to have one.</summary>
    private static bool TryRound(double value, int decimals, out long mantissa)
    {
        var scaled = decimals >= 0 ? value * Powers[decimals] : value / Powers[-decimals];
        var fits = Math.Abs(scaled) < 9.2e18;
        mantissa = fits ? (long)Math.Round(scaled, MidpointRounding.AwayFromZero) : 0;
        return fits;
    }

    /// <summary>The fallback: 7 significant digits, the float32's.</summary>
    private static ReadOnlySpan<double> Narrow(ReadOnlySpan<double> avg, Span<double> narrowed)
    {
        for (var i = 0; i < avg.Length; i++)
            narrowed[i] = (float)avg[i];
        return narrowed;
    }
}
