using System.Numerics;

namespace Wirecase.Flows.Reassembly;

/// <summary>
/// Buffers for out-of-order segments, kept for reuse by size class (powers of two). Reassembly holds at most the
/// budget's total at once, so the pool keeps at most that much spare: a capture with many lossy transfers reuses the
/// same buffers instead of leaving a trail of garbage (the shared array pool keeps only a few per size).
/// </summary>
internal sealed class SegmentBufferPool(long maxRetainedBytes)
{
    private const int MinShift = 8;   // 256 bytes
    private readonly Stack<byte[]>?[] _classes = new Stack<byte[]>?[32];
    private long _retained;

    public byte[] Rent(int length)
    {
        int shift = Math.Max(MinShift, BitOperations.Log2((uint)Math.Max(1, length - 1)) + 1);
        if (_classes[shift] is { Count: > 0 } spare)
        {
            var b = spare.Pop();
            _retained -= b.Length;
            return b;
        }
        return GC.AllocateUninitializedArray<byte>(1 << shift);
    }

    public void Return(byte[] buffer)
    {
        if (!BitOperations.IsPow2(buffer.Length) || _retained + buffer.Length > maxRetainedBytes) return;
        int shift = BitOperations.Log2((uint)buffer.Length);
        (_classes[shift] ??= new Stack<byte[]>()).Push(buffer);
        _retained += buffer.Length;
    }
}
