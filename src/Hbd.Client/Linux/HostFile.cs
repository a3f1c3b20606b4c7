using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Hbd.Client.Linux;

/// <summary>Reads the kernel's and the system's text files; every failure is an <see cref="IOException"/> naming the path.</summary>
internal static class HostFile
{
    /// <summary>Larger than any /proc or /sys file a plugin reads on a small host; bigger ones grow the buffer.</summary>
    private const int FirstBufferSize = 16 * 1024;

    /// <summary>The whole file; a missing file is a <see cref="FileNotFoundException"/>.</summary>
    public static string Read(string path) =>
        TryRead(path, out var text) ? text : throw new FileNotFoundException($"{path} does not exist", path);

    /// <summary>False when the file (or its directory) does not exist; any other failure throws.</summary>
    public static bool TryRead(string path, [NotNullWhen(true)] out string? text)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            text = ReadToEnd(handle);
            return true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            text = null;
            return false;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or NotSupportedException) // a FIFO cannot be read at an offset
        {
            throw new IOException($"cannot read {path}: {ex.Message}", ex);
        }
    }

    /// <summary>The exception for a file that was read but does not look as expected.</summary>
    public static IOException Malformed(string path, string expected) =>
        new($"{path}: not in the expected format ({expected})");

    /// <summary>
    /// Reads until a read returns nothing (procfs reports a size of 0) into a reused buffer, so a file costs the agent
    /// its text and no more: File.ReadAllText's stream, reader and buffers were most of a beat's garbage.
    /// </summary>
    private static string ReadToEnd(SafeFileHandle handle)
    {
        var buffer = Spare.Take();
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = new byte[buffer.Length * 2];
                    buffer.AsSpan(0, length).CopyTo(larger);
                    buffer = larger;
                }
                var read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
                if (read == 0)
                    break;
                length += read;
            }
            var bytes = buffer.AsSpan(0, length);
            if (bytes.StartsWith(Encoding.UTF8.Preamble))
                bytes = bytes[Encoding.UTF8.Preamble.Length..];
            return Encoding.UTF8.GetString(bytes);
        }
        finally
        {
            Spare.Give(buffer);
        }
    }

    /// <summary>
    /// The read buffers kept between reads: as many as plugins read at once (the cores), for the whole process.
    /// ArrayPool.Shared would keep one per thread that ever read a file (every pool worker, the disk plugin's guard
    /// thread), for good: the agent only collects gen0, so the pool's trimming at gen2 collections never runs.
    /// </summary>
    private static class Spare
    {
        private static readonly byte[]?[] Buffers = new byte[]?[Math.Clamp(Environment.ProcessorCount, 1, 4)];

        public static byte[] Take()
        {
            for (var i = 0; i < Buffers.Length; i++)
            {
                if (Interlocked.Exchange(ref Buffers[i], null) is { } buffer)
                    return buffer;
            }
            return new byte[FirstBufferSize];
        }

        /// <summary>Kept when a slot is free and it is of the first size (a rare larger file does not pin its buffer).</summary>
        public static void Give(byte[] buffer)
        {
            if (buffer.Length != FirstBufferSize)
                return;
            for (var i = 0; i < Buffers.Length; i++)
            {
                if (Interlocked.CompareExchange(ref Buffers[i], buffer, null) is null)
                    return;
            }
        }
    }
}
