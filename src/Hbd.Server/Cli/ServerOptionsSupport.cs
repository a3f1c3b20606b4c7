using Hbd.Common.Config;

namespace Hbd.Server.Cli;

/// <summary>
/// Documented settings whose feature this build does not have yet. Set, they stop hbd (and --check-config, and a reload)
/// with exit 2, rather than being accepted and silently doing nothing: an operator who sets pushover_token expects
/// to be paged. Checked before the options are parsed, so the answer is "not available", not a complaint about the value.
/// </summary>
public static class ServerOptionsSupport
{
    private const string Postgres = "PostgreSQL is not available in this version; use 'store: sqlite'";

    /// <summary>
    /// The refused settings, with the reason per feature. The feature that lands lifts its own lines (and moves its keys
    /// in docs/configuration.md from "not available in this version" to their section).
    /// </summary>
    public static IReadOnlyList<RefusedSetting> Refused { get; } =
    [
        new RefusedSetting(RefusedScope.TopLevel, "store", Postgres, Value: "postgres"),
        .. TopLevel(Postgres, "postgres_url"),
    ];

    /// <summary>Throws a <see cref="ConfigException"/> at the first refused setting of the file, in file order.</summary>
    public static void EnsureSupported(ConfigNode root)
    {
        foreach (var entry in root.Entries)
        {
            if (Find(RefusedScope.TopLevel, entry.Key, entry.Value) is { } refused)
                throw root.ErrorAt(entry.Key, refused.Reason);
            if (entry.Key == "classes")
                EnsureClassesSupported(entry.Value);
        }
    }

    private static void EnsureClassesSupported(ConfigNode classes)
    {
        foreach (var hostClass in classes.Entries)
        {
            foreach (var entry in hostClass.Value.Entries)
            {
                if (Find(RefusedScope.HostClass, entry.Key, entry.Value) is { } refused)
                    throw hostClass.Value.ErrorAt(entry.Key, refused.Reason);
            }
        }
    }

    /// <summary>A value left empty (`~`, null, nothing) is a key not set, so it is not refused.</summary>
    private static RefusedSetting? Find(RefusedScope scope, string key, ConfigNode value)
    {
        if (value.IsNull)
            return null;
        foreach (var refused in Refused)
        {
            if (refused.Scope == scope && refused.Key == key
                && (refused.Value is null || string.Equals(value.Text?.Trim(), refused.Value, StringComparison.OrdinalIgnoreCase)))
                return refused;
        }
        return null;
    }

    private static IEnumerable<RefusedSetting> TopLevel(string reason, params string[] keys) =>
        keys.Select(key => new RefusedSetting(RefusedScope.TopLevel, key, reason));
}

/// <summary>Where a refused key sits: at the top of the file, or inside a host class.</summary>
public enum RefusedScope
{
    TopLevel,
    HostClass,
}

/// <summary>A key (with any value, or only with <paramref name="Value"/>) that this build refuses, and why.</summary>
public sealed record RefusedSetting(RefusedScope Scope, string Key, string Reason, string? Value = null);
