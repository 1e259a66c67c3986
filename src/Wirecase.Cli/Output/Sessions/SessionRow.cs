using System.Globalization;
using System.Text.Json;

namespace Wirecase.Cli.Output.Sessions;

/// <summary>One row of `wirecase sessions`: named values in column order. Text output aligns them; JSON keeps their
/// types (numbers stay numbers, missing values are null).</summary>
internal sealed class SessionRow(string protocol)
{
    public string Protocol { get; } = protocol;
    public List<(string Name, object? Value)> Values { get; } = [];

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
        double d => d.ToString("0.000000", CultureInfo.InvariantCulture),
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

    public static void WriteText(TextWriter w, string title, IReadOnlyList<SessionRow> rows)
    {
        w.WriteLine($"{title}: {rows.Count}");
        if (rows.Count == 0) return;
        var columns = rows[0].Values.Select(v => v.Name).ToList();
        var cells = rows.Select(r => r.Values.Select(v => Cell(v.Value)).ToList()).ToList();
        var widths = columns.Select((c, i) => Math.Min(MaxColumnWidth, Math.Max(c.Length, cells.Max(r => i < r.Count ? r[i].Length : 0)))).ToList();
        w.WriteLine(string.Join("  ", columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        foreach (var r in cells)
            w.WriteLine(string.Join("  ", r.Select((c, i) => Fit(c, widths[i]))).TrimEnd());
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

    private static string Fit(string cell, int width) => cell.Length > width ? cell[..(width - 1)] + "…" : cell.PadRight(width);
}
