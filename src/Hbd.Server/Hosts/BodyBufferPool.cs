namespace Hbd.Server.Hosts;

/// <summary>
/// Buffers for beat bodies on their way from the receive thread to the store. An entry holds one only from its beat
/// until the store has written the body, so a million hosts need as many buffers as there are beats in flight, not one
/// each (0.75 GB at a million hosts); and since the receive thread takes them from here rather than allocating, it does
/// not end up running the collections (in this runtime the allocating thread does).
/// </summary>
public sealed class BodyBufferPool
{
    public static readonly BodyBufferPool Shared = new();

    private const int SmallestSize = 512;
    private const int LargestSize = 16 * 1024; // a datagram's limit (docs/protocol.md)
    private const long MaxBytesPerSize = 64L * 1024 * 1024;

    private readonly Stack<byte[]>[] _free;

    public BodyBufferPool()
    {
        _free = new Stack<byte[]>[SizeClass(LargestSize) + 1];
        for (var i = 0; i < _free.Length; i++)
            _free[i] = new Stack<byte[]>();
    }

    /// <summary>Buffers held for reuse, for tests and /metrics-style accounting.</summary>
    public int FreeCount
    {
        get
        {
            var count = 0;
            foreach (var stack in _free)
                lock (stack)
                    count += stack.Count;
            return count;
        }
    }

    /// <summary>A buffer of at least <paramref name="length"/> bytes, reused when one is free.</summary>
    public byte[] Rent(int length)
    {
        if (length > LargestSize)
            return new byte[length];
        var sizeClass = SizeClass(length);
        var stack = _free[sizeClass];
        lock (stack)
        {
            if (stack.TryPop(out var buffer))
                return buffer;
        }
        return new byte[SmallestSize << sizeClass];
    }

    /// <summary>Takes back a buffer from <see cref="Rent"/>; kept up to a bound per size, so an idle pool holds little.</summary>
    public void Return(byte[] buffer)
    {
        if (buffer.Length is < SmallestSize or > LargestSize || !int.IsPow2(buffer.Length))
            return;
        var stack = _free[SizeClass(buffer.Length)];
        lock (stack)
        {
            if ((long)stack.Count * buffer.Length < MaxBytesPerSize)
                stack.Push(buffer);
        }
    }

    /// <summary>0 for up to 512 bytes, 1 for up to 1 KiB, and so on.</summary>
    private static int SizeClass(int length) =>
        length <= SmallestSize ? 0 : 32 - int.LeadingZeroCount(length - 1) - int.Log2(SmallestSize);
}
