using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Suyuan.Core.Epcis.Json;

/// <summary>
/// A JSON object that names a member twice (<c>"action": "ADD", …, "action": "DELETE"</c>). JSON leaves the meaning to
/// the reader, and GS1's own examples contain such events, so they are not refused; but every part of the platform must
/// read the same event. System.Text.Json's look-ups take the last occurrence, so an event is kept as the last occurrence
/// of each member says, in the place of its first: what is validated, hashed, indexed, stored and returned is one event.
/// </summary>
public static class DuplicateMembers
{
    /// <summary>Whether an object anywhere in <paramref name="value"/> names a member twice.</summary>
    public static bool Any(JsonElement value) =>
        value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && Any(value, JsonMarshal.GetRawUtf8Value(value));

    /// <param name="all">The raw text of the outermost value: every name's bytes lie within it, so a name is kept as its offset.</param>
    private static bool Any(JsonElement value, ReadOnlySpan<byte> all)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array && Any(item, all))
                {
                    return true;
                }
            }
            return false;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        // Each raw name is compared with those before it (objects have a few members); an escaped name, or an object of
        // many members, is decided on the unescaped names.
        var members = value.GetPropertyCount();
        if (members > 32)
        {
            return AnyByName(value, members);
        }
        Span<(int Offset, int Length)> seen = stackalloc (int, int)[members];
        var count = 0;
        foreach (var p in value.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(p);
            if (raw.IndexOf((byte)'\\') >= 0)
            {
                return AnyByName(value, members);
            }
            foreach (var (offset, length) in seen[..count])
            {
                if (all.Slice(offset, length).SequenceEqual(raw))
                {
                    return true;
                }
            }
            seen[count++] = ((int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(all), ref MemoryMarshal.GetReference(raw)), raw.Length);
            if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && Any(p.Value, all))
            {
                return true;
            }
        }
        return false;
    }

    private static bool AnyByName(JsonElement obj, int members) =>
        obj.EnumerateObject().Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != members || obj.EnumerateObject().Any(p => Any(p.Value));

    /// <summary>
    /// <paramref name="value"/> with each member named once: the last occurrence's value, where the first stood. The
    /// same element when nothing is named twice.
    /// </summary>
    public static JsonElement LastWins(JsonElement value)
    {
        if (!Any(value))
        {
            return value;
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, value);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = EpcisJson.MaxDepth });
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var last = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var p in value.EnumerateObject())
                {
                    last[p.Name] = p.Value;
                }
                foreach (var p in value.EnumerateObject())
                {
                    if (last.Remove(p.Name, out var kept))
                    {
                        writer.WritePropertyName(p.Name);
                        Write(writer, kept);
                    }
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                // Numbers and strings as they were written (no re-formatting of 1.0 or of escapes).
                value.WriteTo(writer);
                break;
        }
    }
}
