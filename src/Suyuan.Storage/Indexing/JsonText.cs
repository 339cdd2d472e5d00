using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Suyuan.Storage.Indexing;

/// <summary>
/// Member names and string values looked up in string-keyed dictionaries by the JSON's own UTF-8 text, decoded on the
/// stack: reading each as a string first would allocate one per member of every stored event. Text with escapes, or
/// longer than <see cref="StackLimit"/> bytes, is read as a string as usual.
/// </summary>
internal static class JsonText
{
    private const int StackLimit = 256;

    public static bool TryGetByName<T>(Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> lookup, JsonProperty property, out T value) =>
        TryGet(lookup, JsonMarshal.GetRawUtf8PropertyName(property), out value, property, static p => p.Name);

    public static bool TryGetByValue<T>(Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> lookup, JsonElement stringValue, out T value) =>
        TryGet(lookup, Unquoted(JsonMarshal.GetRawUtf8Value(stringValue)), out value, stringValue, static e => e.GetString()!);

    /// <summary>A string value's UTF-8 bytes as they stand in the JSON, when it has no escapes (then they are its text).</summary>
    public static bool TryGetUtf8(JsonElement stringValue, out ReadOnlySpan<byte> utf8)
    {
        utf8 = Unquoted(JsonMarshal.GetRawUtf8Value(stringValue));
        return !utf8.Contains((byte)'\\');
    }

    private static ReadOnlySpan<byte> Unquoted(ReadOnlySpan<byte> raw) =>
        raw.Length >= 2 && raw[0] == (byte)'"' && raw[^1] == (byte)'"' ? raw[1..^1] : raw;

    private static bool TryGet<T, TSource>(Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<byte> utf8, out T value,
        TSource source, Func<TSource, string> asString)
    {
        if (utf8.Length <= StackLimit && !utf8.Contains((byte)'\\'))
        {
            Span<char> chars = stackalloc char[StackLimit];
            var count = Encoding.UTF8.GetChars(utf8, chars);
            return lookup.TryGetValue(chars[..count], out value!);
        }
        return lookup.Dictionary.TryGetValue(asString(source), out value!);
    }
}
