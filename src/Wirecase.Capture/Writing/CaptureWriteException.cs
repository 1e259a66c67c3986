namespace Wirecase.Capture.Writing;

/// <summary>A frame the chosen output format cannot hold (a pcap file has one link type).</summary>
public sealed class CaptureWriteException(string message) : Exception(message);
