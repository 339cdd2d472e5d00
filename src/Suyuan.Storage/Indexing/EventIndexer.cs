using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Suyuan.Core.Epcis;
using Suyuan.Core.Identifiers;

namespace Suyuan.Storage.Indexing;

/// <summary>What a membership row (table <c>refs</c>) says about an event; the numbers are stored, never renumber.</summary>
internal enum RefKind : short
{
    Epc = 1,
    ParentId = 2,
    ChildEpc = 3,
    InputEpc = 4,
    OutputEpc = 5,
    EpcClass = 11,
    ChildEpcClass = 12,
    InputEpcClass = 13,
    OutputEpcClass = 14,
    PersistentDispositionSet = 21,
    PersistentDispositionUnset = 22,
    BizTransaction = 31,
    Source = 32,
    Destination = 33,
    CorrectiveEventId = 41,
    SensorType = 60,
    SensorDeviceId = 61,
    SensorDataProcessingMethod = 62,
    SensorMicroorganism = 63,
    SensorChemicalSubstance = 64,
    SensorBizRules = 65,
    SensorStringValue = 66,
    SensorUriValue = 67,
    SensorHexBinaryValue = 68,
}

/// <summary>Where an extension field sits (table <c>fields</c>); stored numbers.</summary>
internal enum FieldKind : short
{
    Extension = 1,
    Ilmd = 2,
    InnerExtension = 3,
    InnerIlmd = 4,
    ErrorDeclaration = 5,
    InnerErrorDeclaration = 6,
}

internal readonly record struct EventRef(RefKind Kind, string Value, string? Qualifier);

internal static class RefKinds
{
    /// <summary>Kinds at and above this are another kind's aliases: the canonical form of an identifier captured otherwise.</summary>
    public const short AliasOffset = 100;

    public static RefKind AliasOf(RefKind kind) => (RefKind)((short)kind + AliasOffset);
}

internal readonly record struct EventQuantity(RefKind Kind, string EpcClass, double? Quantity, string? Uom);

internal readonly record struct EventField(FieldKind Kind, string Name, string? Text, double? Number, long? Time);

/// <summary>
/// One sensor report's values, for the sensor query parameters: its type (normalised as EQ_type's), unit, numbers, boolean and times (Unix milliseconds;
/// a report without its own time takes its element's sensorMetadata time). An element with metadata and no report is one
/// row of times alone.
/// </summary>
internal readonly record struct SensorReading(
    string? Type, string? Uom, double? Value, double? MinValue, double? MaxValue, double? MeanValue, double? SDev, double? PercRank, double? PercValue,
    bool? BooleanValue, long? Time, long? StartTime, long? EndTime, string?[]? Names = null);

/// <summary>An event ready to store: its minified JSON and everything the query parameters look at.</summary>
internal sealed class IndexedEvent
{
    public required string EventId { get; init; }
    public required string Type { get; init; }
    public required long EventTime { get; init; }
    public required short EventTimeOffset { get; init; }
    /// <summary>The event as sent (with its eventID).</summary>
    public required JsonElement Source { get; init; }

    public required string? Context { get; init; }

    public short Action { get; set; }
    public string? BizStep { get; set; }
    public string? Disposition { get; set; }
    public string? ReadPoint { get; set; }
    public string? BizLocation { get; set; }
    public string? TransformationId { get; set; }
    public long? ErrorDeclarationTime { get; set; }
    public string? ErrorReason { get; set; }
    public bool HasSensorData { get; set; }
    public List<EventRef> Refs { get; } = [];
    public List<EventQuantity> Quantities { get; } = [];
    public List<EventField> Fields { get; } = [];
    public List<SensorReading> Sensors { get; } = [];
}

/// <summary>Reads the index data out of one event's JSON; an event missing what the store needs is refused with a reason.</summary>
internal static class EventIndexer
{
    public static readonly JsonWriterOptions MinifiedWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false, SkipValidation = true };

    private static readonly HashSet<string> StandardFields = new(StringComparer.Ordinal)
    {
        "@context", "type", "eventTime", "eventTimeZoneOffset", "eventID", "recordTime", "certificationInfo", "epcList", "action",
        "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "quantityList",
        "ilmd", "parentID", "childEPCs", "childQuantityList", "inputEPCList", "inputQuantityList", "outputEPCList",
        "outputQuantityList", "transformationID", "errorDeclaration", "sensorElementList", "persistentDisposition",
    };

    private static readonly HashSet<string> StandardErrorFields = new(StringComparer.Ordinal) { "declarationTime", "reason", "correctiveEventIDs" };

    public static short ActionCode(string action) => action switch
    {
        "OBSERVE" => 1,
        "ADD" => 2,
        "DELETE" => 3,
        _ => 0,
    };

    /// <summary>The eventID of an event the store could not index, when it has one, for the refusal's message.</summary>
    public static string? TryEventId(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("eventID", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    public static bool TryIndex(EventInput input, out IndexedEvent indexed, out string error)
    {
        indexed = null!;
        var evt = input.Event;
        var context = input.Context;
        if (evt.ValueKind != JsonValueKind.Object)
        {
            error = "an event must be a JSON object";
            return false;
        }
        if (!TryString(evt, "eventID", out var eventId) || eventId.Length == 0)
        {
            error = "eventID is missing: the store keys events by eventID";
            return false;
        }
        if (!TryString(evt, "type", out var type) || type.Length == 0)
        {
            error = "type is missing";
            return false;
        }
        if (!TryString(evt, "eventTime", out var eventTimeText) || !EpcisTime.TryParse(eventTimeText, out var eventTime))
        {
            error = "eventTime is missing or not an RFC 3339 date-time with offset";
            return false;
        }
        indexed = new IndexedEvent
        {
            EventId = eventId,
            // The body keeps the type as sent; the column, which queries and /eventTypes read, the IRI it names.
            Type = EpcisEvents.ExpandedType(type, context),
            EventTime = eventTime.ToUnixTimeMilliseconds(),
            EventTimeOffset = (short)eventTime.Offset.TotalMinutes,
            Source = evt,
            Context = ContextJson(context),
        };
        foreach (var p in evt.EnumerateObject())
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "action" when v.ValueKind == JsonValueKind.String:
                    indexed.Action = ActionCode(v.GetString()!);
                    break;
                case "bizStep" when v.ValueKind == JsonValueKind.String:
                    indexed.BizStep = CbvVocabulary.Normalise(v.GetString()!, Vocabulary.BizStep, context);
                    break;
                case "disposition" when v.ValueKind == JsonValueKind.String:
                    indexed.Disposition = CbvVocabulary.Normalise(v.GetString()!, Vocabulary.Disposition, context);
                    break;
                case "readPoint":
                    indexed.ReadPoint = IdOf(v) is { } readPoint ? IndexForm(readPoint) : null;
                    break;
                case "bizLocation":
                    indexed.BizLocation = IdOf(v) is { } bizLocation ? IndexForm(bizLocation) : null;
                    break;
                case "transformationID" when v.ValueKind == JsonValueKind.String:
                    indexed.TransformationId = v.GetString();
                    break;
                case "parentID" when v.ValueKind == JsonValueKind.String:
                    AddIdentifier(indexed, RefKind.ParentId, v.GetString()!, null);
                    break;
                case "epcList":
                    AddStrings(indexed, RefKind.Epc, v);
                    break;
                case "childEPCs":
                    AddStrings(indexed, RefKind.ChildEpc, v);
                    break;
                case "inputEPCList":
                    AddStrings(indexed, RefKind.InputEpc, v);
                    break;
                case "outputEPCList":
                    AddStrings(indexed, RefKind.OutputEpc, v);
                    break;
                case "quantityList":
                    AddQuantities(indexed, RefKind.EpcClass, v);
                    break;
                case "childQuantityList":
                    AddQuantities(indexed, RefKind.ChildEpcClass, v);
                    break;
                case "inputQuantityList":
                    AddQuantities(indexed, RefKind.InputEpcClass, v);
                    break;
                case "outputQuantityList":
                    AddQuantities(indexed, RefKind.OutputEpcClass, v);
                    break;
                case "persistentDisposition" when v.ValueKind == JsonValueKind.Object:
                    foreach (var (key, kind) in new[] { ("set", RefKind.PersistentDispositionSet), ("unset", RefKind.PersistentDispositionUnset) })
                    {
                        if (v.TryGetProperty(key, out var list) && list.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var d in list.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.String))
                            {
                                indexed.Refs.Add(new(kind, CbvVocabulary.Normalise(d.GetString()!, Vocabulary.Disposition, context), null));
                            }
                        }
                    }
                    break;
                case "bizTransactionList":
                    AddTyped(indexed, RefKind.BizTransaction, v, "bizTransaction", Vocabulary.BizTransactionType, context);
                    break;
                case "sourceList":
                    AddTyped(indexed, RefKind.Source, v, "source", Vocabulary.SourceDestinationType, context);
                    break;
                case "destinationList":
                    AddTyped(indexed, RefKind.Destination, v, "destination", Vocabulary.SourceDestinationType, context);
                    break;
                case "errorDeclaration" when v.ValueKind == JsonValueKind.Object:
                    AddErrorDeclaration(indexed, v, context);
                    break;
                case "ilmd" when v.ValueKind == JsonValueKind.Object:
                    foreach (var f in v.EnumerateObject())
                    {
                        AddField(indexed, FieldKind.Ilmd, FieldKind.InnerIlmd, f.Name, f.Value, context);
                    }
                    break;
                case "sensorElementList" when v.ValueKind == JsonValueKind.Array:
                    AddSensorData(indexed, v, context);
                    break;
                default:
                    if (!StandardFields.Contains(p.Name))
                    {
                        AddField(indexed, FieldKind.Extension, FieldKind.InnerExtension, p.Name, v, context);
                    }
                    break;
            }
        }
        error = "";
        return true;
    }

    public static byte[] Minify(JsonElement element)
    {
        var writer = MinifiedJson.Begin();
        element.WriteTo(writer);
        return MinifiedJson.EndToArray(writer);
    }

    /// <summary>Contexts are per document, events many: their JSON is built once per context object.</summary>
    private static readonly ConditionalWeakTable<EpcisContext, StrongBox<string?>> ContextJsonCache = new();

    /// <summary>
    /// The document's own prefixes and terms (those the GS1 context lacks) as a JSON object, or null; with contexts it named
    /// by URL and that are not resolved here (<see cref="EpcisContext.RemoteContexts"/>), an array of those URLs and then the object.
    /// <see cref="StoredContextText"/> reads it back.
    /// </summary>
    private static string? ContextJson(EpcisContext context) =>
        ContextJsonCache.GetValue(context, c => new StrongBox<string?>(BuildContextJson(c))).Value;

    private static string? BuildContextJson(EpcisContext context)
    {
        if (ReferenceEquals(context, EpcisContext.Default))
        {
            return null;
        }
        var standard = EpcisContext.Default.Prefixes;
        var own = context.Prefixes.Where(p => !standard.TryGetValue(p.Key, out var ns) || ns != p.Value)
            .Concat(context.Terms).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        if (own.Count == 0 && context.RemoteContexts.Count == 0)
        {
            return null;
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, MinifiedWriter))
        {
            if (context.RemoteContexts.Count > 0)
            {
                writer.WriteStartArray();
                foreach (var remote in context.RemoteContexts)
                {
                    writer.WriteStringValue(remote.Url);
                }
            }
            if (own.Count > 0)
            {
                writer.WriteStartObject();
                foreach (var (k, v) in own)
                {
                    writer.WriteString(k, v);
                }
                writer.WriteEndObject();
            }
            if (context.RemoteContexts.Count > 0)
            {
                writer.WriteEndArray();
            }
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool TryString(JsonElement obj, string name, out string value)
    {
        if (obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
        {
            value = v.GetString()!;
            return true;
        }
        value = "";
        return false;
    }

    private static string? IdOf(JsonElement location) =>
        location.ValueKind == JsonValueKind.Object && location.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    /// <summary>
    /// The form an identifier is found under: as captured, except a GS1 Digital Link not in canonical form (on another host
    /// than id.gs1.org, or with more than its key and qualifiers), which is also found as its canonical link, the form every
    /// query value is looked up in: its URN, its canonical link or the same link on any host then all find the event. The
    /// event itself keeps the link as captured. A key with a wrong check digit stays as it is (capture warns of it).
    /// </summary>
    internal static string IndexForm(string value)
    {
        if (!value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }
        var canonical = IdentifierConverter.Canonicalise(value);
        return canonical != value && Gs1Identifiers.Problem(value) is null ? canonical : value;
    }

    /// <summary>An identifier as captured, and under its alias kind as its canonical link when it was captured otherwise.</summary>
    private static void AddIdentifier(IndexedEvent indexed, RefKind kind, string value, string? qualifier)
    {
        indexed.Refs.Add(new(kind, value, qualifier));
        var canonical = IndexForm(value);
        if (!ReferenceEquals(canonical, value))
        {
            indexed.Refs.Add(new(RefKinds.AliasOf(kind), canonical, qualifier));
        }
    }

    private static void AddStrings(IndexedEvent indexed, RefKind kind, JsonElement list, bool identifiers = true)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                if (identifiers)
                {
                    AddIdentifier(indexed, kind, item.GetString()!, null);
                }
                else
                {
                    indexed.Refs.Add(new(kind, item.GetString()!, null));
                }
            }
        }
    }

    private static void AddQuantities(IndexedEvent indexed, RefKind kind, JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !TryString(item, "epcClass", out var epcClass))
            {
                continue;
            }
            double? quantity = item.TryGetProperty("quantity", out var q) && q.ValueKind == JsonValueKind.Number ? q.GetDouble() : null;
            string? uom = TryString(item, "uom", out var u) ? u : null;
            AddIdentifier(indexed, kind, epcClass, null);
            indexed.Quantities.Add(new(kind, epcClass, quantity, uom));
        }
    }

    private static void AddTyped(IndexedEvent indexed, RefKind kind, JsonElement list, string valueName, Vocabulary vocabulary, EpcisContext context)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && TryString(item, valueName, out var value))
            {
                string? type = TryString(item, "type", out var t) ? CbvVocabulary.Normalise(t, vocabulary, context) : null;
                AddIdentifier(indexed, kind, value, type);
            }
        }
    }

    private static void AddErrorDeclaration(IndexedEvent indexed, JsonElement declaration, EpcisContext context)
    {
        indexed.ErrorDeclarationTime = TryString(declaration, "declarationTime", out var t) && EpcisTime.TryParse(t, out var time)
            ? time.ToUnixTimeMilliseconds()
            : long.MinValue;
        if (TryString(declaration, "reason", out var reason))
        {
            indexed.ErrorReason = CbvVocabulary.Normalise(reason, Vocabulary.ErrorReason, context);
        }
        if (declaration.TryGetProperty("correctiveEventIDs", out var ids) && ids.ValueKind == JsonValueKind.Array)
        {
            // Indexed as eventIDs are stored (a UUID URN in lower case), so EQ_correctiveEventID finds one in any case.
            foreach (var id in ids.EnumerateArray())
            {
                if (id.ValueKind == JsonValueKind.String)
                {
                    indexed.Refs.Add(new(RefKind.CorrectiveEventId, Suyuan.Core.Epcis.EventIdText.Canonical(id.GetString()!), null));
                }
            }
        }
        foreach (var f in declaration.EnumerateObject().Where(f => !StandardErrorFields.Contains(f.Name)))
        {
            AddField(indexed, FieldKind.ErrorDeclaration, FieldKind.InnerErrorDeclaration, f.Name, f.Value, context);
        }
    }

    private static readonly (string Name, RefKind Kind)[] SensorStrings =
    [
        ("deviceID", RefKind.SensorDeviceId), ("dataProcessingMethod", RefKind.SensorDataProcessingMethod),
        ("microorganism", RefKind.SensorMicroorganism), ("chemicalSubstance", RefKind.SensorChemicalSubstance),
        ("bizRules", RefKind.SensorBizRules), ("stringValue", RefKind.SensorStringValue), ("uriValue", RefKind.SensorUriValue),
        ("hexBinaryValue", RefKind.SensorHexBinaryValue),
    ];

    private static void AddSensorData(IndexedEvent indexed, JsonElement elements, EpcisContext context)
    {
        foreach (var element in elements.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
        {
            indexed.HasSensorData = true;
            var parts = new List<JsonElement>();
            var hasMetadata = element.TryGetProperty("sensorMetadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object;
            if (hasMetadata)
            {
                parts.Add(metadata);
            }
            if (element.TryGetProperty("sensorReport", out var reports) && reports.ValueKind == JsonValueKind.Array)
            {
                parts.AddRange(reports.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object));
            }
            var time = SensorTime(metadata, "time");
            var start = SensorTime(metadata, "startTime");
            var end = SensorTime(metadata, "endTime");
            string?[]? metadataNames = null;
            for (var i = 0; i < parts.Count; i++)
            {
                // Each part once: its type and identifiers for the event's refs, and a report's row for the values.
                var part = parts[i];
                string? type = TryString(part, "type", out var measured) ? CbvVocabulary.Normalise(measured, Vocabulary.MeasurementType, context) : null;
                if (type is not null)
                {
                    indexed.Refs.Add(new(RefKind.SensorType, type, null));
                }
                var names = SensorNames(part);
                for (var n = 0; names is not null && n < names.Length; n++)
                {
                    if (names[n] is { } value)
                    {
                        indexed.Refs.Add(new(SensorStrings[n].Kind, value, null));
                    }
                }
                if (hasMetadata && i == 0)
                {
                    metadataNames = names;
                    if (parts.Count == 1 && (time ?? start ?? end) is not null)
                    {
                        indexed.Sensors.Add(new(null, null, null, null, null, null, null, null, null, null, time, start, end, names));
                    }
                    continue;
                }
                indexed.Sensors.Add(new(type, TryString(part, "uom", out var uom) ? uom : null,
                    SensorNumber(part, "value"), SensorNumber(part, "minValue"), SensorNumber(part, "maxValue"), SensorNumber(part, "meanValue"),
                    SensorNumber(part, "sDev"), SensorNumber(part, "percRank"), SensorNumber(part, "percValue"),
                    part.TryGetProperty("booleanValue", out var b) && b.ValueKind is JsonValueKind.True or JsonValueKind.False ? b.ValueKind == JsonValueKind.True : null,
                    SensorTime(part, "time") ?? time, SensorTime(part, "startTime") ?? start, SensorTime(part, "endTime") ?? end,
                    Inherit(names, metadataNames)));
            }
        }
    }

    /// <summary>
    /// A part's identifiers and text values in <see cref="SensorStrings"/>' order; hex binary in upper case, the one form
    /// EQ_hexBinaryValue looks up. Null when it has none.
    /// </summary>
    private static string?[]? SensorNames(JsonElement part)
    {
        string?[]? names = null;
        for (var i = 0; i < SensorStrings.Length; i++)
        {
            var (name, kind) = SensorStrings[i];
            if (TryString(part, name, out var value))
            {
                (names ??= new string?[SensorStrings.Length])[i] = kind == RefKind.SensorHexBinaryValue ? value.ToUpperInvariant() : value;
            }
        }
        return names;
    }

    /// <summary>A report's names, each its own or else its element metadata's (deviceID is usually the metadata's).</summary>
    private static string?[]? Inherit(string?[]? own, string?[]? metadata)
    {
        if (own is null || metadata is null)
        {
            return own ?? metadata;
        }
        var names = (string?[])own.Clone();
        for (var i = 0; i < names.Length; i++)
        {
            names[i] ??= metadata[i];
        }
        return names;
    }

    /// <summary>The <c>sensor_reports</c> columns of <see cref="SensorStrings"/>, in their order.</summary>
    internal static readonly string[] SensorNameColumns =
        ["device_id", "data_processing_method", "microorganism", "chemical_substance", "biz_rules", "string_value", "uri_value", "hex_binary_value"];

    /// <summary>The column of one sensor identifier kind.</summary>
    internal static string SensorColumn(RefKind kind) => SensorNameColumns[Array.FindIndex(SensorStrings, s => s.Kind == kind)];

    private static double? SensorNumber(JsonElement part, string name) =>
        part.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    private static long? SensorTime(JsonElement part, string name) =>
        part.ValueKind == JsonValueKind.Object && TryString(part, name, out var text) && EpcisTime.TryParse(text, out var t) ? t.ToUnixTimeMilliseconds() : null;

    private static void AddField(IndexedEvent indexed, FieldKind kind, FieldKind innerKind, string key, JsonElement value, EpcisContext context)
    {
        if (key.StartsWith('@'))
        {
            return;
        }
        var name = context.TryExpand(key, out var iri) ? iri : key;
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                // A row without a value says the field is there, for EXISTS_ (its members are rows of their own).
                indexed.Fields.Add(new(kind, name, null, null, null));
                foreach (var inner in value.EnumerateObject())
                {
                    AddField(indexed, innerKind, innerKind, inner.Name, inner.Value, context);
                }
                break;
            case JsonValueKind.Array:
                var valued = false;
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var inner in item.EnumerateObject())
                        {
                            AddField(indexed, innerKind, innerKind, inner.Name, inner.Value, context);
                        }
                    }
                    else
                    {
                        valued |= AddScalar(indexed, kind, name, item);
                    }
                }
                if (!valued)
                {
                    indexed.Fields.Add(new(kind, name, null, null, null));
                }
                break;
            default:
                AddScalar(indexed, kind, name, value);
                break;
        }
    }

    /// <summary>Adds the row of a string, number or boolean; whether there was one.</summary>
    private static bool AddScalar(IndexedEvent indexed, FieldKind kind, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                // A string compares as a string ("007" is not 7) and, when it is a date-time, as a time; never as a number.
                var text = value.GetString()!;
                long? time = EpcisTime.TryParse(text, out var t) ? t.ToUnixTimeMilliseconds() : null;
                indexed.Fields.Add(new(kind, name, text, null, time));
                break;
            case JsonValueKind.Number:
                indexed.Fields.Add(new(kind, name, value.GetRawText(), value.GetDouble(), null));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                indexed.Fields.Add(new(kind, name, value.ValueKind == JsonValueKind.True ? "true" : "false", null, null));
                break;
            default:
                return false;
        }
        return true;
    }
}

/// <summary>EPCIS date-times as the store reads (<see cref="Suyuan.Core.Epcis.EpcisDateTime"/>) and writes them.</summary>
internal static class EpcisTime
{
    public static bool TryParse(string text, out DateTimeOffset value) => Suyuan.Core.Epcis.EpcisDateTime.TryParse(text, out value);

    /// <summary>Formats a stored time the way most documents write it, so the body can refer to the column instead of repeating it.</summary>
    public static string Format(long unixMs, short offsetMinutes, int variant)
    {
        var t = DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
        var zulu = (variant & 4) != 0;
        var fraction = (variant & 3) switch { 1 => ".fff", 2 => ".ffffff", _ => "" };
        var text = t.ToString("yyyy-MM-dd'T'HH:mm:ss" + fraction, CultureInfo.InvariantCulture);
        return text + (zulu ? "Z" : FormatOffset(offsetMinutes));
    }

    public static string FormatOffset(short offsetMinutes)
    {
        var sign = offsetMinutes < 0 ? '-' : '+';
        var abs = Math.Abs((int)offsetMinutes);
        return $"{sign}{abs / 60:00}:{abs % 60:00}";
    }
}
