using System.Runtime.InteropServices;

namespace Hbd.Load;

/// <summary>
/// With --pool: every beat one sender slice will send, encoded and signed before the clock starts, in native memory
/// (one slot of the longest beat's size each, in sending order), so that during the run the sender only points
/// sendmmsg at them and spends nothing on signing. A beat's sent_at is the time its turn is due, counted from when the
/// pool was made: the beats claim to leave a little early, by the time the pool took, well within hbd's clock skew.
/// </summary>
internal sealed unsafe class BeatPool : IDisposable
{
    private readonly byte* _memory;
    private readonly int _stride;
    private readonly ushort[] _lengths;

    public BeatPool(int beats, int stride)
    {
        _stride = stride;
        _lengths = new ushort[beats];
        _memory = (byte*)NativeMemory.Alloc((nuint)beats, (nuint)stride);
    }

    public int Count => _lengths.Length;

    public Span<byte> Slot(int index) => new(_memory + ((long)index * _stride), _stride);

    public void SetLength(int index, int length) => _lengths[index] = (ushort)length;

    public byte* Address(int index) => _memory + ((long)index * _stride);

    public int Length(int index) => _lengths[index];

    public void Dispose() => NativeMemory.Free(_memory);
}
