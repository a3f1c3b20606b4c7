namespace Hbd.Client.Plugins;

/// <summary>Per-second rates of the kernel's ever-growing counters between two samples.</summary>
internal static class CounterRate
{
    /// <summary>
    /// False when the counter went backwards (the device was reset or re-created, or a 32-bit counter wrapped) or no
    /// time passed: that sample has no rate, and the next one is measured from it.
    /// </summary>
    public static bool TryPerSecond(ulong before, ulong after, double seconds, out double rate)
    {
        rate = 0;
        if (after < before || !(seconds > 0))
            return false;
        rate = (after - before) / seconds;
        return true;
    }

    /// <summary>Bytes and packets per second are whole numbers.</summary>
    public static double Whole(double rate) => Math.Round(rate, MidpointRounding.AwayFromZero);

    /// <summary>Errors and drops are rare events: a hundredth per second is one in a 100-second window.</summary>
    public static double Hundredths(double rate) => Math.Round(rate, 2, MidpointRounding.AwayFromZero);
}
