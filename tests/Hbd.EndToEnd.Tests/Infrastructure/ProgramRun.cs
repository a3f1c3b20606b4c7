using System.Diagnostics;

namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>What a finished program left behind.</summary>
public sealed record ProgramResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit code {ExitCode}\n--- stdout:\n{Stdout}\n--- stderr:\n{Stderr}";
}

/// <summary>Runs a program to its end with a private $HOME, capturing its output; a hung program is killed.</summary>
public static class ProgramRun
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ProgramResult> RunAsync(string program, IEnumerable<string> args, string home,
        TimeSpan? timeout = null, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = new Process { StartInfo = StartInfo(program, args, home, workingDirectory, environment) };
        process.StartInfo.RedirectStandardOutput = true;
        process.StartInfo.RedirectStandardError = true;
        process.Start();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', args)} did not finish within "
                + $"{(timeout ?? DefaultTimeout).TotalSeconds} s\n--- stdout:\n{await stdout}\n--- stderr:\n{await stderr}");
        }
        return new ProgramResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Start info with $HOME replaced and stdin redirected (closed by the caller), so nothing reads the terminal.</summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> args, string home,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? home,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["HOME"] = home;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return start;
    }

    /// <summary>Sends a signal by name (TERM, KILL …) to a process, or with a negative id to a process group.</summary>
    public static void Signal(int pid, string signal)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false };
        start.ArgumentList.Add($"-{signal}");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(start)!;
        kill.WaitForExit();
    }
}
