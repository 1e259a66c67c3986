namespace Wirecase.Capture;

/// <summary>
/// A frame's identity within a capture point made of several files that follow each other (a ring buffer): the file's
/// position in the point in the high bits, Wireshark's frame number within that file in the low 40. The first file's
/// frames keep their plain numbers, so a point of one file is numbered exactly as Wireshark numbers it.
/// </summary>
public static class FrameId
{
    private const int NumberBits = 40;
    private const long NumberMask = (1L << NumberBits) - 1;

    public static long Make(int fileOrdinal, long number) => ((long)fileOrdinal << NumberBits) | number;

    /// <summary>The file's position within its capture point (0 for the first file).</summary>
    public static int FileOrdinal(long id) => (int)(id >> NumberBits);

    /// <summary>Wireshark's frame number within that file.</summary>
    public static long Number(long id) => id & NumberMask;
}
