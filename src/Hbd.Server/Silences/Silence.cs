using Hbd.Common;

namespace Hbd.Server.Silences;

/// <summary>
/// A silence: hosts matching any of <see cref="Hosts"/> (class-style globs) are silenced until <see cref="Until"/>.
/// Notifications, when they come, obey it; events are journaled all the same. <see cref="Id"/> is 0 until stored.
/// </summary>
public sealed record Silence(long Id, IReadOnlyList<string> Hosts, DateTimeOffset Until, string? Comment, DateTimeOffset CreatedAt, string CreatedBy)
{
    /// <summary>A silence ends by itself: from <see cref="Until"/> on it is expired.</summary>
    public bool IsActiveAt(DateTimeOffset now) => Until > now;

    /// <summary>Whether a pattern matches the host's whole name, letters in any case, as a class's patterns do.</summary>
    public bool Covers(string host)
    {
        foreach (var pattern in Hosts)
        {
            if (Glob.IsMatch(pattern, host, ignoreCase: true))
                return true;
        }
        return false;
    }

    /// <summary>The same patterns (in any order and case), the same end and the same comment: a second one would add nothing.</summary>
    public bool SameAs(Silence other) =>
        Until == other.Until && Comment == other.Comment
        && Hosts.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(other.Hosts);
}
