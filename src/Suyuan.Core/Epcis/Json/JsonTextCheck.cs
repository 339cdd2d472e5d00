using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Suyuan.Core.Epcis.Json;

/// <summary>
/// Text a JSON parser lets through but no string can hold: bytes that are not UTF-8, and a \u escape of half a UTF-16
/// surrogate pair without its other half. System.Text.Json parses both and fails only when the value is read as a
/// string, so a body is checked once where it enters, and refused with the field named. The NUL character (\u0000) is
/// refused with them: PostgreSQL's text cannot hold it, and an event stored on one store must be storable on the other.
/// </summary>
public static class JsonTextCheck
{
    private const string Message = "is not valid Unicode text (bytes that are not UTF-8, or a \\u escape of half a surrogate pair) or holds a NUL character (\\u0000)";

    /// <summary>What is wrong at <paramref name="pointer"/>, naming the value there (<paramref name="whole"/> when it is the whole value).</summary>
    public static string Describe(string pointer, string whole = "the value") => $"{(pointer.Length == 0 ? whole : pointer)} {Message}";

    /// <summary>The pointer (below <paramref name="at"/>) of the first string or property name that is not valid text; null when all are.</summary>
    public static string? FindInvalid(JsonElement value, string at = "")
    {
        // The usual case decides on the raw bytes: valid UTF-8 without a backslash escape of a surrogate.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (Utf8.IsValid(raw) && !HasEscape(raw, surrogates: true))
        {
            return null;
        }
        return Walk(value, at);
    }

    /// <summary>Throws <see cref="EpcisFormatException"/> naming the first value or name that is not valid text.</summary>
    public static void Check(JsonElement value, string at = "")
    {
        if (FindInvalid(value, at) is { } pointer)
        {
            throw new EpcisFormatException(pointer, Describe(pointer));
        }
    }

    /// <summary>Whether JSON text holds a NUL character: the \u0000 escape outside an escaped backslash (a raw NUL is no JSON).</summary>
    public static bool HasNul(ReadOnlySpan<byte> json) => HasEscape(json, surrogates: false);

    /// <summary>A \u escape of NUL (a raw NUL is no JSON: the parser refuses it), or with <paramref name="surrogates"/> of a surrogate.</summary>
    private static bool HasEscape(ReadOnlySpan<byte> raw, bool surrogates)
    {
        var i = raw.IndexOf((byte)'\\');
        while (i >= 0 && i + 1 < raw.Length)
        {
            if (raw[i + 1] == (byte)'u' && i + 5 < raw.Length
                && (raw.Slice(i + 2, 4).SequenceEqual("0000"u8)
                    || (surrogates && (raw[i + 2] | 0x20) == (byte)'d' && raw[i + 3] is >= (byte)'8' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F')))
            {
                return true;
            }
            // Past the escaped character (an escaped backslash is not the start of another escape).
            var next = raw[(i + 2)..].IndexOf((byte)'\\');
            i = next < 0 ? -1 : i + 2 + next;
        }
        return false;
    }

    private static string? Walk(JsonElement value, string at)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(value) && !value.GetString()!.Contains('\0') ? null : at;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (Walk(item, JsonRead.Child(at, i++)) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.Object:
                foreach (var p in value.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = p.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        // The name itself cannot be read: the object is the place to name.
                        return at;
                    }
                    if (name.Contains('\0'))
                    {
                        return at; // nor can a pointer carry it
                    }
                    if (Walk(p.Value, JsonRead.Child(at, name)) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static bool Readable(JsonElement value)
    {
        try
        {
            value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
