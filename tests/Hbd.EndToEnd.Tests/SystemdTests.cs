using System.Net;
using System.Net.Sockets;
using Hbd.Common.Protocol;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>deploy/hbd.service runs hbd as Type=notify: hbd tells systemd when it serves and when it stops.</summary>
public sealed class SystemdTests : IDisposable
{
    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Under_systemd_READY_1_comes_when_udp_and_http_already_answer_and_STOPPING_1_on_SIGTERM()
    {
        using var notify = new NotifySocket(Path.Combine(_dir.Root, "notify"));
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);
        using var service = SystemdService.Start(_dir, notify.Path, "-f", "-c", config.Path);

        var ready = await notify.ReceiveAsync("READY=1", NotifyTimeout);

        // At once, each tried once: a port that opened only after READY=1 would fail here.
        Assert.Equal("READY=1", ready);
        using (var udp = new UdpClient())
            await udp.SendAsync(Beat("ready-probe"), new IPEndPoint(IPAddress.Loopback, config.HbPort));
        using var api = new Api(config.HbdPort);
        var (status, _) = await api.HealthzAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        // The datagram was queued on a bound socket, or dropped by the kernel and never counted.
        await Poll.Eventually(async () => await api.StateOfAsync("ready-probe") == "up", "the datagram sent at READY=1 to be taken");

        ProgramRun.Signal(await service.HbdPidAsync(), "TERM");
        Assert.Equal("STOPPING=1", await notify.ReceiveAsync("STOPPING=1", NotifyTimeout));
        Assert.True(await service.WaitForExitAsync() == 0, service.Output);
    }

    [Fact]
    public async Task Under_systemd_hbd_keeps_its_own_escaped_log_format()
    {
        using var notify = new NotifySocket(Path.Combine(_dir.Root, "notify"));
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);
        using var service = SystemdService.Start(_dir, notify.Path, "-f", "-c", config.Path);
        await notify.ReceiveAsync("READY=1", NotifyTimeout);

        ProgramRun.Signal(await service.HbdPidAsync(), "TERM");
        await service.WaitForExitAsync();

        // systemd's console format would start each line with a priority such as <6>, and escape nothing.
        var lines = service.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, line => line.Contains(" info: Microsoft.Hosting.Lifetime[", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith('<'));
    }

    [Fact]
    public async Task The_unit_file_waits_for_READY_1_and_systemd_analyze_verify_accepts_it()
    {
        var unit = await File.ReadAllTextAsync(Path.Combine(Programs.RepositoryRoot, "deploy", "hbd.service"));
        // verify checks that ExecStart's program exists: point it at the hbd just built.
        var path = _dir.Write("hbd.service", unit.Replace("/usr/local/bin/hbd", Programs.Hbd, StringComparison.Ordinal));

        var run = await ProgramRun.RunAsync("systemd-analyze", ["verify", path], _dir.Home);

        Assert.Contains("\nType=notify\n", unit, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0 && run.Stderr.Length == 0, run.ToString());
    }

    private static byte[] Beat(string host) => new HeartbeatEncoder().Encode(new Heartbeat
    {
        HostName = host,
        RunId = 7,
        Sequence = 1,
        SentAt = DateTimeOffset.UtcNow,
        Interval = TimeSpan.FromSeconds(10),
    }).ToArray();
}
