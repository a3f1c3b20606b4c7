namespace Hbd.Client.Cli;

/// <summary>What hbc's command line asked for.</summary>
internal sealed record ClientArguments
{
    public string? ConfigPath { get; init; }
    public int? Port { get; init; }
    public TimeSpan? Interval { get; init; }
    public string? Name { get; init; }
    public bool Once { get; init; }

    /// <summary>"json" or "text" when --print was given.</summary>
    public string? Print { get; init; }

    public string? Message { get; init; }
    public int Verbosity { get; init; }
    public IReadOnlyList<string> Servers { get; init; } = [];
}
