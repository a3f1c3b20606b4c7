namespace Hbd.Client.Checks;

/// <summary>
/// One configured Nagios check: the argv to run (a shell command is already <c>/bin/sh -c TEXT</c>), how often
/// (<see cref="TimeSpan.Zero"/>: at every beat) and how long it may take before its process tree is killed.
/// </summary>
internal sealed record CheckDefinition(string Name, IReadOnlyList<string> Command, TimeSpan Interval, TimeSpan Timeout)
{
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(10);
}
