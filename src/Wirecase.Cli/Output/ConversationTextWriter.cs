using System.Globalization;
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
            n = rows.Open().Read(batch);
            var text = new RowText(n * RowChars);
            FormatRows(text, rows, batch.AsSpan(0, n), widths);
            w.Write(text.Text);
            return;
        }
        // Batch k goes to helper k % Helpers; before a helper takes a batch, the one it had before (k - Helpers) is
        // written, so the batches come out in order while this thread only reads (merges) the rows.
        var helpers = new FormattingHelper[Helpers];
        for (int i = 0; i < Helpers; i++) helpers[i] = new FormattingHelper(rows, widths);
        try
        {
            long started = 0;
            var reader = rows.Open();
            while ((n = reader.Read(batch)) > 0) batch = Hand(batch, n);
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

    // A batch's text (rows are about 230 characters) in one buffer sized for it from the start: a run that hardly
    // allocates keeps whatever it outgrew in memory to the end.
    private const int RowChars = 256;
    private const int BatchChars = Batch * RowChars;

    private static void FormatRows(RowText text, ConversationRowList rows, ReadOnlySpan<ConversationRow> batch, EndpointWidths widths)
    {
        text.Clear();
        foreach (ref readonly var r in batch) FormatRow(text, rows, r, widths);
    }

    /// <summary>A thread that formats one batch at a time for <see cref="Write"/>.</summary>
    private sealed class FormattingHelper : IDisposable
    {
        private readonly SemaphoreSlim _work = new(0);
        private readonly SemaphoreSlim _done = new(0);
        private readonly RowText _text = new(BatchChars);
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
            w.Write(_text.Text);
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

    /// <summary>Room a row needs besides its file name and endpoint columns (numbers, state, history of at most 64
    /// characters, how it ended).</summary>
    private const int RowCharsBesidesEndpoints = 512;

    private static void FormatRow(RowText text, ConversationRowList rows, in ConversationRow r, EndpointWidths widths)
    {
        Span<char> cell = stackalloc char[64];
        bool ports = widths.Ports;
        string? file = rows.FileOf(r);
        text.MakeRoom((file?.Length ?? 0) + widths.A + widths.B + RowCharsBesidesEndpoints);
        if (file is not null)
        {
            text.Append(file);
            text.Append("  ");
        }
        int n = Endpoint(cell, r.AddressA, r.PortA, ports);
        text.Append(cell[..n]);
        text.Spaces(widths.A - n);
        text.Append(" <-> ");
        n = Endpoint(cell, r.AddressB, r.PortB, ports);
        text.Append(cell[..n]);
        text.Spaces(widths.B - n);
        Number(text, r.FramesAToB, 10);
        text.Cell(cell[..SizeText.FormatBytes(cell, r.BytesAToB)], 11);
        Number(text, r.FramesBToA, 10);
        text.Cell(cell[..SizeText.FormatBytes(cell, r.BytesBToA)], 11);
        Number(text, r.Frames, 7);
        text.Cell(cell[..SizeText.FormatBytes(cell, r.Bytes)], 11);
        FixedPoint(text, r.RelativeStartNs, 1_000_000_000, 6, 12);
        FixedPoint(text, r.DurationNs, 1_000_000_000, 4, 10);
        text.Cell(cell[..SizeText.FormatRate(cell, r.BitsPerSecondAToB)], 12);
        text.Cell(cell[..SizeText.FormatRate(cell, r.BitsPerSecondBToA)], 12);
        if (r.Tcp is { } t)
        {
            Number(text, t.Stream, 6);
            text.Cell(t.State, 6);
            n = t.CopyHistory(cell);
            text.Append(' ');
            text.Append(cell[..n]);
            text.Spaces(12 - n);
            t.RetransmissionsAToB.TryFormat(cell, out n, default, Inv);
            cell[n++] = '/';
            t.RetransmissionsBToA.TryFormat(cell[n..], out int m, default, Inv);
            text.Cell(cell[..(n + m)], 9);
            if (t.InitialRttNs > 0) FixedPoint(text, t.InitialRttNs, 1_000_000, 1, 8);
            else text.Cell("-", 8);
            Number(text, t.GapBytesAToB + t.GapBytesBToA, 8);
            text.Append("  ");
            text.Append(t.Ended);
            if (t.MidStream) text.Append(", began before the capture");
            if (t.ReusedPorts) text.Append(", reused ports");
        }
        text.Append('\n');
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
    private static void Number(RowText text, long value, int width)
    {
        Span<char> buf = stackalloc char[24];
        value.TryFormat(buf, out int n, default, Inv);
        text.Cell(buf[..n], width);
    }

    /// <summary>A space, then <paramref name="ns"/> in units of <paramref name="nsPerUnit"/> (seconds, milliseconds)
    /// with <paramref name="decimals"/> decimals (rounded half up), right-aligned. Integer arithmetic: formatting
    /// doubles costs more than the rest of a row.</summary>
    private static void FixedPoint(RowText text, long ns, long nsPerUnit, int decimals, int width)
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
        text.Cell(buf[..n], width);
    }

    /// <summary>The text of a batch of rows, written straight into one array: a few dozen appends per row cost less
    /// there than through a string builder. The array grows only for rows longer than usual (long file names).</summary>
    private sealed class RowText(int capacity)
    {
        private char[] _chars = new char[capacity];
        private int _length;

        public ReadOnlySpan<char> Text => _chars.AsSpan(0, _length);

        public void Clear() => _length = 0;

        /// <summary>Makes sure <paramref name="chars"/> more fit; the appends that follow do not check.</summary>
        public void MakeRoom(int chars)
        {
            if (_length + chars > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + chars));
        }

        public void Append(char c) => _chars[_length++] = c;

        public void Append(ReadOnlySpan<char> text)
        {
            text.CopyTo(_chars.AsSpan(_length));
            _length += text.Length;
        }

        public void Spaces(int count)
        {
            if (count <= 0) return;
            _chars.AsSpan(_length, count).Fill(' ');
            _length += count;
        }

        /// <summary>A space, then <paramref name="text"/> right-aligned in <paramref name="width"/> columns.</summary>
        public void Cell(ReadOnlySpan<char> text, int width)
        {
            Spaces(1 + Math.Max(0, width - text.Length));
            Append(text);
        }
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
