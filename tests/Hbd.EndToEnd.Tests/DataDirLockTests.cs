using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>One hbd per data_dir: a second refuses to start, and no hbd removes a pidfile it did not write.</summary>
public sealed class DataDirLockTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly Daemons _daemons;

    public DataDirLockTests() => _daemons = new Daemons(_dir);

    private string PidFile => Path.Combine(_dir.DataDir, "hbd.pid");

    public void Dispose()
    {
        _daemons.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_second_hbd_on_the_same_data_dir_exits_1_naming_the_first_and_the_first_keeps_serving()
    {
        using var first = await ServerProcess.StartAsync(_dir);
        var second = ServerConfig.Write(_dir, "second.yaml", _dir.DataDir);

        var run = await Commands.RunServerAsync(_dir, "-f", "-c", second.Path);

        StartupFaultTests.AssertOneLineFailure(run, $"data_dir {_dir.DataDir} is in use by pid {first.Pid}");
        Assert.True(first.IsRunning, first.Output);
        var beat = await Commands.RunClientAsync(_dir, "--once", "-n", "still-served", first.Address);
        Assert.True(beat.ExitCode == 0, beat.ToString());
        await first.Eventually(async () => await first.Api.StateOfAsync("still-served") == "up", "the first hbd to take the beat");
    }

    [Fact]
    public async Task A_second_detached_start_leaves_the_running_daemon_and_its_pidfile_alone()
    {
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);
        var started = await _daemons.StartAsync(config, PidFile);
        Assert.True(started.ExitCode == 0, started.ToString());
        var pid = Daemons.ReadPid(PidFile)!.Value;

        var again = await _daemons.StartAsync(ServerConfig.Write(_dir, "again.yaml", _dir.DataDir), PidFile);

        StartupFaultTests.AssertOneLineFailure(again, $"data_dir {_dir.DataDir} is in use by pid {pid}");
        Assert.Equal(pid, Daemons.ReadPid(PidFile));
        using var api = new Api(config.HbdPort);
        Assert.True(await api.IsHealthyAsync(), "the first daemon stopped serving");
    }

    [Fact]
    public async Task After_the_first_hbd_stops_a_new_one_starts_on_the_same_data_dir()
    {
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);
        Assert.Equal(0, (await _daemons.StartAsync(config, PidFile)).ExitCode);
        var first = Daemons.ReadPid(PidFile)!.Value;
        await Daemons.StopAsync(first);
        Assert.False(File.Exists(PidFile), "the daemon left its pidfile behind");

        var again = await _daemons.StartAsync(config, PidFile);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.NotEqual(first, Daemons.ReadPid(PidFile));
    }

    [Fact]
    public async Task A_pidfile_left_by_a_dead_process_does_not_prevent_a_start()
    {
        var dead = await DeadPid();
        Directory.CreateDirectory(_dir.DataDir);
        File.WriteAllText(PidFile, $"{dead}\n");
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);

        var run = await _daemons.StartAsync(config, PidFile);

        Assert.True(run.ExitCode == 0, run.ToString());
        var pid = Daemons.ReadPid(PidFile);
        Assert.True(pid is { } p && p != dead && !Daemons.HasEnded(p), $"pidfile names {pid}\n{run}");
        Assert.Contains($"running as pid {pid}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_leaves_a_pidfile_that_no_longer_holds_its_pid_when_it_stops()
    {
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);
        Assert.Equal(0, (await _daemons.StartAsync(config, PidFile)).ExitCode);
        var pid = Daemons.ReadPid(PidFile)!.Value;
        var other = $"{Environment.ProcessId}\n"; // someone else's pidfile now, as with a shared pidfile path

        File.WriteAllText(PidFile, other);
        await Daemons.StopAsync(pid);

        Assert.True(File.Exists(PidFile), "the daemon removed a pidfile it did not write");
        Assert.Equal(other, File.ReadAllText(PidFile));
    }

    /// <summary>The pid of a process that has run and been reaped.</summary>
    private async Task<int> DeadPid()
    {
        using var process = System.Diagnostics.Process.Start(ProgramRun.StartInfo("/bin/true", [], _dir.Home))!;
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return process.Id;
    }
}
