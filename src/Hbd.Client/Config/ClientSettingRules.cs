using Hbd.Client.Sending;
using Hbd.Common.Config;
using Hbd.Common.Protocol;

namespace Hbd.Client.Config;

/// <summary>
/// The one set of checks for interval, port, name and servers, whether they are written in the configuration file or
/// given on the command line: each returns null when the text is good, else what is wrong with it, without a location.
/// </summary>
internal static class ClientSettingRules
{
    private const string DurationHint = "seconds, or e.g. 90s, 5m, 1h30m";

    /// <summary>A duration from <see cref="ClientOptions.MinInterval"/> to <see cref="ClientOptions.MaxInterval"/>.</summary>
    public static string? CheckInterval(string text, out TimeSpan interval)
    {
        var min = DurationParser.Format(ClientOptions.MinInterval);
        var max = DurationParser.Format(ClientOptions.MaxInterval);
        if (!DurationParser.TryParse(text, out interval))
            return $"expected a duration from {min} to {max} ({DurationHint}), found {Quote(text)}";
        if (interval < ClientOptions.MinInterval)
            return $"{Quote(text)} is too short: must be at least {min}";
        if (interval > ClientOptions.MaxInterval)
            return $"{Quote(text)} is too long: must be at most {max}";
        return null;
    }

    /// <summary>A UDP port, 1 to 65535.</summary>
    public static string? CheckPort(string text, out int port)
    {
        port = 0;
        if (!ScalarParser.TryParseInteger(text, out var value, out _) || value is < 1 or > 65535)
            return $"expected a port number from 1 to 65535, found {Quote(text)}";
        port = (int)value;
        return null;
    }

    /// <summary>A host name as <see cref="HostNames"/> allows it (the text is taken trimmed).</summary>
    public static string? CheckName(string text) =>
        HostNames.IsValid(text.Trim())
            ? null
            : $"not a valid host name: {Quote(text.Trim())} (letters, digits, '-', '_' and '.', at most {HostNames.MaxLength})";

    /// <summary>A server: host, host:port, IPv4 or [IPv6]:port; <paramref name="defaultPort"/> when it names none.</summary>
    public static string? CheckServer(string text, int defaultPort, out ServerAddress? address)
    {
        address = ServerAddress.TryParse(text, defaultPort, out var reason);
        return address is null ? $"not a server address: {Quote(text.Trim())}: {reason}" : null;
    }

    private static string Quote(string text) => "'" + (text.Length > 40 ? text[..40] + "…" : text) + "'";
}
