namespace Wirecase.Diagnosis.Rules;

/// <summary>The TTL (hop limit) a stack most likely started from: the common defaults 32, 64, 128 and 255.</summary>
internal static class InitialTtl
{
    public static int Of(byte ttl) => ttl <= 32 ? 32 : ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255;
}
