using System.Globalization;
using System.Text.Json;
using Wirecase.Capture;
using Wirecase.Diagnosis.Facts;

namespace Wirecase.Cli.Output.Sessions;

/// <summary>One row of `wirecase sessions`: named values in column order. Text output aligns them; JSON keeps their
/// types (numbers stay numbers, missing values are null).</summary>
internal sealed class SessionRow(string protocol)
{
    public string Protocol { get; } = protocol;
    public List<(string Name, object? Value)> Values { get; } = [];

    /// <summary>A row about one moment of an application session: its stream, frame, relative time, client and server.</summary>
    public static SessionRow At(string protocol, Wirecase.Protocols.ApplicationSession session, long frame, long ns, long firstNs)
    {
        var c = session.Connection;
        return new SessionRow(protocol)
            .Add("stream", c.Stream)
            .Add("frame", frame)
            .Add("time", Times.Relative(ns, firstNs))
            .Add("client", Endpoints.Client(c, session.ClientIsOriginator))
            .Add("server", Endpoints.Server(c, session.ClientIsOriginator));
    }

    /// <summary>Frame columns (<c>frame</c>, <c>…Frame</c>) hold frame ids of the row's capture point; when several files
    /// were read they become "file#frame" as evidence names them, else they stay Wireshark's numbers.</summary>
    public SessionRow NamingFrames(CapturePointFacts point)
    {
        if (!point.NameFiles) return this;
        for (int i = 0; i < Values.Count; i++)
        {
            var (name, value) = Values[i];
            if (value is long id && (name == "frame" || name.EndsWith("Frame", StringComparison.Ordinal)))
                Values[i] = (name, $"{point.FileOf(id)}#{FrameId.Number(id)}");
        }
        return this;
    }

    public SessionRow Add(string name, object? value)
    {
        Values.Add((name, value));
        return this;
    }

    public static string Text(object? value) => value switch
    {
        null => "-",
        string s => s.Length == 0 ? "-" : s,
        bool b => b ? "yes" : "no",
        double d => d.ToString("F6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public void WriteJson(Utf8JsonWriter j)
    {
        j.WriteStartObject();
        j.WriteString("schema", SessionTable.Schema);
        j.WriteString("protocol", Protocol);
        foreach (var (name, value) in Values)
        {
            switch (value)
            {
                case null: j.WriteNull(name); break;
                case string s: j.WriteString(name, s); break;
                case bool b: j.WriteBoolean(name, b); break;
                case int i: j.WriteNumber(name, i); break;
                case long l: j.WriteNumber(name, l); break;
                case double d: j.WriteNumber(name, d); break;
                case IEnumerable<string> list:
                    j.WriteStartArray(name);
                    foreach (var item in list) j.WriteStringValue(item);
                    j.WriteEndArray();
                    break;
                default: j.WriteString(name, Text(value)); break;
            }
        }
        j.WriteEndObject();
    }
}

/// <summary>Rows of one protocol written as an aligned text table or as JSON lines ("wirecase.session/1").</summary>
internal static class SessionTable
{
    public const string Schema = "wirecase.session/1";
    private const int MaxColumnWidth = 60;

    /// <summary>Two passes over <paramref name="rows"/> (which must enumerate the same rows twice): column widths, then
    /// the lines.</summary>
    public static void WriteText(TextWriter w, string title, IEnumerable<SessionRow> rows)
    {
        int count = 0;
        int[]? widths = null;
        string[]? header = null;
        var cells = new List<string>();
        foreach (var row in rows)
        {
            count++;
            if (widths is null)
            {
                header = row.Values.Select(v => v.Name).ToArray();
                widths = header.Select(h => h.Length).ToArray();
            }
            Cells(row, cells);
            for (int c = 0; c < cells.Count && c < widths.Length; c++) widths[c] = Math.Max(widths[c], Math.Min(MaxColumnWidth, cells[c].Length));
        }
        w.WriteLine($"{title}: {count}");
        if (widths is null) return;
        WriteLine(w, header!, widths);
        foreach (var row in rows)
        {
            Cells(row, cells);
            WriteLine(w, cells, widths);
        }
    }

    private static void Cells(SessionRow row, List<string> into)
    {
        into.Clear();
        foreach (var (_, value) in row.Values) into.Add(Cell(value));
    }

    private static readonly string Spaces = new(' ', MaxColumnWidth + 2);

    /// <summary>Cells padded to their column (the last one not padded), a long cell cut with an ellipsis.</summary>
    private static void WriteLine(TextWriter w, IReadOnlyList<string> row, int[] widths)
    {
        for (int c = 0; c < row.Count; c++)
        {
            string cell = row[c];
            int width = c < widths.Length ? widths[c] : cell.Length;
            if (c > 0) w.Write("  ");
            if (cell.Length > width)
            {
                w.Write(cell.AsSpan(0, width - 1));
                w.Write('…');
            }
            else
            {
                w.Write(cell);
                if (c < row.Count - 1) w.Write(Spaces.AsSpan(0, width - cell.Length));
            }
        }
        w.Write('\n');
    }

    public static void WriteJson(Stream output, IEnumerable<SessionRow> rows)
    {
        using var j = new Utf8JsonWriter(output);
        foreach (var r in rows)
        {
            r.WriteJson(j);
            j.Flush();
            j.Reset();
            output.WriteByte((byte)'\n');
        }
    }

    private static string Cell(object? value) => value switch
    {
        string s => SessionRow.Text(s),
        IEnumerable<string> list => string.Join(",", list) is { Length: > 0 } joined ? joined : "-",
        _ => SessionRow.Text(value),
    };
}
