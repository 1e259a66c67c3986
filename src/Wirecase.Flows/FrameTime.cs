namespace Wirecase.Flows;

/// <summary>A frame of the capture and its timestamp: where and when something was seen.</summary>
public readonly record struct FrameTime(long Frame, long TimestampNs);
