using System.Globalization;
using System.Net;

namespace Hbd.Client.Sending;

/// <summary>A server as given: `host`, `host:port`, an IPv4 literal, `[IPv6]:port` or a bare IPv6 literal.</summary>
internal sealed record ServerAddress(string Host, int Port)
{
    /// <summary>Parses one SERVER argument; null with a reason when it is not one.</summary>
    public static ServerAddress? TryParse(string text, int defaultPort, out string? error)
    {
        error = null;
        text = text.Trim();
        if (text.StartsWith('-'))
            return Fail("a host name cannot start with '-'", out error);
        string host;
        var port = defaultPort;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
                return Fail("missing ']' after an IPv6 address", out error);
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && (!rest.StartsWith(':') || !TryPort(rest[1..], out port)))
                return Fail("expected [IPv6]:port", out error);
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                return Fail($"'{host}' is not an IPv6 address", out error);
        }
        else if (text.Count(c => c == ':') > 1)
        {
            host = text; // a bare IPv6 literal: no port possible without brackets
            if (!IPAddress.TryParse(host, out _))
                return Fail("not an IPv6 address (write [address]:port to give a port)", out error);
        }
        else
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? text : text[..colon];
            if (colon >= 0 && !TryPort(text[(colon + 1)..], out port))
                return Fail("the port must be a number from 1 to 65535", out error);
            if (!IsHostName(host))
                return Fail("not a host name or address", out error);
        }
        return new ServerAddress(host, port);
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    private static bool IsHostName(string host) =>
        host.Length is > 0 and <= 253 && host[0] != '.' && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');

    private static ServerAddress? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }
}
