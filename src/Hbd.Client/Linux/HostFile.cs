using System.Diagnostics.CodeAnalysis;

namespace Hbd.Client.Linux;

/// <summary>Reads the kernel's and the system's text files; every failure is an <see cref="IOException"/> naming the path.</summary>
internal static class HostFile
{
    /// <summary>The whole file; a missing file is a <see cref="FileNotFoundException"/>.</summary>
    public static string Read(string path) =>
        TryRead(path, out var text) ? text : throw new FileNotFoundException($"{path} does not exist", path);

    /// <summary>False when the file (or its directory) does not exist; any other failure throws.</summary>
    public static bool TryRead(string path, [NotNullWhen(true)] out string? text)
    {
        try
        {
            // procfs reports a size of 0; ReadAllText reads to the end regardless.
            text = File.ReadAllText(path);
            return true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            text = null;
            return false;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new IOException($"cannot read {path}: {ex.Message}", ex);
        }
    }

    /// <summary>The exception for a file that was read but does not look as expected.</summary>
    public static IOException Malformed(string path, string expected) =>
        new($"{path}: not in the expected format ({expected})");
}
