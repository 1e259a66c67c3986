using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Wirecase.Flows;

/// <summary>
/// Asks the processor to bring an object into its cache before the code gets to it (x86 <c>PREFETCHT0</c>; nothing
/// elsewhere). For loops over many objects nobody touched for seconds — letting go of connections, reusing their
/// objects — where each object and its parts would otherwise be a wait for memory, one after the other. Only a hint:
/// a prefetch never faults, so an address the garbage collector has since moved costs nothing but the hint.
/// </summary>
internal static class CachePrefetch
{
    private const int LineBytes = 64;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Object(object? o, int lines)
    {
        if (!Sse.IsSupported || o is null) return;
        byte* p = (byte*)Unsafe.As<object, nint>(ref o);
        for (int i = 0; i < lines; i++) Sse.Prefetch0(p + i * LineBytes);
    }

    /// <summary>Prefetches the line holding an array element (or any other location).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void At<T>(ref T location)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref location));
    }
}
