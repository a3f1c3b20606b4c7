using System.Diagnostics;

namespace Hbd.Server.Tests;

/// <summary>
/// The Debian packages a test starts a real server from (BIND, aiosmtpd): installed with apt when missing, as
/// scripts/install-test-deps.sh does, and only as root. One install at a time across the test run.
/// </summary>
internal static class DebianPackages
{
    private static readonly Lock InstallLock = new();

    /// <summary>Installs <paramref name="packages"/> unless <paramref name="present"/> says they are there already.</summary>
    public static void Ensure(Func<bool> present, params string[] packages)
    {
        lock (InstallLock)
        {
            if (present())
                return;
            if (Environment.UserName != "root")
                throw new InvalidOperationException($"{string.Join(" and ", packages)} missing: run scripts/install-test-deps.sh as root");
            string[] install = ["install", "-y", "-qq", .. packages];
            if (Run("apt-get", install) != 0)
            {
                Run("apt-get", "update", "-qq");
                Run("apt-get", install);
            }
        }
    }

    /// <summary>Runs a program to its end, its output read and dropped; its exit code.</summary>
    public static int Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        // Both pipes at once: a program blocked on a full stderr would never finish writing stdout.
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        stderr.GetAwaiter().GetResult();
        process.WaitForExit();
        return process.ExitCode;
    }
}
