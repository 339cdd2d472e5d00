using System.Text;
using System.Text.Json;

namespace Suyuan.Core.Epcis.Validation;

/// <summary>RFC 6901 JSON pointers as plain strings: building, escaping and resolving them over a JsonElement.</summary>
internal static class JsonPointerText
{
    public static string Escape(string name) =>
        name.AsSpan().IndexOfAny('~', '/') < 0 ? name : name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Unescape(string segment) =>
        segment.Contains('~') ? segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal) : segment;

    public static string Child(string pointer, string name) => pointer + "/" + Escape(name);

    public static string Child(string pointer, int index) => pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static IEnumerable<string> Segments(string pointer) =>
        pointer.Length == 0 ? [] : pointer[1..].Split('/').Select(Unescape);

    public static int Depth(string pointer) => pointer.Length == 0 ? 0 : pointer.Count(c => c == '/');

    public static string LastSegment(string pointer) => Unescape(pointer[(pointer.LastIndexOf('/') + 1)..]);

    public static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var node = root;
        foreach (var segment in Segments(pointer))
        {
            if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var child))
            {
                node = child;
            }
            else if (node.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var i) && i >= 0 && i < node.GetArrayLength())
            {
                node = node[i];
            }
            else
            {
                return null;
            }
        }
        return node;
    }

    /// <summary>A short, readable rendering of a JSON value for messages.</summary>
    public static string Show(JsonElement? value)
    {
        if (value is not { } v)
        {
            return "(missing)";
        }
        var text = v.ValueKind switch
        {
            JsonValueKind.String => "'" + v.GetString() + "'",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => v.GetRawText(),
        };
        if (text.Length > 80)
        {
            var sb = new StringBuilder(text, 0, 77, 80);
            text = sb.Append("...").ToString();
        }
        return text;
    }
}
