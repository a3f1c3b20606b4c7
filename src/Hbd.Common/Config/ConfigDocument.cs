using System.Buffers;
using System.Text.Unicode;

namespace Hbd.Common.Config;

/// <summary>
/// A parsed YAML configuration file whose values remember their file and line. Every problem with the
/// file (unreadable, not UTF-8, bad YAML, too big or too deep, duplicate keys) is a <see cref="ConfigException"/>.
/// </summary>
public sealed class ConfigDocument
{
    /// <summary>Largest configuration file accepted.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Deepest nesting of mappings and lists accepted.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most values a document may hold with its aliases expanded (stops "billion laughs").</summary>
    public const long MaxValues = 1_000_000;

    private ConfigDocument(string? path, ConfigValue root)
    {
        Path = path;
        Root = new ConfigNode(root, path, "", root.Line);
    }

    /// <summary>No file: every key absent, so every option takes its default.</summary>
    public static ConfigDocument Empty { get; } = new(null, ConfigValue.EmptyMapping);

    /// <summary>The file this document was read from, or null.</summary>
    public string? Path { get; }

    /// <summary>The top-level mapping (empty for an empty file).</summary>
    public ConfigNode Root { get; }

    /// <summary>Reads and parses <paramref name="path"/>; an empty file is an empty configuration.</summary>
    public static ConfigDocument Load(string path)
    {
        var bytes = ReadCapped(path);
        return Parse(Decode(bytes, path), path);
    }

    /// <summary>Parses YAML text; <paramref name="path"/> only names it in messages.</summary>
    public static ConfigDocument Parse(string text, string? path = null)
    {
        if (text.Length > MaxBytes)
            throw new ConfigException(path, 0, null, $"file is larger than {MaxBytes / 1024} KiB");
        RejectControlCharacters(text, path);
        var root = ConfigTreeBuilder.Build(text, path, MaxDepth, MaxValues);
        if (root is null || root.Kind == ConfigNodeKind.Null)
            return new ConfigDocument(path, ConfigValue.EmptyMapping);
        if (root.Kind != ConfigNodeKind.Mapping)
            throw new ConfigException(path, root.Line, null, "the top level must be a mapping of keys to values");
        return new ConfigDocument(path, root);
    }

    private static byte[] ReadCapped(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            var buffer = new byte[Math.Min(MaxBytes + 1, stream.CanSeek ? Math.Max(stream.Length, 0) + 1 : 64 * 1024)];
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length > MaxBytes)
                        throw new ConfigException(path, 0, null, $"file is larger than {MaxBytes / 1024} KiB");
                    Array.Resize(ref buffer, (int)Math.Min(MaxBytes + 1L, buffer.Length * 2L));
                }
                var read = stream.Read(buffer, total, buffer.Length - total);
                if (read == 0)
                    break;
                total += read;
            }
            Array.Resize(ref buffer, total);
            return buffer;
        }
        catch (ConfigException)
        {
            throw;
        }
        catch (FileNotFoundException)
        {
            throw new ConfigException(path, 0, null, "file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ConfigException(path, 0, null, "file not found");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var reason = Directory.Exists(path) ? "is a directory" : e.Message;
            throw new ConfigException(path, 0, null, "cannot read: " + reason, e);
        }
    }

    private static string Decode(byte[] bytes, string path)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            span = span[3..];
        var chars = new char[span.Length];
        var status = Utf8.ToUtf16(span, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var line = span[..read].Count((byte)'\n') + 1;
            throw new ConfigException(path, line, null, "not UTF-8 text (is this a YAML file?)");
        }
        return new string(chars, 0, written);
    }

    private static void RejectControlCharacters(string text, string? path)
    {
        var line = 1;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
            }
            else if (IsForbidden(c))
            {
                var code = ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
                throw new ConfigException(path, line, null, $"control character U+{code} is not allowed (is this a YAML file?)");
            }
        }
    }

    // YAML allows tab, line feed, carriage return and printable characters only.
    private static bool IsForbidden(char c) =>
        c < ' ' && c is not '\t' and not '\r' ||
        c is >= '\u007F' and <= '\u009F' and not '\u0085' ||
        c is '\uFFFE' or '\uFFFF';

    /// <inheritdoc/>
    public override string ToString() => Path ?? "<no file>";
}
