using Wirecase.Cli.Output;
using Wirecase.Packets;

namespace Wirecase.Cli.Tests;

/// <summary>The conv table: batches formatted on helper threads come out whole and in the rows' order.</summary>
public sealed class ConversationTextWriterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(1024)]   // one full batch: formatted on the calling thread
    [InlineData(1025)]   // a second batch of one row
    [InlineData(2048)]
    [InlineData(2049)]
    [InlineData(7_500)]  // several rounds of both helpers, a partial batch last
    public void Every_row_is_written_once_in_order(int count)
    {
        var widths = new ConversationTextWriter.EndpointWidths("udp");
        var selection = new ConversationSelection("start", observe: widths.Observe);
        using var store = new ConversationRowStore(null, 0, selection, runRows: 1000);
        for (int i = 0; i < count; i++)
        {
            store.Add(new ConversationRow
            {
                AddressA = IpAddressValue.V4([192, 0, 2, (byte)(i % 250)]),
                PortA = (ushort)(10_000 + i),
                AddressB = IpAddressValue.V4([198, 51, 100, 7]),
                PortB = 53,
                FramesAToB = 1,
                BytesAToB = 80,
                RelativeStartNs = 1_000_000L * (count - i),   // appended in reverse of the listed order
            });
        }
        var rows = ConversationRowList.Merge([store]);
        var text = new StringWriter();
        ConversationTextWriter.Write(text, "udp", rows, widths);

        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"UDP conversations: {count}", lines[0]);
        Assert.Equal(count, lines.Length - 2);
        for (int k = 0; k < count; k++)
        {
            int i = count - 1 - k;   // earliest start first
            Assert.StartsWith($"192.0.2.{i % 250}:{10_000 + i} ", lines[k + 2]);
        }
    }
}
