using Hbd.Common.Config;

namespace Hbd.Server.Config;

/// <summary>A group of hosts chosen by name pattern, with settings that beat the global ones (docs/configuration.md, host states).</summary>
public sealed record HostClass(
    string Name,
    IReadOnlyList<HostNamePattern> Match,
    TimeSpan? LateAfter = null,
    TimeSpan? DownAfter = null,
    bool? Notify = null)
{
    /// <summary>True when any of the class's patterns matches <paramref name="hostName"/>.</summary>
    public bool Matches(string hostName) => Match.Any(p => p.IsMatch(hostName));

    /// <summary>Reads every class of a <c>classes</c> mapping, in file order.</summary>
    internal static IReadOnlyList<HostClass> ParseAll(ConfigNode? classes)
    {
        if (classes is null)
            return [];
        return classes.AsMap().Entries.Select(e => Parse(e.Key, classes, e.Value)).ToList();
    }

    private static HostClass Parse(string name, ConfigNode classes, ConfigNode node)
    {
        if (node.IsNull)
            throw classes.ErrorAt(name, "a class needs at least 'match: [pattern, ...]'");
        node.AsMap();
        var matchNode = node.Get("match") ?? throw node.Error("a class needs 'match': a host name pattern or a list of them");
        var patterns = matchNode.AsStringList();
        if (patterns.Count == 0)
            throw matchNode.Error("'match' needs at least one host name pattern");
        var match = patterns.Select((text, i) =>
            HostNamePattern.TryCreate(text.Trim(), out var error)
            ?? throw (matchNode.Kind == ConfigNodeKind.Sequence ? matchNode.Items[i] : matchNode).Error(error!)).ToList();

        var late = node.GetDuration("late_after", ServerOptions.MinTimeout);
        var down = node.GetDuration("down_after", ServerOptions.MinTimeout);
        if (late is not null && down is not null && down <= late)
            throw node.ErrorAt("down_after", $"must be longer than late_after ({DurationParser.Format(late.Value)})");
        return new HostClass(name, match, late, down, node.GetBool("notify"));
    }
}
