using System.Collections;
using System.Runtime.InteropServices;
using Hbd.Common;
using Hbd.Common.Config;

namespace Hbd.Client.Checks;

/// <summary>
/// Runs one check the Nagios way: exit 0/1/2/3 is OK/WARNING/CRITICAL/UNKNOWN, the first line of standard output is
/// the message and its performance data the metrics. Anything else (another exit code, a signal, a program that is
/// missing or not executable, a timeout) is UNKNOWN with a message that says which. At the timeout the whole process
/// tree is killed. Standard error is read apart and stands in for the message only when standard output is empty.
/// </summary>
internal sealed class CheckRunner(TimeProvider time)
{
    /// <summary>Output kept per run; the rest is read and discarded.</summary>
    public const int OutputCap = 64 * 1024;

    private const int ErrorCap = 4 * 1024;

    /// <summary>How long output may trail the exit (or the kill) before whatever still holds the pipe is killed or abandoned.</summary>
    private static readonly TimeSpan PipeGrace = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan ReapGrace = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="check"/>; cancelling kills its process tree too (the result is then UNKNOWN "stopped").</summary>
    public async Task<CheckOutcome> RunAsync(CheckDefinition check, CancellationToken cancel)
    {
        if (!OperatingSystem.IsLinux())
            return CheckOutcome.Unknown("Nagios checks run on Linux only", time.GetUtcNow());
        if (!CheckProcess.TryStart(check.Command, CheckEnvironment(), out var process, out var error))
            return CheckOutcome.NotRun(StartFailure(check.Command[0], error), time.GetUtcNow());

        using (process)
        {
            using var readCancel = new CancellationTokenSource();
            var stdout = OutputReader.ReadAsync(process!.StandardOutput, OutputCap, readCancel.Token);
            var stderr = OutputReader.ReadAsync(process.StandardError, ErrorCap, readCancel.Token);
            var output = Task.WhenAll(stdout, stderr);

            var ended = await Completes(process.Exited, check.Timeout, cancel).ConfigureAwait(false);
            if (!ended)
                process.KillTree();
            // After SIGKILL only an uninterruptible sleep (a hung NFS server) delays the reaping; do not wait on it for ever.
            var exit = ended || await Completes(process.Exited, ReapGrace, CancellationToken.None).ConfigureAwait(false)
                ? await process.Exited.ConfigureAwait(false)
                : default;

            if (!await Completes(output, PipeGrace, CancellationToken.None).ConfigureAwait(false))
            {
                // The check ended but something it started still holds its output: that belongs to the check too.
                process.KillTree();
                if (!await Completes(output, PipeGrace, CancellationToken.None).ConfigureAwait(false))
                    await readCancel.CancelAsync().ConfigureAwait(false);
            }
            var at = time.GetUtcNow();
            if (!ended)
            {
                var reason = cancel.IsCancellationRequested ? "stopped" : $"timed out after {DurationParser.Format(check.Timeout)}";
                return cancel.IsCancellationRequested ? CheckOutcome.Unknown(reason, at) : CheckOutcome.NotRun(reason, at);
            }
            return Rate(exit, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), at);
        }
    }

    /// <summary>The outcome of a process that ended by itself.</summary>
    internal static CheckOutcome Rate(ProcessExit exit, string stdout, string stderr, DateTimeOffset at)
    {
        var output = PluginOutput.Parse(stdout);
        var message = output.Message.Length > 0 ? output.Message : FirstLine(stderr) is { Length: > 0 } line ? line : "(no output)";
        return exit switch
        {
            { ExitCode: >= 0 and <= 3 and var code } => new CheckOutcome((AlertLevel)code, message, output.PerfData, at),
            { ExitCode: { } code } => new CheckOutcome(AlertLevel.Unknown, $"exit code {code}: {message}", output.PerfData, at),
            { Signal: { } signal } => CheckOutcome.Unknown($"killed by signal {signal}{SignalName(signal)}", at),
            _ => CheckOutcome.Unknown("exit status lost", at),
        };
    }

    internal static string StartFailure(string program, int error) => error switch
    {
        // ENOENT for an existing file means its interpreter (#!) is missing.
        2 when program.Contains('/', StringComparison.Ordinal) && File.Exists(program) => $"{program}: interpreter not found",
        2 => $"{program}: not found",
        13 => $"{program}: not executable (permission denied)",
        8 => $"{program}: not executable (unknown format)",
        _ => $"{program}: cannot start: {Marshal.GetPInvokeErrorMessage(error)}",
    };

    /// <summary>The agent's environment, with numbers formatted the C way so perfdata never has decimal commas.</summary>
    private static Dictionary<string, string> CheckEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        environment["LC_NUMERIC"] = "C";
        return environment;
    }

    private async Task<bool> Completes(Task task, TimeSpan timeout, CancellationToken cancel)
    {
        try
        {
            await task.WaitAsync(timeout, time, cancel).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!task.IsCompleted)
        {
            return false;
        }
    }

    private static string FirstLine(string text)
    {
        var s = text.AsSpan();
        var newline = s.IndexOfAny('\r', '\n');
        return (newline < 0 ? s : s[..newline]).Trim().ToString();
    }

    private static string SignalName(int signal) => signal switch
    {
        1 => " (SIGHUP)",
        2 => " (SIGINT)",
        3 => " (SIGQUIT)",
        4 => " (SIGILL)",
        6 => " (SIGABRT)",
        7 => " (SIGBUS)",
        8 => " (SIGFPE)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        13 => " (SIGPIPE)",
        15 => " (SIGTERM)",
        _ => "",
    };
}
