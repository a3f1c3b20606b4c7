using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace Hbd.Server.Metrics;

/// <summary>A label of one sample: its name (a constant of ours) and its value (any text, escaped on the way out).</summary>
public readonly record struct Label(string Name, string Value);

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4, as UTF-8 straight into a pipe: no line, label set or sample
/// object is made, so a scrape of 100,000 hosts costs its bytes and little else. The caller flushes when
/// <see cref="ShouldFlush"/> says so, which hands the bytes to the client and keeps the pipe's buffer bounded.
/// </summary>
public sealed class PrometheusTextWriter(PipeWriter output)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private const int ChunkBytes = 16 * 1024;
    private const int FlushBytes = 64 * 1024;

    // The format escapes these, and nothing else: in label values \ " and newline, in HELP text \ and newline.
    private static readonly SearchValues<char> LabelSpecials = SearchValues.Create("\\\"\n");
    private static readonly SearchValues<char> HelpSpecials = SearchValues.Create("\\\n");

    private Memory<byte> _buffer;
    private int _used;
    private long _unflushed;
    private string? _family;
    private string? _type;
    private string? _help;

    /// <summary>True when enough has been written since the last flush that the caller should flush before going on.</summary>
    public bool ShouldFlush => _unflushed + _used >= FlushBytes;

    /// <summary>
    /// Starts a metric family. Its HELP and TYPE lines go out before its first sample, so a family without samples is left out
    /// (the format allows a family to be absent, not to be empty of samples in some parsers' eyes).
    /// </summary>
    public void Family(string name, string type, string help)
    {
        _family = name;
        _type = type;
        _help = help;
    }

    /// <summary>One sample line: <c>name{label="value",…} number</c>. Every sample of a family must follow its <see cref="Family"/>.</summary>
    public void Sample(string name, ReadOnlySpan<Label> labels, double value)
    {
        if (_family is not null)
            WriteHeader();
        // An upper bound of the line: UTF-8 takes at most 3 bytes for a UTF-16 char, an escape 2 for one ASCII char.
        var span = Reserve(3 * name.Length + LabelsBound(labels));
        var at = Encoding.UTF8.GetBytes(name, span);
        _used += at + WriteLabelsAndValue(span[at..], [], labels, value);
    }

    /// <summary>
    /// A sample whose name and first labels are ready-made UTF-8 (<see cref="EncodeLabel"/>, joined with commas), for the
    /// per-host series: a host's label is encoded once per commit, not once per line. <paramref name="labels"/> follow them.
    /// </summary>
    public void Sample(ReadOnlySpan<byte> name, ReadOnlySpan<byte> encodedLabels, ReadOnlySpan<Label> labels, double value)
    {
        if (_family is not null)
            WriteHeader();
        var span = Reserve(name.Length + encodedLabels.Length + LabelsBound(labels));
        name.CopyTo(span);
        _used += name.Length + WriteLabelsAndValue(span[name.Length..], encodedLabels, labels, value);
    }

    /// <summary>What the labels, the value and the line's punctuation can take at most.</summary>
    private static int LabelsBound(ReadOnlySpan<Label> labels)
    {
        var bound = 3 + 32;
        foreach (var label in labels)
            bound += label.Name.Length + 4 + 3 * label.Value.Length;
        return bound;
    }

    /// <summary><c>{encoded,label="value",…} number\n</c> after a sample's name; returns the bytes written.</summary>
    private static int WriteLabelsAndValue(Span<byte> span, ReadOnlySpan<byte> encodedLabels, ReadOnlySpan<Label> labels, double value)
    {
        var at = 0;
        if (encodedLabels.Length + labels.Length > 0)
        {
            span[at++] = (byte)'{';
            encodedLabels.CopyTo(span[at..]);
            at += encodedLabels.Length;
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0 || encodedLabels.Length > 0)
                    span[at++] = (byte)',';
                at += Encoding.UTF8.GetBytes(labels[i].Name, span[at..]);
                span[at++] = (byte)'=';
                span[at++] = (byte)'"';
                at += WriteEscaped(span[at..], labels[i].Value, LabelSpecials);
                span[at++] = (byte)'"';
            }
            span[at++] = (byte)'}';
        }
        span[at++] = (byte)' ';
        at += WriteNumber(span[at..], value);
        span[at++] = (byte)'\n';
        return at;
    }

    /// <summary><c>name="value"</c> in UTF-8, the value escaped: a label to pass to the ready-made overload of <see cref="Sample(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{Label}, double)"/>.</summary>
    public static byte[] EncodeLabel(string name, string value)
    {
        var buffer = new byte[name.Length + 3 + 3 * value.Length];
        var at = Encoding.UTF8.GetBytes(name, buffer);
        buffer[at++] = (byte)'=';
        buffer[at++] = (byte)'"';
        at += WriteEscaped(buffer.AsSpan(at), value, LabelSpecials);
        buffer[at++] = (byte)'"';
        return buffer[..at];
    }

    /// <summary>A sample without labels.</summary>
    public void Sample(string name, double value) => Sample(name, [], value);

    /// <summary>Hands what was written to the pipe and lets the client read it.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Commit();
        _unflushed = 0;
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Numbers as the format reads them (Go's ParseFloat): shortest round-trip digits, NaN, +Inf and -Inf.</summary>
    public static int WriteNumber(Span<byte> destination, double value)
    {
        ReadOnlySpan<byte> special = double.IsNaN(value) ? "NaN"u8
            : double.IsPositiveInfinity(value) ? "+Inf"u8
            : double.IsNegativeInfinity(value) ? "-Inf"u8
            : default;
        if (!special.IsEmpty)
        {
            special.CopyTo(destination);
            return special.Length;
        }
        // Most values are whole (0 and 1, levels, counts): an integer prints several times faster than a double.
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value))
            return ((long)value).TryFormat(destination, out var digits, default, CultureInfo.InvariantCulture) ? digits
                : throw new InvalidOperationException("no room for a number");
        if (!value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture))
            throw new InvalidOperationException("no room for a number"); // Reserve's bound leaves 32 bytes; "R" needs at most 24
        return written;
    }

    /// <summary>The number as the format writes it (for label values such as a histogram's <c>le</c>).</summary>
    public static string FormatNumber(double value)
    {
        Span<byte> utf8 = stackalloc byte[32];
        return Encoding.ASCII.GetString(utf8[..WriteNumber(utf8, value)]);
    }

    private void WriteHeader()
    {
        var (name, type, help) = (_family!, _type!, _help!);
        _family = null;
        var span = Reserve(2 * name.Length + type.Length + 3 * help.Length + 20);
        var at = 0;
        "# HELP "u8.CopyTo(span);
        at += 7;
        at += Encoding.UTF8.GetBytes(name, span[at..]);
        span[at++] = (byte)' ';
        at += WriteEscaped(span[at..], help, HelpSpecials);
        "\n# TYPE "u8.CopyTo(span[at..]);
        at += 8;
        at += Encoding.UTF8.GetBytes(name, span[at..]);
        span[at++] = (byte)' ';
        at += Encoding.UTF8.GetBytes(type, span[at..]);
        span[at++] = (byte)'\n';
        _used += at;
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 with <c>\\</c>, <c>\"</c> and <c>\n</c> escapes for the characters in <paramref name="specials"/>.</summary>
    private static int WriteEscaped(Span<byte> destination, string text, SearchValues<char> specials)
    {
        var rest = text.AsSpan();
        var at = 0;
        int next;
        while ((next = rest.IndexOfAny(specials)) >= 0)
        {
            at += Encoding.UTF8.GetBytes(rest[..next], destination[at..]);
            destination[at++] = (byte)'\\';
            destination[at++] = rest[next] == '\n' ? (byte)'n' : (byte)rest[next];
            rest = rest[(next + 1)..];
        }
        return at + Encoding.UTF8.GetBytes(rest, destination[at..]);
    }

    /// <summary>At least <paramref name="bytes"/> of room, in the pipe's memory; what was written before is handed over first if needed.</summary>
    private Span<byte> Reserve(int bytes)
    {
        if (_buffer.Length - _used < bytes)
        {
            Commit();
            _buffer = output.GetMemory(Math.Max(bytes, ChunkBytes));
        }
        return _buffer.Span[_used..];
    }

    private void Commit()
    {
        if (_used == 0)
            return;
        output.Advance(_used);
        _unflushed += _used;
        _used = 0;
        _buffer = default;
    }
}
