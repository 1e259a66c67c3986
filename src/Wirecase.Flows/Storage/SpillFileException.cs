namespace Wirecase.Flows.Storage;

/// <summary>A <see cref="SpillFile{T}"/> could not be written or read back (full or failing temporary directory). The
/// message says where and what to do; callers report it as one line.</summary>
public sealed class SpillFileException(string message, Exception inner) : IOException(message, inner);
