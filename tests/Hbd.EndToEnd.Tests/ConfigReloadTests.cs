using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>SIGHUP: hbd reads its file again; a good one is applied and journaled, a bad one refused and journaled.</summary>
public sealed class ConfigReloadTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task After_SIGHUP_changed_timeouts_and_watchhosts_are_applied_and_journaled_as_config_reloaded()
    {
        using var server = await ServerProcess.StartAsync(_dir, "late_after: 30m\ndown_after: 1h\n");
        var beat = await Commands.RunClientAsync(_dir, "--once", "-n", "silent-host", server.Address);
        Assert.True(beat.ExitCode == 0, beat.ToString());
        await server.Eventually(async () => await server.Api.StateOfAsync("silent-host") == "up", "silent-host up");

        Rewrite(server, "late_after: 30m\ndown_after: 1h\n", "late_after: 1s\ndown_after: 2s\nwatchhosts: [newly-watched]\n");
        ProgramRun.Signal(server.Pid, "HUP");

        var entry = await server.Eventually(() => LatestAsync(server, "config_reloaded"), "a config_reloaded journal entry");
        Assert.Contains(server.ConfigPath, entry.GetProperty("text").GetString(), StringComparison.Ordinal);
        await server.Eventually(async () => await server.Api.ListedStateOfAsync("newly-watched") is not null, "newly-watched listed");
        // Silent for more than the new down_after, while the old one was an hour away.
        await server.Eventually(async () => await server.Api.StateOfAsync("silent-host") == "down", "silent-host down under the new down_after");
    }

    [Fact]
    public async Task After_SIGHUP_a_bad_file_is_refused_and_journaled_with_its_reason_and_the_old_settings_stay()
    {
        using var server = await ServerProcess.StartAsync(_dir, "watchhosts: [old-watched]\n");
        await server.Eventually(async () => await server.Api.ListedStateOfAsync("old-watched") is not null, "old-watched listed");

        Rewrite(server, "watchhosts: [old-watched]\n", "watchhosts: [new-watched]\ndown_after: soon\n");
        var line = Array.IndexOf(File.ReadAllLines(server.ConfigPath), "down_after: soon") + 1;
        ProgramRun.Signal(server.Pid, "HUP");

        var entry = await server.Eventually(() => LatestAsync(server, "config_rejected"), "a config_rejected journal entry");
        Assert.Contains($"{server.ConfigPath}:{line}: key 'down_after': expected a duration", entry.GetProperty("text").GetString(),
            StringComparison.Ordinal);
        Assert.Equal("warning", entry.GetProperty("level").GetString());
        Assert.Contains("Configuration refused, the old one stays in force", server.Output, StringComparison.Ordinal);
        Assert.NotNull(await server.Api.ListedStateOfAsync("old-watched"));
        Assert.Null(await server.Api.ListedStateOfAsync("new-watched"));
        var beat = await Commands.RunClientAsync(_dir, "--once", "-n", "after-refusal", server.Address);
        Assert.True(beat.ExitCode == 0, beat.ToString());
        await server.Eventually(async () => await server.Api.StateOfAsync("after-refusal") == "up", "a beat taken after the refusal");

        // Refusing one file does not stop the next good one.
        Rewrite(server, "down_after: soon\n", "");
        ProgramRun.Signal(server.Pid, "HUP");
        await server.Eventually(async () => await server.Api.ListedStateOfAsync("new-watched") is not null, "new-watched listed once the file is fixed");
    }

    private static void Rewrite(ServerProcess server, string from, string to)
    {
        var text = File.ReadAllText(server.ConfigPath);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(server.ConfigPath, text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>The newest journal entry of this kind, or null while there is none.</summary>
    private static async Task<JsonElement?> LatestAsync(ServerProcess server, string kind)
    {
        var entries = await server.Api.GetAsync($"/api/journal?kind={kind}&limit=1");
        return entries.GetArrayLength() > 0 ? entries[0] : null;
    }
}
