using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>hbd's log is line-oriented and safe on a terminal, whatever text peers send.</summary>
public sealed class LogOutputTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Control_characters_in_an_agent_message_reach_the_log_escaped_on_one_line()
    {
        using var server = await ServerProcess.StartAsync(_dir);

        // A carriage return, "clear screen" and a bell, through the real agent and the real wire.
        var run = await Commands.RunClientAsync(_dir, "-m", "disk\r\u001b[2J\u0007replaced", "-n", "log-host", server.Address);

        Assert.True(run.ExitCode == 0, run.ToString());
        const string Escaped = @"message: disk\r\x1b[2J\x07replaced";
        await server.Eventually(() => Task.FromResult(server.Output.Contains(Escaped, StringComparison.Ordinal)),
            "the escaped message in hbd's log");
        var output = server.Output;
        Assert.DoesNotContain('\r', output);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u0007', output);
        // The journal keeps the text as it came; only the log escapes it.
        await server.Eventually(async () => (await server.Api.JournalAsync("log-host")).EnumerateArray()
            .Any(e => e.GetProperty("text").GetString() == "disk\r\u001b[2J\u0007replaced"), "the message, as sent, in the journal");
    }
}
