using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Suyuan.Storage.Indexing;

/// <summary>
/// The compact stored form of an event's JSON: a binary tree where the common EPCIS keys are one byte, identifiers
/// (EPCs, locations, vocabulary) are ids in the shared string dictionary, and eventID / eventTime refer to their
/// columns. Decoding writes the exact minified JSON back; the layout is stored data, so tokens are only ever added.
/// </summary>
internal static class EventBody
{
    private const byte FormatVersion = 1;
    private const byte Null = 1, False = 2, True = 3, Number = 4, Text = 5, Interned = 6, Object = 7, Array = 8;
    private const byte EventIdRef = 9, EventTimeRef = 10, OffsetRef = 11;

    private static readonly string[] StaticKeys =
    [
        "type", "eventTime", "eventTimeZoneOffset", "eventID", "epcList", "action", "bizStep", "disposition", "readPoint",
        "bizLocation", "id", "quantityList", "epcClass", "quantity", "uom", "bizTransactionList", "bizTransaction",
        "sourceList", "source", "destinationList", "destination", "ilmd", "parentID", "childEPCs", "childQuantityList",
        "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID", "errorDeclaration",
        "declarationTime", "reason", "correctiveEventIDs", "sensorElementList", "sensorMetadata", "sensorReport", "value",
        "time", "deviceID", "deviceMetadata", "rawData", "startTime", "endTime", "dataProcessingMethod", "bizRules",
        "persistentDisposition", "set", "unset", "certificationInfo", "recordTime", "@context", "minValue", "maxValue",
        "meanValue", "sDev", "percRank", "percValue", "stringValue", "booleanValue", "hexBinaryValue", "uriValue",
        "component", "chemicalSubstance", "microorganism", "coordinateReferenceSystem", "exception",
    ];

    private static readonly Dictionary<string, int> StaticKeyIndex = StaticKeys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);

    // Keys are looked up by the JSON's own text, without a string made of each (JsonText).
    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> StaticKeyLookup = StaticKeyIndex.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Values under these keys are identifiers or vocabulary that repeat across events: worth a dictionary id. All are
    /// standard keys, so one look-up of a key answers both questions; indexed like <see cref="StaticKeys"/>.
    /// </summary>
    private static readonly bool[] InternedValues = StaticKeys.Select(k => k is
        "type" or "epcList" or "action" or "bizStep" or "disposition" or "id" or "epcClass" or "uom" or "bizTransaction" or "source"
        or "destination" or "parentID" or "childEPCs" or "inputEPCList" or "outputEPCList" or "transformationID" or "reason" or "set"
        or "unset" or "deviceID" or "dataProcessingMethod" or "bizRules" or "component" or "chemicalSubstance" or "microorganism").ToArray();

    /// <summary>
    /// The event's body with a hole where each dictionary id goes, and the strings the holes stand for: one walk of the
    /// JSON, before the strings have ids (a capture prepares a batch before writing it); <see cref="BodyTemplate.Fill"/>
    /// writes the ids in.
    /// </summary>
    public static BodyTemplate Prepare(JsonElement evt, IndexedEvent indexed)
    {
        // The buffers are the thread's, reused: each template keeps only its exact bytes and holes.
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
        var holes = _holes ??= new List<BodyTemplate.Hole>(64);
        buffer.ResetWrittenCount();
        holes.Clear();
        WriteByte(buffer, FormatVersion);
        WriteValue(buffer, evt, false, true, indexed, holes);
        var template = new BodyTemplate(buffer.WrittenSpan.ToArray(), holes.ToArray());
        if (buffer.Capacity > 65_536 || holes.Capacity > 4_096)
        {
            // An event far larger than most (a long sensor report): its buffers are not kept for the next.
            (_buffer, _holes) = (null, null);
        }
        return template;
    }

    /// <summary>The template's bytes with each hole's id written in; a value without an id is written as text.</summary>
    internal static byte[] Fill(ReadOnlySpan<byte> bytes, BodyTemplate.Hole[] holes, Dictionary<string, long> ids)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var from = 0;
        foreach (var h in holes)
        {
            buffer.Write(bytes[from..h.Offset]);
            from = h.Offset;
            var found = ids.TryGetValue(h.Text, out var id);
            if (h.Add != BodyTemplate.Hole.Value)
            {
                WriteVarint(buffer, (ulong)(found ? id + h.Add : throw new KeyNotFoundException($"no dictionary id for the key '{h.Text}'")));
            }
            else if (found)
            {
                WriteByte(buffer, Interned);
                WriteVarint(buffer, (ulong)id);
            }
            else
            {
                WriteBytes(buffer, Text, Encoding.UTF8.GetBytes(h.Text));
            }
        }
        buffer.Write(bytes[from..]);
        var body = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 65_536)
        {
            _buffer = null; // see Prepare
        }
        return body;
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;
    [ThreadStatic] private static List<BodyTemplate.Hole>? _holes;

    private static void WriteValue(ArrayBufferWriter<byte> b, JsonElement value, bool interned, bool topLevel, IndexedEvent indexed, List<BodyTemplate.Hole> holes)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteByte(b, Object);
                WriteVarint(b, (ulong)value.GetPropertyCount());
                foreach (var p in value.EnumerateObject())
                {
                    var standard = JsonText.TryGetByName(StaticKeyLookup, p, out var k);
                    if (standard)
                    {
                        WriteVarint(b, (ulong)k + 1);
                    }
                    else
                    {
                        holes.Add(new(b.WrittenCount, p.Name, StaticKeys.Length + 1));
                    }
                    if (topLevel && TryWriteColumnRef(b, p, indexed))
                    {
                        continue;
                    }
                    WriteValue(b, p.Value, standard && InternedValues[k], false, indexed, holes);
                }
                break;
            case JsonValueKind.Array:
                WriteByte(b, Array);
                WriteVarint(b, (ulong)value.GetArrayLength());
                foreach (var item in value.EnumerateArray())
                {
                    WriteValue(b, item, interned, false, indexed, holes);
                }
                break;
            case JsonValueKind.String when interned:
                holes.Add(new(b.WrittenCount, value.GetString()!, BodyTemplate.Hole.Value));
                break;
            case JsonValueKind.String:
                if (JsonText.TryGetUtf8(value, out var utf8))
                {
                    WriteBytes(b, Text, utf8);
                }
                else
                {
                    WriteBytes(b, Text, Encoding.UTF8.GetBytes(value.GetString()!));
                }
                break;
            case JsonValueKind.Number:
                WriteBytes(b, Number, System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value));
                break;
            case JsonValueKind.True:
                WriteByte(b, True);
                break;
            case JsonValueKind.False:
                WriteByte(b, False);
                break;
            default:
                WriteByte(b, Null);
                break;
        }
    }

    private static bool TryWriteColumnRef(ArrayBufferWriter<byte> b, JsonProperty p, IndexedEvent indexed)
    {
        if (p.Value.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        if (p.NameEquals("eventID"))
        {
            if (!p.Value.ValueEquals(indexed.EventId))
            {
                return false;
            }
            WriteByte(b, EventIdRef);
            return true;
        }
        if (p.NameEquals("eventTimeZoneOffset"))
        {
            if (!p.Value.ValueEquals(EpcisTime.FormatOffset(indexed.EventTimeOffset)))
            {
                return false;
            }
            WriteByte(b, OffsetRef);
            return true;
        }
        if (p.NameEquals("eventTime"))
        {
            var s = p.Value.GetString()!;
            foreach (var variant in (ReadOnlySpan<int>)[1, 0, 5, 4, 2, 6])
            {
                if (EpcisTime.Format(indexed.EventTime, indexed.EventTimeOffset, variant) == s)
                {
                    WriteByte(b, EventTimeRef);
                    WriteByte(b, (byte)variant);
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The dictionary ids a body refers to, to fetch them before decoding.</summary>
    public static void CollectIds(ReadOnlySpan<byte> body, ISet<long> ids)
    {
        var pos = 1;
        SkipValue(body, ref pos, ids);
    }

    private static void SkipValue(ReadOnlySpan<byte> body, ref int pos, ISet<long> ids)
    {
        var tag = body[pos++];
        switch (tag)
        {
            case Object:
                var count = (int)ReadVarint(body, ref pos);
                for (var i = 0; i < count; i++)
                {
                    var key = (long)ReadVarint(body, ref pos);
                    if (key > StaticKeys.Length)
                    {
                        ids.Add(key - StaticKeys.Length - 1);
                    }
                    SkipValue(body, ref pos, ids);
                }
                break;
            case Array:
                var n = (int)ReadVarint(body, ref pos);
                for (var i = 0; i < n; i++)
                {
                    SkipValue(body, ref pos, ids);
                }
                break;
            case Text or Number:
                var length = (int)ReadVarint(body, ref pos);
                pos += length;
                break;
            case Interned:
                ids.Add((long)ReadVarint(body, ref pos));
                break;
            case EventTimeRef:
                pos++;
                break;
        }
    }

    public static byte[] Decode(ReadOnlySpan<byte> body, string eventId, long eventTime, short offset, IReadOnlyDictionary<long, string> strings)
    {
        if (body[0] != FormatVersion)
        {
            throw new InvalidDataException($"unknown stored event format {body[0]}");
        }
        var writer = MinifiedJson.Begin();
        var pos = 1;
        ReadValue(body, ref pos, writer, eventId, eventTime, offset, strings);
        return MinifiedJson.EndToArray(writer);
    }

    private static void ReadValue(ReadOnlySpan<byte> body, ref int pos, Utf8JsonWriter w, string eventId, long eventTime, short offset, IReadOnlyDictionary<long, string> strings)
    {
        var tag = body[pos++];
        switch (tag)
        {
            case Object:
                w.WriteStartObject();
                var count = (int)ReadVarint(body, ref pos);
                for (var i = 0; i < count; i++)
                {
                    var key = (long)ReadVarint(body, ref pos);
                    w.WritePropertyName(key <= StaticKeys.Length ? StaticKeys[key - 1] : strings[key - StaticKeys.Length - 1]);
                    ReadValue(body, ref pos, w, eventId, eventTime, offset, strings);
                }
                w.WriteEndObject();
                break;
            case Array:
                w.WriteStartArray();
                var n = (int)ReadVarint(body, ref pos);
                for (var i = 0; i < n; i++)
                {
                    ReadValue(body, ref pos, w, eventId, eventTime, offset, strings);
                }
                w.WriteEndArray();
                break;
            case Text:
                var len = (int)ReadVarint(body, ref pos);
                w.WriteStringValue(Encoding.UTF8.GetString(body.Slice(pos, len)));
                pos += len;
                break;
            case Number:
                var nlen = (int)ReadVarint(body, ref pos);
                w.WriteRawValue(body.Slice(pos, nlen), skipInputValidation: true);
                pos += nlen;
                break;
            case Interned:
                w.WriteStringValue(strings[(long)ReadVarint(body, ref pos)]);
                break;
            case True:
                w.WriteBooleanValue(true);
                break;
            case False:
                w.WriteBooleanValue(false);
                break;
            case Null:
                w.WriteNullValue();
                break;
            case EventIdRef:
                w.WriteStringValue(eventId);
                break;
            case EventTimeRef:
                w.WriteStringValue(EpcisTime.Format(eventTime, offset, body[pos++]));
                break;
            case OffsetRef:
                w.WriteStringValue(EpcisTime.FormatOffset(offset));
                break;
            default:
                throw new InvalidDataException($"bad stored event token {tag}");
        }
    }

    private static void WriteByte(ArrayBufferWriter<byte> b, byte value)
    {
        b.GetSpan(1)[0] = value;
        b.Advance(1);
    }

    private static void WriteBytes(ArrayBufferWriter<byte> b, byte tag, ReadOnlySpan<byte> bytes)
    {
        WriteByte(b, tag);
        WriteVarint(b, (ulong)bytes.Length);
        bytes.CopyTo(b.GetSpan(bytes.Length));
        b.Advance(bytes.Length);
    }

    private static void WriteVarint(ArrayBufferWriter<byte> b, ulong value) => b.Advance(Varint.Write(b.GetSpan(Varint.MaxLength), value));

    private static ulong ReadVarint(ReadOnlySpan<byte> s, ref int pos) =>
        Varint.TryRead(s, ref pos, out var value) ? value : throw new InvalidDataException("stored event body is cut off inside a number");
}

/// <summary>An event's body before its strings have dictionary ids (<see cref="EventBody.Prepare"/>).</summary>
internal sealed class BodyTemplate(byte[] bytes, BodyTemplate.Hole[] holes)
{
    /// <summary>
    /// Where an id goes in the bytes (nothing is written there yet) and the string it is the id of. A key's id follows the
    /// standard keys (<see cref="Add"/>); a value (<see cref="Value"/>) is written with its tag, as text when the
    /// dictionary has no id for it, as the encoder always did.
    /// </summary>
    internal readonly record struct Hole(int Offset, string Text, int Add)
    {
        public const int Value = -1;
    }

    public void CollectStrings(ISet<string> into)
    {
        foreach (var h in holes)
        {
            into.Add(h.Text);
        }
    }

    public byte[] Fill(Dictionary<string, long> ids) => EventBody.Fill(bytes, holes, ids);
}
