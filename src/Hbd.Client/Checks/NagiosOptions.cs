using Hbd.Client.Plugins;
using Hbd.Common.Config;

namespace Hbd.Client.Checks;

/// <summary>
/// The nagios plugin's settings: <c>checks</c> by name (<c>command</c>, <c>shell</c>, <c>interval</c>, <c>timeout</c>,
/// <c>enabled</c>) and <c>max_parallel</c>, how many checks may run at once. A mistake is a <see cref="FormatException"/>
/// naming the check and the setting.
/// </summary>
internal sealed record NagiosOptions(IReadOnlyList<CheckDefinition> Checks, int MaxParallel)
{
    public const int DefaultMaxParallel = 4;

    /// <summary>Plugin-level settings besides <c>enabled</c>.</summary>
    public static IReadOnlyList<string> SettingKeys { get; } = ["checks", "max_parallel"];

    /// <summary>What one check may set.</summary>
    public static IReadOnlyList<string> CheckKeys { get; } = ["command", "shell", "interval", "timeout", "enabled"];

    /// <summary>True when <c>checks</c> names at least one check: the plugin is then on unless <c>enabled: false</c>.</summary>
    public static bool HasChecks(PluginSettings settings) => settings.GetSection("checks").Keys.Any();

    /// <summary>A check that needs longer is a job for cron; timers also cap out near 49 days.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(7);

    public static NagiosOptions Parse(PluginSettings settings)
    {
        var maxParallel = settings.GetInt64("max_parallel", DefaultMaxParallel);
        if (maxParallel is < 1 or > 1000)
            throw new FormatException($"setting 'max_parallel': expected 1 to 1000, found {maxParallel}");
        var section = settings.GetSection("checks");
        var checks = new List<CheckDefinition>();
        foreach (var name in section.Keys.Order(StringComparer.Ordinal))
        {
            try
            {
                if (Check(name, section.GetSection(name)) is { } check)
                    checks.Add(check);
            }
            catch (FormatException e)
            {
                throw new FormatException($"nagios check '{name}': {e.Message}", e);
            }
        }
        return new NagiosOptions(checks, (int)maxParallel);
    }

    private static CheckDefinition? Check(string name, PluginSettings check)
    {
        if (name.Trim().Length == 0)
            throw new FormatException("a check needs a name");
        foreach (var key in check.Keys)
            if (!CheckKeys.Contains(key))
                throw new FormatException($"unknown setting '{key}' (expected one of {string.Join(", ", CheckKeys)})");
        if (!check.GetBool("enabled", true))
            return null;
        if (!check.Contains("command"))
            throw new FormatException("setting 'command' is missing");

        IReadOnlyList<string> command;
        if (check.IsList("command"))
        {
            if (check.Contains("shell"))
                throw new FormatException("setting 'shell' applies to a command given as text, not as a list");
            command = check.GetStringList("command");
            if (command.Count == 0 || command[0].Length == 0)
                throw new FormatException("the command is empty");
        }
        else
        {
            var text = check.GetString("command", "");
            if (text.Trim().Length == 0)
                throw new FormatException("the command is empty");
            command = check.GetBool("shell", true) ? ["/bin/sh", "-c", text] : CommandSplitter.Split(text);
        }

        var interval = Duration(check, "interval", TimeSpan.Zero);
        var timeout = Duration(check, "timeout", CheckDefinition.DefaultTimeout);
        if (timeout <= TimeSpan.Zero || timeout > MaxTimeout)
            throw new FormatException($"setting 'timeout': must be more than 0 and at most {DurationParser.Format(MaxTimeout)}");
        if (interval > MaxInterval)
            throw new FormatException($"setting 'interval': must be at most {DurationParser.Format(MaxInterval)}");
        return new CheckDefinition(name, command, interval, timeout);
    }

    private static TimeSpan Duration(PluginSettings check, string key, TimeSpan fallback)
    {
        if (!check.Contains(key))
            return fallback;
        var text = check.GetString(key, "");
        return DurationParser.TryParse(text, out var duration)
            ? duration
            : throw new FormatException($"setting '{key}': expected a duration such as 60, 90s or 5m, found '{text}'");
    }
}
