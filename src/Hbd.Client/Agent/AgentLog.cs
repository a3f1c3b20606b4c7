namespace Hbd.Client.Agent;

/// <summary>The agent's messages on stderr: errors always, notes unless -q, per-beat detail with -v.</summary>
internal sealed class AgentLog(int verbosity, TextWriter? output = null)
{
    private readonly TextWriter _output = output ?? Console.Error;

    public static AgentLog Quiet { get; } = new(-1, TextWriter.Null);

    public bool IsVerbose => verbosity > 0;

    public void Error(string message) => _output.WriteLine($"hbc: error: {message}");

    public void Note(string message)
    {
        if (verbosity >= 0)
            _output.WriteLine($"hbc: {message}");
    }

    public void Detail(string message)
    {
        if (verbosity > 0)
            _output.WriteLine($"hbc: {message}");
    }
}
