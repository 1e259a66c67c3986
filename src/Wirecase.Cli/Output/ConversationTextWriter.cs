using System.Globalization;
using System.Text;
using Wirecase.Packets;

namespace Wirecase.Cli.Output;

/// <summary>The text table of `wirecase conv`. Rows are formatted into one reused buffer (a capture can hold hundreds of
/// thousands of conversations), numbers straight into spans without intermediate strings.</summary>
internal static class ConversationTextWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="widths">The endpoint columns' widths, measured as the rows were made.</param>
    public static void Write(TextWriter w, string kind, ConversationRowList rows, EndpointWidths widths)
    {
        bool tcp = kind == "tcp";
        w.WriteLine($"{kind.ToUpperInvariant()} conversations: {rows.Count}");
        if (rows.Count == 0) return;
        int wa = widths.A, wb = widths.B;
        string head = $"{"A".PadRight(wa)}     {"B".PadRight(wb)} {"A→B frames",10} {"A→B bytes",11} {"B→A frames",10} {"B→A bytes",11} {"frames",7} {"bytes",11} {"start s",12} {"duration s",10} {"A→B rate",12} {"B→A rate",12}";
        if (tcp) head += $" {"stream",6} {"state",6} {"history",-12} {"retr A/B",9} {"iRTT ms",8} {"gaps B",8}  end";
        w.WriteLine(rows.HasFiles ? "file  " + head : head);
        var batch = new ConversationRow[Batch];
        int n = 0;
        if (rows.Count <= Batch)
        {
            // One batch: formatted here, no threads.
            foreach (var r in rows) batch[n++] = r;
            var text = new StringBuilder(n * RowChars);
            FormatRows(text, rows, batch.AsSpan(0, n), widths);
            w.Write(text);
            return;
        }
        // Batch k goes to helper k % Helpers; before a helper takes a batch, the one it had before (k - Helpers) is
        // written, so the batches come out in order while this thread only reads (merges) the rows.
        var helpers = new FormattingHelper[Helpers];
        for (int i = 0; i < Helpers; i++) helpers[i] = new FormattingHelper(rows, widths);
        try
        {
            long started = 0;
            foreach (var r in rows)
            {
                batch[n++] = r;
                if (n < Batch) continue;
                batch = Hand(batch, n);
                n = 0;
            }
            if (n > 0) Hand(batch, n);
            for (long k = Math.Max(0, started - Helpers); k < started; k++) helpers[k % Helpers].WriteResult(w);

            ConversationRow[] Hand(ConversationRow[] full, int count)
            {
                var helper = helpers[started % Helpers];
                if (started >= Helpers) helper.WriteResult(w);
                started++;
                return helper.Start(full, count);
            }
        }
        finally
        {
            foreach (var h in helpers) h.Dispose();
        }
    }

    /// <summary>Rows per batch: formatting is most of the work of writing a table of hundreds of thousands of rows, so
    /// batches are formatted on <see cref="Helpers"/> threads while this one merges the sorted runs into the next
    /// (merging 475 k rows takes 150–200 ms, formatting them about twice that).</summary>
    private const int Batch = 1024;

    private const int Helpers = 2;

    // A batch's text (rows are about 230 characters) in one buffer from the start: grown from the default, a builder
    // leaves a chain of chunks behind that a run which hardly allocates keeps in memory to the end.
    private const int RowChars = 256;
    private const int BatchChars = Batch * RowChars;

    private static void FormatRows(StringBuilder sb, ConversationRowList rows, ReadOnlySpan<ConversationRow> batch, EndpointWidths widths)
    {
        sb.Clear();
        foreach (ref readonly var r in batch) FormatRow(sb, rows, r, widths);
    }

    /// <summary>A thread that formats one batch at a time for <see cref="Write"/>.</summary>
    private sealed class FormattingHelper : IDisposable
    {
        private readonly SemaphoreSlim _work = new(0);
        private readonly SemaphoreSlim _done = new(0);
        private readonly StringBuilder _text = new(BatchChars);
        private readonly Thread _thread;
        private ConversationRow[] _batch = new ConversationRow[Batch];
        private int _count;
        private bool _stop;
        private Exception? _error;

        public FormattingHelper(ConversationRowList rows, EndpointWidths widths)
        {
            _thread = new Thread(() =>
            {
                while (true)
                {
                    _work.Wait();
                    if (_stop) return;
                    try
                    {
                        FormatRows(_text, rows, _batch.AsSpan(0, _count), widths);
                    }
                    catch (Exception e)
                    {
                        _error = e;
                    }
                    _done.Release();
                }
            }) { IsBackground = true, Name = "wirecase-format" };
            _thread.Start();
        }

        /// <summary>Hands <paramref name="batch"/> over and returns an array to fill next.</summary>
        public ConversationRow[] Start(ConversationRow[] batch, int count)
        {
            var spare = _batch;
            _batch = batch;
            _count = count;
            _work.Release();
            return spare;
        }

        /// <summary>Waits for the batch handed over and writes its text.</summary>
        public void WriteResult(TextWriter w)
        {
            _done.Wait();
            if (_error is not null) throw new InvalidOperationException("formatting failed: " + _error.Message, _error);
            w.Write(_text);
        }

        public void Dispose()
        {
            _stop = true;
            _work.Release();
            _thread.Join();
            _work.Dispose();
            _done.Dispose();
        }
    }

    private static void FormatRow(StringBuilder sb, ConversationRowList rows, in ConversationRow r, EndpointWidths widths)
    {
        Span<char> endpoint = stackalloc char[64];
        Span<char> cell = stackalloc char[48];
        Span<char> history = stackalloc char[64];
        bool ports = widths.Ports;
        if (rows.FileOf(r) is { } file) sb.Append(file).Append("  ");
        int n = Endpoint(endpoint, r.AddressA, r.PortA, ports);
        sb.Append(endpoint[..n]).Append(' ', widths.A - n).Append(" <-> ");
        n = Endpoint(endpoint, r.AddressB, r.PortB, ports);
        sb.Append(endpoint[..n]).Append(' ', widths.B - n);
        Number(sb, r.FramesAToB, 10);
        Text(sb, cell[..SizeText.FormatBytes(cell, r.BytesAToB)], 11);
        Number(sb, r.FramesBToA, 10);
        Text(sb, cell[..SizeText.FormatBytes(cell, r.BytesBToA)], 11);
        Number(sb, r.Frames, 7);
        Text(sb, cell[..SizeText.FormatBytes(cell, r.Bytes)], 11);
        FixedPoint(sb, r.RelativeStartNs, 1_000_000_000, 6, 12);
        FixedPoint(sb, r.DurationNs, 1_000_000_000, 4, 10);
        Text(sb, cell[..SizeText.FormatRate(cell, r.BitsPerSecondAToB)], 12);
        Text(sb, cell[..SizeText.FormatRate(cell, r.BitsPerSecondBToA)], 12);
        if (r.Tcp is { } t)
        {
            Number(sb, t.Stream, 6);
            Text(sb, t.State, 6);
            n = t.CopyHistory(history);
            sb.Append(' ').Append(history[..n]).Append(' ', Math.Max(0, 12 - n));
            t.RetransmissionsAToB.TryFormat(cell, out n, default, Inv);
            cell[n++] = '/';
            t.RetransmissionsBToA.TryFormat(cell[n..], out int m, default, Inv);
            Text(sb, cell[..(n + m)], 9);
            if (t.InitialRttNs > 0) FixedPoint(sb, t.InitialRttNs, 1_000_000, 1, 8);
            else Text(sb, "-", 8);
            Number(sb, t.GapBytesAToB + t.GapBytesBToA, 8);
            sb.Append("  ").Append(t.Ended);
            if (t.MidStream) sb.Append(", began before the capture");
            if (t.ReusedPorts) sb.Append(", reused ports");
        }
        sb.Append('\n');
    }

    /// <summary>The widths of the A and B columns: the longest endpoint text of the rows listed, measured as each row
    /// is selected (<see cref="Observe"/>), so the table needs no pass of its own for them.</summary>
    internal sealed class EndpointWidths(string kind)
    {
        public bool Ports { get; } = kind != "ip";
        public int A { get; private set; } = 8;
        public int B { get; private set; } = 8;

        public void Observe(ConversationRow r)
        {
            A = Math.Max(A, EndpointLength(r.AddressA, r.PortA, Ports));
            B = Math.Max(B, EndpointLength(r.AddressB, r.PortB, Ports));
        }
    }

    /// <summary>A space, then <paramref name="value"/> right-aligned in <paramref name="width"/> columns.</summary>
    private static void Number(StringBuilder sb, long value, int width)
    {
        Span<char> buf = stackalloc char[24];
        value.TryFormat(buf, out int n, default, Inv);
        Text(sb, buf[..n], width);
    }

    /// <summary>A space, then <paramref name="ns"/> in units of <paramref name="nsPerUnit"/> (seconds, milliseconds)
    /// with <paramref name="decimals"/> decimals (rounded half up), right-aligned. Integer arithmetic: formatting
    /// doubles costs more than the rest of a row.</summary>
    private static void FixedPoint(StringBuilder sb, long ns, long nsPerUnit, int decimals, int width)
    {
        long scale = 1;
        for (int i = 0; i < decimals; i++) scale *= 10;
        long step = Math.Max(1, nsPerUnit / scale);
        long rounded = (Math.Abs(ns) + step / 2) / step;
        Span<char> buf = stackalloc char[32];
        int n = 0;
        if (ns < 0) buf[n++] = '-';
        (rounded / scale).TryFormat(buf[n..], out int w, default, Inv);
        n += w;
        buf[n++] = '.';
        for (long digit = scale / 10, rest = rounded % scale; digit > 0; digit /= 10)
            buf[n++] = (char)('0' + rest / digit % 10);
        Text(sb, buf[..n], width);
    }

    private static void Text(StringBuilder sb, ReadOnlySpan<char> text, int width)
    {
        sb.Append(' ');
        if (text.Length < width) sb.Append(' ', width - text.Length);
        sb.Append(text);
    }

    /// <summary>The length <see cref="Endpoint"/> writes.</summary>
    private static int EndpointLength(IpAddressValue address, ushort port, bool ports) =>
        address.TextLength() + (!ports ? 0 : (address.Version == 6 ? 3 : 1) + (port >= 10000 ? 5 : port >= 1000 ? 4 : port >= 100 ? 3 : port >= 10 ? 2 : 1));

    /// <summary>Writes "address", "address:port" or "[v6 address]:port" into <paramref name="buffer"/>; returns its length.</summary>
    private static int Endpoint(Span<char> buffer, IpAddressValue address, ushort port, bool ports)
    {
        bool bracket = ports && address.Version == 6;
        int n = bracket ? 1 : 0;
        if (bracket) buffer[0] = '[';
        address.TryFormat(buffer[n..], out int written);
        n += written;
        if (!ports) return n;
        if (bracket) buffer[n++] = ']';
        buffer[n++] = ':';
        port.TryFormat(buffer[n..], out written, default, Inv);
        return n + written;
    }
}
