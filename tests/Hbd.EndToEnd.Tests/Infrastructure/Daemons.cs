using System.Globalization;

namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Detached hbd (started without -f): they leave the test's process tree, so this remembers every daemon it saw
/// start and kills what is left on dispose.
/// </summary>
public sealed class Daemons(TestDirectory dir) : IDisposable
{
    private readonly List<int> _pids = [];

    /// <summary>Runs `hbd -c CONFIG` to its end: the parent exits once the daemon runs, or at once when it cannot start.</summary>
    public async Task<ProgramResult> StartAsync(ServerConfig config, string pidFile)
    {
        var run = await Commands.RunServerAsync(dir, "-c", config.Path);
        if (run.ExitCode == 0 && ReadPid(pidFile) is { } pid)
            _pids.Add(pid);
        return run;
    }

    /// <summary>SIGTERM, then waits until the process has ended.</summary>
    public static async Task StopAsync(int pid)
    {
        ProgramRun.Signal(pid, "TERM");
        await Poll.Eventually(() => HasEnded(pid), $"daemon {pid} to end after SIGTERM");
    }

    /// <summary>The pid in a pidfile, or null when there is none.</summary>
    public static int? ReadPid(string pidFile) =>
        File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;

    /// <summary>Gone, or a zombie: a daemon's parent has exited, and whoever inherited it may never reap it.</summary>
    public static bool HasEnded(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        foreach (var pid in _pids)
        {
            if (!HasEnded(pid) && IsHbd(pid))
                ProgramRun.Signal(pid, "KILL");
        }
    }

    private static bool IsHbd(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("hbd", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
