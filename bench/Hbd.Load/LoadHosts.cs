using System.Globalization;

namespace Hbd.Load;

/// <summary>
/// The simulated hosts' names and which of them go down. Names are "load-" and a number from 1, zero-padded to one
/// width for the whole run (at least 6 digits), so that they are easy to tell from real hosts and every name of a run
/// has the same length: a beat's bytes can then be patched in place for any host.
/// </summary>
internal static class LoadHosts
{
    public const string Prefix = "load-";

    public static int DigitsFor(int hosts) => Math.Max(6, hosts.ToString(CultureInfo.InvariantCulture).Length);

    public static string Name(int host, int digits) => Prefix + host.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');

    /// <summary>
    /// True for the hosts that stop after their first beat: host n (from 1) when ⌊n·P/100⌋ passes a whole number, so
    /// that exactly ⌊N·P/100⌋ of N hosts go down, spread evenly (with 10 %: load-000010, load-000020 …).
    /// </summary>
    public static bool IsDown(int host, double percent) =>
        Math.Floor(host * percent / 100) > Math.Floor((host - 1) * percent / 100);

    public static int DownCount(int hosts, double percent) => (int)Math.Floor(hosts * percent / 100);

    /// <summary>Writes <paramref name="host"/> as <paramref name="digits"/>.Length ASCII digits, zero-padded.</summary>
    public static void WriteDigits(Span<byte> digits, int host)
    {
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + (host % 10));
            host /= 10;
        }
    }
}
