using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>
/// What the real hbc says at the default level about servers it cannot reach: once when the problem starts (not at every
/// beat), and, in a one-shot run, why no server took the heartbeat. Names under .invalid never resolve (RFC 6761).
/// </summary>
public sealed class ClientProblemLogTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_unresolvable_server_is_logged_once_at_the_default_level_however_many_beats_fail()
    {
        using var client = ClientProcess.Start(_dir, "-i", "1", "-n", "problem-test", "mon1.invalid");
        static int Lines(string output) =>
            output.Split('\n').Count(line => line.Contains("mon1.invalid", StringComparison.Ordinal));

        await Poll.Eventually(() => Lines(client.Output) > 0, "a line about mon1.invalid");
        await Task.Delay(TimeSpan.FromSeconds(4)); // four more beats that fail the same way

        var output = client.Output;
        Assert.True(Lines(output) == 1, output);
        Assert.Contains("hbc: server mon1.invalid:50003: cannot resolve (", output, StringComparison.Ordinal);
        Assert.False(client.HasExited, output);
    }

    [Fact]
    public async Task Once_names_the_lookup_error_when_no_server_resolves()
    {
        var run = await Commands.RunClientAsync(_dir, "--once", "-n", "problem-test", "mon1.invalid");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("hbc: error: the heartbeat reached no server: server mon1.invalid:50003: cannot resolve (", run.Stderr,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_names_the_refusal_when_nothing_listens_on_the_server_port()
    {
        var port = FreePorts.Next(); // nothing listens: the kernel answers with ICMP port unreachable

        var run = await Commands.RunClientAsync(_dir, "--once", "-n", "problem-test", $"127.0.0.1:{port}");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"server 127.0.0.1:{port}: cannot send (Connection refused)", run.Stderr, StringComparison.Ordinal);
    }
}
