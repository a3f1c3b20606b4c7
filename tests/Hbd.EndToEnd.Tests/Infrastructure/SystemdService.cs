using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>
/// hbd started as systemd starts a service: $NOTIFY_SOCKET set, and a parent process named <c>systemd</c>, which is
/// how .NET's systemd integration (UseSystemd) tells that it runs under systemd. The parent is /bin/sh run through a
/// link of that name (a process is named after the file it was started from); it starts hbd, records its pid and waits
/// for it. Dispose kills both.
/// </summary>
public sealed class SystemdService : IDisposable
{
    private readonly Process _parent;
    private readonly string _pidFile;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputSync = new();

    private SystemdService(TestDirectory dir, string notifySocket, IEnumerable<string> hbdArgs)
    {
        var bin = Directory.CreateDirectory(System.IO.Path.Combine(dir.Root, "systemd-bin")).FullName;
        var systemd = System.IO.Path.Combine(bin, "systemd");
        File.CreateSymbolicLink(systemd, "/bin/sh");
        _pidFile = System.IO.Path.Combine(bin, "hbd.pid");
        string[] args = ["-c", "\"$@\" & echo $! > \"$HBD_TEST_PIDFILE\"; wait $!", "systemd", Programs.Hbd, .. hbdArgs];
        var start = ProgramRun.StartInfo(systemd, args, dir.Home, environment: new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = notifySocket,
            ["HBD_TEST_PIDFILE"] = _pidFile,
        });
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        _parent = new Process { StartInfo = start };
        _parent.OutputDataReceived += (_, e) => Append(e.Data);
        _parent.ErrorDataReceived += (_, e) => Append(e.Data);
        _parent.Start();
        _parent.StandardInput.Close();
        _parent.BeginOutputReadLine();
        _parent.BeginErrorReadLine();
    }

    /// <summary>Starts <c>hbd ARGS</c> under the stand-in for systemd.</summary>
    public static SystemdService Start(TestDirectory dir, string notifySocket, params string[] hbdArgs) => new(dir, notifySocket, hbdArgs);

    /// <summary>hbd's pid, once the parent has written it.</summary>
    public async Task<int> HbdPidAsync() =>
        await Poll.Eventually(() => Task.FromResult(
            File.Exists(_pidFile) && int.TryParse(File.ReadAllText(_pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                ? pid
                : (int?)null), "the stand-in for systemd to record hbd's pid");

    /// <summary>What hbd wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_outputSync)
                return _output.ToString();
        }
    }

    /// <summary>Waits for hbd (and so its parent) to exit; returns hbd's exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var cancel = new CancellationTokenSource(ServerProcess.StopTimeout);
        await _parent.WaitForExitAsync(cancel.Token);
        return _parent.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_parent.HasExited)
            {
                _parent.Kill(entireProcessTree: true);
                _parent.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _parent.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_outputSync)
            _output.AppendLine(line);
    }
}
