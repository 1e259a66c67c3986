using System.Net;

namespace Wirecase.Reports.Html;

/// <summary>Escaping for text and attribute values written into the report.</summary>
internal static class HtmlText
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
    public static string Attr(string? text) => WebUtility.HtmlEncode(text ?? "");
}
