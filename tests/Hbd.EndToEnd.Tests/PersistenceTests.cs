using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>A clean shutdown loses nothing written before; a crash loses at most the last moment.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Hosts_and_journal_survive_sigterm_and_restart_on_the_same_data_dir()
    {
        using var server = await ServerProcess.StartAsync(_dir);
        var beat = await Commands.RunClientAsync(_dir, "--once", "-n", "kept-host", server.Address);
        Assert.True(beat.ExitCode == 0, beat.ToString());
        var message = await Commands.RunClientAsync(_dir, "-m", "kept message", "-n", "kept-host", server.Address);
        Assert.True(message.ExitCode == 0, message.ToString());
        // Stop as soon as the server has the host and the message in memory: the stop must write them out.
        await server.Eventually(async () => await server.Api.StateOfAsync("kept-host") == "up"
            && (await server.Api.StatusAsync()).GetProperty("datagrams").GetProperty("messages").GetInt64() == 1, "beat and message taken");
        var lastSeen = (await server.Api.HostAsync("kept-host"))!.Value.GetProperty("last_seen").GetDateTimeOffset();

        var exitCode = await server.StopAsync();
        Assert.True(exitCode == 0, $"hbd exited {exitCode} on SIGTERM\n{server.Output}");
        await server.StartAsync();

        var host = await server.Api.HostAsync("kept-host");
        Assert.True(host is not null, $"kept-host forgotten after restart\n{await server.DiagnosticsAsync()}");
        var restoredLastSeen = host.Value.GetProperty("last_seen").GetDateTimeOffset();
        Assert.InRange((restoredLastSeen - lastSeen).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1)); // stored in ms
        Assert.NotNull(await server.Api.ListedStateOfAsync("kept-host"));
        var kinds = await server.Api.JournalKindsAsync("kept-host");
        Assert.Contains("host_new", kinds);
        Assert.Contains("message", kinds);
    }

    [Fact]
    public async Task Hosts_and_journal_accepted_two_seconds_before_a_sigkill_are_known_after_restart()
    {
        using var server = await ServerProcess.StartAsync(_dir);
        string[] names = ["crash-a", "crash-b", "crash-c"];
        var runs = await Task.WhenAll(names.Select(name => Commands.RunClientAsync(_dir, "--once", "-n", name, server.Address)));
        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        await server.Eventually(async () => (await server.Api.AcceptedAsync()) == names.Length, "three beats accepted");

        await Task.Delay(TimeSpan.FromSeconds(2)); // the acceptance criterion: a crash "a few seconds" after the beats
        await server.KillAsync();
        await server.StartAsync();

        foreach (var name in names)
        {
            Assert.True(await server.Api.HostAsync(name) is not null, $"{name} forgotten after SIGKILL\n{await server.DiagnosticsAsync()}");
            Assert.Contains("host_new", await server.Api.JournalKindsAsync(name));
        }
    }
}
