// Locals are not zeroed on entry: the conversation table makes and formats hundreds of thousands of rows, each a large
// struct, through methods whose stackalloc buffers are written before they are read (C# checks the other locals).
[module: System.Runtime.CompilerServices.SkipLocalsInit]
