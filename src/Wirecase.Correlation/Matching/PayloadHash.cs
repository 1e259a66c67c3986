using System.IO.Hashing;

namespace Wirecase.Correlation;

/// <summary>A 64-bit hash of payload bytes (XXH3): equal bytes, equal hash; different bytes differ in practice.</summary>
internal static class PayloadHash
{
    public static ulong Of(ReadOnlySpan<byte> payload) => payload.IsEmpty ? 0 : XxHash3.HashToUInt64(payload);
}
