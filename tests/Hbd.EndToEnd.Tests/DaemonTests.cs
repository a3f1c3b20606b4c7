using System.Globalization;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>hbd without -f detaches: the command returns, the daemon serves, writes its pidfile and logs to logfile.</summary>
public sealed class DaemonTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly Daemons _daemons;

    public DaemonTests() => _daemons = new Daemons(_dir);

    // Not under data_dir, so that the daemon has to make their directories.
    private string LogFile => Path.Combine(_dir.Root, "log", "hbd.log");

    private string PidFile => Path.Combine(_dir.Root, "run", "hbd.pid");

    public void Dispose()
    {
        _daemons.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Without_f_hbd_returns_0_and_the_daemon_in_the_pidfile_serves_in_a_session_of_its_own()
    {
        var config = Config();

        var run = await _daemons.StartAsync(config, PidFile);

        Assert.True(run.ExitCode == 0, run.ToString());
        var pid = Daemons.ReadPid(PidFile);
        Assert.True(pid is { } p && !Daemons.HasEnded(p), $"pidfile names {pid}\n{run}");
        Assert.Equal([$"hbd: running as pid {pid}, logging to {LogFile}"], run.StderrLines);
        Assert.Equal("", run.Stdout);
        // setsid: the daemon leads a session of its own, so the terminal's hangup or Ctrl-C does not reach it.
        Assert.Equal(pid, SessionOf(pid!.Value));
        using var api = new Api(config.HbdPort);
        Assert.True(await api.IsHealthyAsync(), "the daemon does not answer /healthz");
    }

    [Fact]
    public async Task The_daemon_logs_to_the_logfile()
    {
        var config = Config();

        var run = await _daemons.StartAsync(config, PidFile);

        Assert.True(run.ExitCode == 0, run.ToString());
        var listening = $"info: Microsoft.Hosting.Lifetime[14] Now listening on: http://127.0.0.1:{config.HbdPort}";
        await Poll.Eventually(() => File.Exists(LogFile) && File.ReadAllText(LogFile).Contains(listening, StringComparison.Ordinal),
            "the daemon's start in its logfile");
    }

    [Fact]
    public async Task SIGTERM_ends_the_daemon_and_removes_its_pidfile()
    {
        var config = Config();
        var run = await _daemons.StartAsync(config, PidFile);
        Assert.True(run.ExitCode == 0, run.ToString());
        var pid = Daemons.ReadPid(PidFile)!.Value;

        await Daemons.StopAsync(pid);

        Assert.False(File.Exists(PidFile), "the daemon left its pidfile behind");
        Assert.Contains("Application is shutting down", File.ReadAllText(LogFile), StringComparison.Ordinal);
        using var api = new Api(config.HbdPort);
        Assert.False(await api.IsHealthyAsync(), "something still answers on the daemon's port");
    }

    private ServerConfig Config()
    {
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);
        File.AppendAllText(config.Path, $"logfile: \"{LogFile}\"\npidfile: \"{PidFile}\"\n");
        return config;
    }

    /// <summary>The session id of a process (the fourth field after the command in /proc/PID/stat).</summary>
    private static int SessionOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[3], CultureInfo.InvariantCulture);
    }
}
