namespace Hbd.Client.Agent;

/// <summary>
/// The agent's messages on stderr: errors and problems (through <see cref="Problems"/>) always, notes unless -q,
/// per-beat detail with -v.
/// </summary>
internal sealed class AgentLog
{
    private readonly int _verbosity;
    private readonly TextWriter _output;

    public AgentLog(int verbosity, TextWriter? output = null, TimeProvider? time = null)
    {
        _verbosity = verbosity;
        _output = output ?? Console.Error;
        Problems = new ProblemTracker(time ?? TimeProvider.System, Problem);
    }

    /// <summary>A log that writes nothing (a new one each time: its problem tracker keeps state).</summary>
    public static AgentLog Quiet => new(-1, TextWriter.Null);

    public bool IsVerbose => _verbosity > 0;

    /// <summary>Failures that last (a server, a plugin, a check): each written when it starts, now and then, when it ends.</summary>
    public ProblemTracker Problems { get; }

    public void Error(string message) => _output.WriteLine($"hbc: error: {message}");

    public void Note(string message)
    {
        if (_verbosity >= 0)
            _output.WriteLine($"hbc: {message}");
    }

    public void Detail(string message)
    {
        if (_verbosity > 0)
            _output.WriteLine($"hbc: {message}");
    }

    private void Problem(string message) => _output.WriteLine($"hbc: {message}");
}
