using System.Security.Cryptography;
using System.Text;
using Hbd.Common.Config;

namespace Hbd.Server.Config;

/// <summary>Reads a PEM file named by a config key, and lists the labels of what it holds.</summary>
internal static class PemText
{
    /// <summary>A certificate chain or a key is a few kilobytes; a larger file is the wrong file (or /dev/zero).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The text of <paramref name="path"/>; a file that cannot be read is an error at <paramref name="where"/>.</summary>
    public static string Read(string path, string what, ConfigNode where)
    {
        var buffer = new byte[MaxBytes + 1];
        int length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
            length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw where.Error($"cannot read {what} file '{path}': {e.Message}");
        }
        if (length > MaxBytes)
            throw where.Error($"{what} file '{path}' is larger than {MaxBytes / 1024 / 1024} MiB; expected PEM text");
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>The labels of the PEM sections in <paramref name="text"/> (CERTIFICATE, PRIVATE KEY …), in order.</summary>
    public static List<string> Labels(string text)
    {
        var labels = new List<string>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            labels.Add(rest[fields.Label].ToString());
            rest = rest[fields.Location.End..];
        }
        return labels;
    }
}
