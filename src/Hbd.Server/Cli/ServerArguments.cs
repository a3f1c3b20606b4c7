namespace Hbd.Server.Cli;

/// <summary>What the command line asked for.</summary>
public sealed record ServerArguments(string? ConfigPath, bool Foreground, bool CheckConfig, bool Verbose);
