// Locals are not zeroed on entry (decoding runs once per frame; C# checks every local is assigned before it is read;
// the few stackalloc buffers are written before they are read).
[module: System.Runtime.CompilerServices.SkipLocalsInit]
