using System.Diagnostics;
using System.Text;

namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>A long-running hbc (beating every interval until stopped). Dispose kills it.</summary>
public sealed class ClientProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputSync = new();

    private ClientProcess(TestDirectory dir, IEnumerable<string> args)
    {
        var start = ProgramRun.StartInfo(Programs.Hbc, args, dir.Home);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static ClientProcess Start(TestDirectory dir, params string[] args) => new(dir, args);

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_outputSync)
                return _output.ToString();
        }
    }

    /// <summary>SIGTERM and wait; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
            ProgramRun.Signal(_process.Id, "TERM");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_outputSync)
            _output.AppendLine(line);
    }
}
