// Locals are not zeroed on entry: the per-segment methods hold large structs (a let-go-of connection's record, a
// segment's analysis) that every path assigns before reading, and C# checks that it does; the few stackalloc buffers
// are written before they are read.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
