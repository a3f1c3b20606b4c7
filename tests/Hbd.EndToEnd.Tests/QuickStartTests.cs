using System.Diagnostics;
using System.Text;
using Hbd.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hbd.EndToEnd.Tests;

/// <summary>
/// Acceptance: "From a fresh clone, the README's run command shows this machine as up at
/// http://127.0.0.1:50004/api/hosts within one interval." Runs scripts/run.sh as it is: a Release build,
/// hbd on its embedded defaults (the fixed ports 50003/50004), hbc for this machine.
/// Filter it with Category=QuickStart (or leave it out with Category!=QuickStart).
/// </summary>
[Collection(QuickStartCollection.Name)]
[Trait("Category", "QuickStart")]
public sealed class QuickStartTests(ITestOutputHelper output) : IDisposable
{
    private static readonly int[] DefaultPorts = [50003, 50004, 50005];

    /// <summary>Includes a Release build of the whole solution when nothing is built yet.</summary>
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(4);

    private readonly TestDirectory _dir = new();
    private readonly StringBuilder _output = new();
    private readonly Lock _outputSync = new();
    private DateTime? _serverUpAt;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Readme_run_command_shows_this_machine_up_at_the_default_api_port()
    {
        var busy = DefaultPorts.Where(port => !FreePorts.IsFree(port)).ToList();
        Assert.True(busy.Count == 0, $"scripts/run.sh needs the default ports {string.Join(", ", DefaultPorts)}, "
            + $"but {string.Join(", ", busy)} {(busy.Count == 1 ? "is" : "are")} in use (another hbd?): stop it and run this test again");

        using var script = StartScript();
        try
        {
            using var api = new Api(50004);
            var host = Environment.MachineName;
            var deadline = DateTime.UtcNow + UpTimeout;
            while (!await IsUp(api, host))
            {
                if (script.HasExited)
                    Assert.Fail($"scripts/run.sh exited with {script.ExitCode} before {host} was up\n{Output}");
                if (DateTime.UtcNow > deadline)
                    Assert.Fail($"{host} not up at {api.BaseAddress}api/hosts within {UpTimeout.TotalMinutes} min\n{Output}");
                await Task.Delay(Poll.Every);
            }
            if (_serverUpAt is { } serverUp)
                output.WriteLine($"{host} up {(DateTime.UtcNow - serverUp).TotalSeconds:0.0} s after run.sh said hbd is up");
        }
        finally
        {
            await StopGroup(script);
        }
    }

    private static async Task<bool> IsUp(Api api, string host)
    {
        try
        {
            return (await api.HostsAsync()).Any(h =>
                string.Equals(h.GetProperty("name").GetString(), host, StringComparison.OrdinalIgnoreCase)
                && h.GetProperty("state").GetString() == "up");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>bash scripts/run.sh as the leader of a new process group, so the group can be stopped whole.</summary>
    private Process StartScript()
    {
        var realHome = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        var start = ProgramRun.StartInfo("setsid", ["bash", "scripts/run.sh"], _dir.Home, Programs.RepositoryRoot,
            new Dictionary<string, string>
            {
                // The temp HOME keeps ~/.hb.yaml out; the package cache stays the real one so the build needs no network.
                ["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(realHome, ".nuget", "packages"),
                // No build servers that outlive the script and hold its output pipes.
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
                ["UseSharedCompilation"] = "false",
            });
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM to the script's process group (script, hbd, hbc), then SIGKILL for anything left.</summary>
    private static async Task StopGroup(Process script)
    {
        ProgramRun.Signal(-script.Id, "TERM");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await script.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
        }
        ProgramRun.Signal(-script.Id, "KILL");
        if (!script.HasExited)
            script.Kill(entireProcessTree: true);
    }

    private string Output
    {
        get
        {
            lock (_outputSync)
                return _output.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_outputSync)
        {
            _output.AppendLine(line);
            if (line.Contains("hbd is up", StringComparison.Ordinal))
                _serverUpAt ??= DateTime.UtcNow;
        }
    }
}
