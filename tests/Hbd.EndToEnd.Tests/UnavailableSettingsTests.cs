using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>
/// Documented settings of features this version lacks (PostgreSQL) stop hbd
/// with exit 2 and FILE:LINE: key 'KEY': REASON, rather than being accepted and doing nothing (docs/configuration.md).
/// </summary>
public sealed class UnavailableSettingsTests : IDisposable
{
    private const string Postgres = "PostgreSQL is not available in this version; use 'store: sqlite'";

    /// <summary>Setting → (its YAML, the key path the message names, the reason). Line 2 of each file, after a line every file has.</summary>
    private static readonly Dictionary<string, (string Yaml, string Key, string Reason)> Settings = new()
    {
        ["store: postgres"] = ("store: postgres", "store", Postgres),
        ["postgres_url"] = ("postgres_url: Host=db;Database=hbd", "postgres_url", Postgres),
    };

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Names() => [.. Settings.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Check_config_refuses_the_setting_with_exit_2_file_line_key_and_reason(string setting)
    {
        var (yaml, key, reason) = Settings[setting];
        var path = _dir.Write("hbd.yaml", $"listen: 127.0.0.1\n{yaml}\n");

        var run = await Commands.RunServerAsync(_dir, "--check-config", "-c", path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"hbd: {path}:2: key '{key}': {reason}", run.Stderr.TrimEnd('\n'));
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Hbd_does_not_start_with_a_refused_setting()
    {
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);
        File.AppendAllText(config.Path, "postgres_url: Host=db;Database=hbd\n");

        var run = await Commands.RunServerAsync(_dir, "-f", "-c", config.Path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"key 'postgres_url': {Postgres}", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.DataDir), "hbd made its data_dir before refusing the config");
    }

    [Fact]
    public async Task A_reload_with_a_refused_setting_is_refused_and_the_old_configuration_stays()
    {
        using var server = await ServerProcess.StartAsync(_dir);
        File.AppendAllText(server.ConfigPath, "postgres_url: Host=db;Database=hbd\n");

        ProgramRun.Signal(server.Pid, "HUP");

        var rejected = await server.Eventually<JsonElement>(async () =>
        {
            var entries = await server.Api.GetAsync("/api/journal?kind=config_rejected");
            return entries.GetArrayLength() > 0 ? entries[0] : null;
        }, "a config_rejected journal entry");
        Assert.Contains($"key 'postgres_url': {Postgres}", rejected.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(server.IsRunning, server.Output);
        Assert.True(await server.Api.IsHealthyAsync(), server.Output);
        Assert.Equal(0, (await server.Api.GetAsync("/api/journal?kind=config_reloaded")).GetArrayLength());
    }
}
