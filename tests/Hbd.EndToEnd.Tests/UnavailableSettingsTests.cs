using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>
/// Documented settings of features this version lacks (dynamic DNS, PostgreSQL) stop hbd
/// with exit 2 and FILE:LINE: key 'KEY': REASON, rather than being accepted and doing nothing (docs/configuration.md).
/// </summary>
public sealed class UnavailableSettingsTests : IDisposable
{
    private const string DynamicDns = "dynamic DNS is not available in this version";

    /// <summary>Setting → (its YAML, the key path the message names, the reason). Line 2 of each file, after a line every file has.</summary>
    private static readonly Dictionary<string, (string Yaml, string Key, string Reason)> Settings = new()
    {
        ["dyndnshosts"] = ("dyndnshosts: [home1]", "dyndnshosts", DynamicDns),
        ["dns_server"] = ("dns_server: ns1.example.org:53", "dns_server", DynamicDns),
        ["dns_zone"] = ("dns_zone: dyn.example.org", "dns_zone", DynamicDns),
        ["dns_ttl"] = ("dns_ttl: 60", "dns_ttl", DynamicDns),
        ["tsig_key_name"] = ("tsig_key_name: hbd-key", "tsig_key_name", DynamicDns),
        ["tsig_secret"] = ("tsig_secret: c2VjcmV0", "tsig_secret", DynamicDns),
        ["tsig_algorithm"] = ("tsig_algorithm: hmac-sha256", "tsig_algorithm", DynamicDns),
        ["dns_max_inflight"] = ("dns_max_inflight: 8", "dns_max_inflight", DynamicDns),
        ["store: postgres"] = ("store: postgres", "store", "PostgreSQL is not available in this version; use 'store: sqlite'"),
        ["postgres_url"] = ("postgres_url: Host=db;Database=hbd", "postgres_url", "PostgreSQL is not available in this version; use 'store: sqlite'"),
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
        File.AppendAllText(config.Path, "dyndnshosts: [home1]\n");

        var run = await Commands.RunServerAsync(_dir, "-f", "-c", config.Path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"key 'dyndnshosts': {DynamicDns}", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.DataDir), "hbd made its data_dir before refusing the config");
    }

    [Fact]
    public async Task A_reload_with_a_refused_setting_is_refused_and_the_old_configuration_stays()
    {
        using var server = await ServerProcess.StartAsync(_dir);
        File.AppendAllText(server.ConfigPath, "dyndnshosts: [home1]\n");

        ProgramRun.Signal(server.Pid, "HUP");

        var rejected = await server.Eventually<JsonElement>(async () =>
        {
            var entries = await server.Api.GetAsync("/api/journal?kind=config_rejected");
            return entries.GetArrayLength() > 0 ? entries[0] : null;
        }, "a config_rejected journal entry");
        Assert.Contains($"key 'dyndnshosts': {DynamicDns}", rejected.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(server.IsRunning, server.Output);
        Assert.True(await server.Api.IsHealthyAsync(), server.Output);
        Assert.Equal(0, (await server.Api.GetAsync("/api/journal?kind=config_reloaded")).GetArrayLength());
    }
}
