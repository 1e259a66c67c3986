using Wirecase.Flows.Storage;
using Xunit;

namespace Wirecase.Flows.Tests;

public sealed class SpillFileTests
{
    private readonly record struct Sample(long Number, int Check, byte Tag);

    private static Sample Make(long i) => new(i, unchecked((int)(i * 2_654_435_761)), (byte)i);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Records_read_back_as_written_across_buffer_and_file(bool inMemory)
    {
        // A directory that does not exist: no file can be made, the records stay in memory.
        using var spill = new SpillFile<Sample>(bufferBytes: 256, directory: inMemory ? Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")) : null);
        Assert.Equal(inMemory, spill.InMemory);
        const int count = 1000;   // many buffers of 16 records
        for (long i = 0; i < count; i++) Assert.Equal(i, spill.Append(Make(i)));
        Assert.Equal(count, spill.Count);
        Assert.Equal(Make(0), spill.Read(0));
        Assert.Equal(Make(555), spill.Read(555));
        Assert.Equal(Make(count - 1), spill.Read(count - 1));   // still in the buffer
        // A block that starts in the written part and ends in the buffer, and one that runs past the end.
        var block = new Sample[40];
        Assert.Equal(40, spill.Read(count - 45, block));
        for (int i = 0; i < 40; i++) Assert.Equal(Make(count - 45 + i), block[i]);
        Assert.Equal(10, spill.Read(count - 10, block));
        Assert.Equal(Make(count - 1), block[9]);
        Assert.Equal(0, spill.Read(count, block));
        Assert.Throws<ArgumentOutOfRangeException>(() => spill.Read(count));
    }

    [Fact]
    public void The_file_is_gone_from_the_directory_as_soon_as_it_is_made()
    {
        var dir = Directory.CreateTempSubdirectory("wirecase-spill-test").FullName;
        try
        {
            using var spill = new SpillFile<Sample>(bufferBytes: 256, directory: dir);
            for (long i = 0; i < 100; i++) spill.Append(Make(i));
            Assert.False(spill.InMemory);
            Assert.Empty(Directory.GetFiles(dir));
            Assert.Equal(Make(3), spill.Read(3));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
