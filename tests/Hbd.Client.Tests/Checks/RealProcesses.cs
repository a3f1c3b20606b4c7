using System.Diagnostics;
using System.Globalization;

namespace Hbd.Client.Tests.Checks;

/// <summary>Real Nagios plugins (Debian monitoring-plugins-basic) and process helpers for the tests that run checks.</summary>
internal static class RealProcesses
{
    public const string PluginDirectory = "/usr/lib/nagios/plugins";

    /// <summary>The plugin's path; fails the test (never skips it) when the package is missing.</summary>
    public static string Plugin(string name)
    {
        var path = Path.Combine(PluginDirectory, name);
        Assert.True(File.Exists(path),
            $"{path} is missing: install the Debian package monitoring-plugins-basic (scripts/install-test-deps.sh does)");
        return path;
    }

    /// <summary>A sleep whose command line is unique to this test, so that <see cref="Running"/> finds exactly it.</summary>
    public static string UniqueSleep() =>
        string.Create(CultureInfo.InvariantCulture, $"sleep 1000.{Random.Shared.NextInt64(100_000_000, 999_999_999)}");

    /// <summary>Command lines of live processes that contain <paramref name="marker"/> (pgrep -f).</summary>
    public static string Running(string marker)
    {
        Assert.True(File.Exists("/usr/bin/pgrep"), "/usr/bin/pgrep is missing: install the Debian package procps");
        using var pgrep = Process.Start(new ProcessStartInfo("/usr/bin/pgrep", ["-a", "-f", marker]) { RedirectStandardOutput = true })!;
        var output = pgrep.StandardOutput.ReadToEnd();
        pgrep.WaitForExit();
        return output.Trim();
    }

    /// <summary>Waits (up to 5 s: SIGKILL is delivered asynchronously) until nothing matching <paramref name="marker"/> runs.</summary>
    public static void AssertNoneLeft(string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var left = Running(marker);
        while (left.Length > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            left = Running(marker);
        }
        if (left.Length > 0)
            Kill(marker);
        Assert.True(left.Length == 0, $"left behind: {left}");
    }

    public static void Kill(string marker)
    {
        using var pkill = Process.Start("/usr/bin/pkill", ["-KILL", "-f", marker]);
        pkill.WaitForExit();
    }

    public static string[] Shell(string script) => ["/bin/sh", "-c", script];
}
