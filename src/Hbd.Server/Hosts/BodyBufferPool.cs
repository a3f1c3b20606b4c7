namespace Hbd.Server.Hosts;

/// <summary>
/// Buffers for beat bodies on their way from the receive thread to the store. An entry holds one only from its beat
/// until the store has written the body, so a million hosts need as many buffers as there are beats in flight, not one
/// each (0.75 GB at a million hosts); and since the receive thread takes them from here rather than allocating, it does
/// not end up running the collections (in this runtime the allocating thread does).
/// <para>
/// What is out at once is bounded (<see cref="Budget"/>): when the store falls far behind, as while a million new hosts
/// arrive at once, every host waiting for its row held its body, half a gigabyte of them. Past the budget a beat still
/// counts (state, deadline, address, all of it) but its body is not kept: the store keeps the host's previous one until
/// a later beat brings another, and <see cref="Refused"/> counts them.
/// </para>
/// </summary>
public sealed class BodyBufferPool
{
    /// <summary>256 MiB: about 2.5 s of beats at 100,000 a second, typical bodies.</summary>
    public const long DefaultBudget = 256L * 1024 * 1024;

    public static readonly BodyBufferPool Shared = new();

    private const int SmallestSize = 512;
    private const int LargestSize = 16 * 1024; // a datagram's limit (docs/protocol.md)
    private const long MaxBytesPerSize = 64L * 1024 * 1024;

    private readonly Stack<byte[]>[] _free;
    private long _out;
    private long _refused;

    public BodyBufferPool(long budget = DefaultBudget)
    {
        Budget = budget;
        _free = new Stack<byte[]>[SizeClass(LargestSize) + 1];
        for (var i = 0; i < _free.Length; i++)
            _free[i] = new Stack<byte[]>();
    }

    /// <summary>Bytes that may be out in buffers at once.</summary>
    public long Budget { get; }

    /// <summary>Bytes out in buffers now.</summary>
    public long Out => Interlocked.Read(ref _out);

    /// <summary>Bodies not kept because the budget was spent.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Buffers held for reuse.</summary>
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

    /// <summary>
    /// A buffer of at least <paramref name="length"/> bytes, reused when one is free; false, counted, when the budget is
    /// spent. Give it back with <see cref="Return"/>.
    /// </summary>
    public bool TryRent(int length, out byte[] buffer)
    {
        var size = length > LargestSize ? length : SmallestSize << SizeClass(length);
        if (Interlocked.Add(ref _out, size) > Budget)
        {
            Interlocked.Add(ref _out, -size);
            Interlocked.Increment(ref _refused);
            buffer = [];
            return false;
        }
        if (length <= LargestSize)
        {
            var stack = _free[SizeClass(length)];
            lock (stack)
            {
                if (stack.TryPop(out buffer!))
                    return true;
            }
        }
        buffer = new byte[size];
        return true;
    }

    /// <summary>Takes back a buffer from <see cref="TryRent"/>; kept for reuse up to a bound per size, so an idle pool holds little.</summary>
    public void Return(byte[] buffer)
    {
        Interlocked.Add(ref _out, -buffer.Length);
        if (buffer.Length > LargestSize)
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
