namespace Hbd.Client.Checks;

/// <summary>
/// A Nagios plugin's output split the way Nagios does: the first line up to <c>|</c> is the message, the rest of that
/// line is performance data; later lines are long text, except that from the first later <c>|</c> on, the rest of that
/// line and every line after it are performance data too.
/// </summary>
internal sealed record PluginOutput(string Message, IReadOnlyList<PerfDataItem> PerfData)
{
    public static PluginOutput Parse(string? output)
    {
        if (string.IsNullOrEmpty(output))
            return new PluginOutput("", []);
        var text = output.AsSpan();
        var newline = text.IndexOf('\n');
        var first = newline < 0 ? text : text[..newline];
        var rest = newline < 0 ? [] : text[(newline + 1)..];

        var perf = new System.Text.StringBuilder();
        var bar = first.IndexOf('|');
        var message = (bar < 0 ? first : first[..bar]).Trim();
        if (bar >= 0)
            perf.Append(first[(bar + 1)..]);
        var longBar = rest.IndexOf('|');
        if (longBar >= 0)
            perf.Append(' ').Append(rest[(longBar + 1)..]);
        return new PluginOutput(message.ToString(), PerfDataParser.Parse(perf.ToString()));
    }
}
