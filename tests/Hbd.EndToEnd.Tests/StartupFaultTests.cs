using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>What hbd -f says when it cannot start: one line naming what is wrong, exit code 1, no stack trace.</summary>
public sealed class StartupFaultTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task A_taken_port_stops_hbd_with_exit_1_and_one_line_naming_the_address_and_port(string protocol)
    {
        var hbPort = FreePorts.Next();
        var hbdPort = FreePorts.Next();
        var taken = protocol == "tcp" ? hbdPort : hbPort;
        using var holder = protocol == "tcp"
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, taken));
        if (protocol == "tcp")
            holder.Listen();
        var config = WriteConfig(hbPort, hbdPort, _dir.DataDir);

        var run = await Commands.RunServerAsync(_dir, "-f", "-c", config);

        AssertOneLineFailure(run, $"cannot listen on {protocol} 127.0.0.1:{taken}", "address already in use");
    }

    private string WriteConfig(int hbPort, int hbdPort, string dataDir) =>
        _dir.Write("hbd.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            listen: 127.0.0.1
            hb_port: {hbPort}
            hbd_port: {hbdPort}
            ws_port: {FreePorts.Next()}
            data_dir: "{dataDir}"

            """));

    /// <summary>Exit code 1 and a single line on stderr, starting with "hbd: " and holding every one of <paramref name="parts"/>.</summary>
    internal static void AssertOneLineFailure(ProgramResult run, params string[] parts)
    {
        Assert.True(run.ExitCode == 1, $"expected exit code 1\n{run}");
        Assert.True(run.Stdout.Length == 0 && run.StderrLines.Length == 1, $"expected one line on stderr and nothing else\n{run}");
        var line = run.StderrLines[0];
        Assert.True(line.StartsWith("hbd: ", StringComparison.Ordinal), run.ToString());
        foreach (var part in parts)
            Assert.True(line.Contains(part, StringComparison.Ordinal), $"the line does not say '{part}'\n{run}");
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }
}
