using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests.Packages;

/// <summary>
/// The cross-compiled arm64 agent, run by qemu-aarch64-static with the arm64 sysroot as its root for the loader and libc:
/// it reads this machine's /proc and /sys as it would a Raspberry Pi's, and beats to a real hbd.
/// </summary>
[Collection(PortableBuildCollection.Name)]
public sealed class Arm64AgentTests(PortableBuildFixture build) : IDisposable
{
    private const string Qemu = "/usr/bin/qemu-aarch64-static";
    private static readonly TimeSpan EmulatedTimeout = TimeSpan.FromSeconds(120);
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Arm64_agent_under_qemu_reports_this_machine()
    {
        Assert.True(build.Build.ExitCode == 0, build.Build.ToString());

        var run = await RunArm64Async("--print", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var os = json.RootElement.GetProperty("inventory").GetProperty("os");
        Assert.Equal("arm64", os.GetProperty("arch").GetString()); // the emulated process, not this machine's x64
        Assert.Equal(Environment.MachineName, os.GetProperty("hostname").GetString());
        Assert.Equal(Environment.ProcessorCount, os.GetProperty("cpu_count").GetInt32());
        var groups = json.RootElement.GetProperty("metrics").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("cpu", groups);
        Assert.Contains("memory", groups);
        Assert.Contains(groups, g => g.StartsWith("disk:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Arm64_agent_under_qemu_sends_a_beat_a_real_server_takes()
    {
        Assert.True(build.Build.ExitCode == 0, build.Build.ToString());
        using var server = await ServerProcess.StartAsync(_dir, "key: a long shared secret\n");
        var config = _dir.Write("hbc.yaml", "key: a long shared secret\n");

        var run = await RunArm64Async("--once", "-n", "arm64-agent", "-c", config, server.Address);

        Assert.True(run.ExitCode == 0, run.ToString());
        await server.Eventually(async () => await server.Api.StateOfAsync("arm64-agent") == "up", "arm64-agent up");
        var host = await server.Api.HostAsync("arm64-agent");
        Assert.Equal("arm64", host!.Value.GetProperty("inventory").GetProperty("os").GetProperty("arch").GetString());
        Assert.Equal(0, await server.Api.RejectedAsync("bad_signature"));
    }

    private Task<ProgramResult> RunArm64Async(params string[] args) =>
        ProgramRun.RunAsync(Qemu, ["-L", PortableBuildFixture.SysRoot("arm64"), build.Hbc("arm64"), .. args], _dir.Home, EmulatedTimeout);
}
