using System.Runtime.InteropServices;

namespace Wirecase.Flows.Storage;

/// <summary>
/// A zeroed array of unmanaged structs outside the garbage-collected heap, given back the moment it is disposed. For
/// tables that grow by doubling over a whole capture: a managed array left behind at each doubling stays in memory
/// until a full collection, which a run that hardly allocates may never have, so the peak would follow the capture's
/// length instead of what the table holds. glibc gives large blocks straight from the kernel (<c>mmap</c>) and
/// returns them to it when freed. Not thread-safe; the finalizer frees a block nobody disposed.
/// </summary>
internal sealed unsafe class NativeArray<T> : IDisposable where T : unmanaged
{
    private T* _items;

    public NativeArray(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        _items = (T*)NativeMemory.AllocZeroed((nuint)length, (nuint)sizeof(T));
        Length = length;
    }

    public int Length { get; }

    public Span<T> Span => _items is null ? throw new ObjectDisposedException(nameof(NativeArray<T>)) : new(_items, Length);

    ~NativeArray() => Free();

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_items is null) return;
        NativeMemory.Free(_items);
        _items = null;
    }
}
