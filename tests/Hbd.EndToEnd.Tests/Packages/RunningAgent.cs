using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests.Packages;

/// <summary>A look inside a native agent while it beats: its memory map and its threads.</summary>
public static class RunningAgent
{
    /// <summary>
    /// Starts the agent at this path beating every second to a loopback sink, and once three beats have arrived returns
    /// its /proc/PID/maps and the names of its threads, then stops it.
    /// </summary>
    public static async Task<(string Maps, IReadOnlyList<string> Threads)> SnapshotAsync(string hbc, TestDirectory dir)
    {
        using var sink = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)sink.Client.LocalEndPoint!).Port;
        var config = dir.Write("hb.yaml", "interval: 1\n");
        using var agent = Process.Start(ProgramRun.StartInfo(hbc, ["-q", "-c", config, $"127.0.0.1:{port}"], dir.Home))!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            for (var beats = 0; beats < 3; beats++)
                await sink.ReceiveAsync(timeout.Token);
            Assert.False(agent.HasExited, $"{hbc} exited with {(agent.HasExited ? agent.ExitCode : 0)}");
            var maps = await File.ReadAllTextAsync($"/proc/{agent.Id}/maps");
            var threads = Directory.GetDirectories($"/proc/{agent.Id}/task")
                .Select(task => File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n')).ToList();
            return (maps, threads);
        }
        finally
        {
            agent.Kill();
            await agent.WaitForExitAsync();
        }
    }
}
