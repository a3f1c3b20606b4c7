using System.Buffers;
using System.Text;

namespace Hbd.Client.Checks;

/// <summary>Reads a check's output pipe to its end, keeping the first <c>cap</c> bytes and draining the rest so the writer never blocks.</summary>
internal static class OutputReader
{
    /// <summary>The text read (UTF-8, invalid bytes replaced); what was read so far when <paramref name="cancel"/> fires.</summary>
    public static async Task<string> ReadAsync(Stream stream, int cap, CancellationToken cancel)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(cap);
        var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                var read = length < cap
                    ? await stream.ReadAsync(buffer.AsMemory(length, cap - length), cancel).ConfigureAwait(false)
                    : await stream.ReadAsync(scratch, cancel).ConfigureAwait(false);
                if (read == 0)
                    break;
                if (length < cap)
                    length += read;
            }
        }
        catch (OperationCanceledException)
        {
            // Something that escaped the kill still holds the pipe: keep what came.
        }
        catch (IOException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
        try
        {
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
