using System.Collections.Frozen;
using System.Text;
using System.Text.Json;

namespace Suyuan.Core.Epcis.Hashing;

/// <summary>
/// Builds the CBV 2.0 pre-hash string of one event: the standard fields in canonical order, then bizTransactionList,
/// sourceList, destinationList, ilmd and user extensions rendered and sorted together, as the published vectors do.
/// One instance per thread; it reuses its buffers between events.
/// </summary>
internal sealed class PreHashWriter
{
    private const string RdfsComment = "http://www.w3.org/2000/01/rdf-schema#comment";

    [ThreadStatic] private static PreHashWriter? _perThread;

    private static readonly FieldOrder EventFields = new(
    [
        "eventTime", "eventTimeZoneOffset", "certificationInfo", "parentID", "epcList", "inputEPCList", "childEPCs",
        "quantityList", "childQuantityList", "inputQuantityList", "outputEPCList", "outputQuantityList", "action",
        "transformationID", "bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation", "sensorElementList",
    ]);

    // Never hashed: set by the capturing repository or not part of what happened.
    private static readonly HashSet<string> NotHashed = new(StringComparer.Ordinal) { "type", "eventID", "recordTime", "errorDeclaration" };

    private static readonly FieldOrder SensorMetadataFields = new(["time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"]);

    private static readonly FieldOrder SensorReportFields = new(
    [
        "type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "time", "microorganism",
        "chemicalSubstance", "value", "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue",
        "maxValue", "meanValue", "sDev", "percRank", "percValue", "uom", "coordinateReferenceSystem",
    ]);

    private static readonly FieldOrder QuantityElementFields = new(["epcClass", "quantity", "uom"]);

    private static readonly FieldOrder LocationFields = new(["id"]);

    private readonly StringBuilder _text = new(2048);
    private readonly Stack<StringBuilder> _freeBuilders = new();
    private readonly Stack<List<string>> _freeLists = new();
    private readonly Stack<JsonElement[]> _freeSlots = new();
    private EpcisContext _context = EpcisContext.Default;
    private IReadOnlySet<string>? _ignored;

    public static PreHashWriter ForCurrentThread() => _perThread ??= new PreHashWriter();

    /// <summary>The pre-hash string of <paramref name="evt"/>; <paramref name="ignored"/> holds field names or IRIs the document excludes.</summary>
    public string Write(JsonElement evt, EpcisContext context, IReadOnlySet<string>? ignored) => Build(evt, context, ignored).ToString();

    /// <summary>The event hash ID of <paramref name="evt"/>, hashed straight from the buffer.</summary>
    public string Hash(JsonElement evt, EpcisContext context, IReadOnlySet<string>? ignored) => EventHash.FromPreHash(Build(evt, context, ignored));

    private StringBuilder Build(JsonElement evt, EpcisContext context, IReadOnlySet<string>? ignored)
    {
        // An event's own @context scopes its extension prefixes (JSON-LD), on top of the document's.
        if (evt.ValueKind == JsonValueKind.Object && evt.TryGetProperty("@context", out var own))
        {
            context = context.Extend(own, "/@context");
        }
        if (evt.ValueKind != JsonValueKind.Object)
        {
            throw new EpcisFormatException("", "an EPCIS event must be a JSON object");
        }
        _context = context;
        _ignored = ignored is { Count: > 0 } ? ignored : null;
        _text.Clear();
        try
        {
            WriteEvent(_text, evt);
            return _text;
        }
        finally
        {
            _context = EpcisContext.Default;
            _ignored = null;
        }
    }

    /// <summary>The single seam to the platform's identifier canonicalisation.</summary>
    private static string CanonicalIdentifier(string id) => Identifiers.IdentifierConverter.Canonicalise(id);

    private void WriteEvent(StringBuilder sb, JsonElement evt)
    {
        var slots = RentSlots();
        var rest = RentList();
        var type = "";
        // One pass over the event: standard fields into their canonical slots, everything else rendered for sorting.
        foreach (var p in evt.EnumerateObject())
        {
            var name = p.Name;
            if (EventFields.Index.TryGetValue(name, out var slot))
            {
                slots[slot] = p.Value;
                continue;
            }
            if (name == "type")
            {
                type = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()!.Trim() : "";
                continue;
            }
            if (NotHashed.Contains(name) || name.StartsWith('@') || IsComment(name) || IsIgnored(name))
            {
                continue;
            }
            switch (name)
            {
                case "bizTransactionList":
                    AddTypedList(rest, name, "bizTransaction", CbvVocabulary.BizTransactionType, p.Value);
                    break;
                case "sourceList":
                    AddTypedList(rest, name, "source", CbvVocabulary.SourceType, p.Value);
                    break;
                case "destinationList":
                    AddTypedList(rest, name, "destination", CbvVocabulary.DestinationType, p.Value);
                    break;
                default:
                    AddGeneric(rest, name, p.Value);
                    break;
            }
        }

        sb.Append("eventType=").Append(type);
        var fields = EventFields.Names;
        for (var i = 0; i < fields.Length; i++)
        {
            var value = slots[i];
            var field = fields[i];
            if (value.ValueKind == JsonValueKind.Undefined || IsIgnored(field))
            {
                continue;
            }
            switch (field)
            {
                case "eventTime":
                    AppendTimestamp(sb, field, value);
                    break;
                case "bizStep":
                    AppendScalar(sb, field, value, CbvVocabulary.BizStep);
                    break;
                case "disposition":
                    AppendScalar(sb, field, value, CbvVocabulary.Disposition);
                    break;
                case "certificationInfo":
                    AppendRepeated(sb, field, field, value);
                    break;
                case "epcList" or "inputEPCList" or "childEPCs" or "outputEPCList":
                    AppendRepeated(sb, field, "epc", value);
                    break;
                case "quantityList" or "childQuantityList" or "inputQuantityList" or "outputQuantityList":
                    AppendQuantityList(sb, field, value);
                    break;
                case "persistentDisposition":
                    AppendPersistentDisposition(sb, value);
                    break;
                case "readPoint" or "bizLocation":
                    AppendLocation(sb, field, value);
                    break;
                case "sensorElementList":
                    AppendSensorElementList(sb, value);
                    break;
                default:
                    AppendScalar(sb, field, value, vocabulary: null);
                    break;
            }
        }
        ReturnSlots(slots);
        AppendSorted(sb, rest);
    }

    private void AppendTimestamp(StringBuilder sb, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            AppendScalar(sb, name, value, vocabulary: null);
            return;
        }
        var raw = value.GetString()!.Trim();
        var text = PreHashValues.Timestamp(raw) ?? Canonical(raw);
        if (text.Length > 0)
        {
            sb.Append(name).Append('=').Append(text);
        }
    }

    private void AppendScalar(StringBuilder sb, string name, JsonElement value, string? vocabulary)
    {
        var text = Scalar(value, vocabulary);
        if (!string.IsNullOrEmpty(text))
        {
            sb.Append(name).Append('=').Append(text);
        }
    }

    // A list of values (epcList, certificationInfo, set): the list name once, then "item=value" sorted.
    private void AppendRepeated(StringBuilder sb, string listName, string itemName, JsonElement value, string? vocabulary = null)
    {
        var items = RentList();
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                AddScalarItem(items, itemName, item, vocabulary);
            }
        }
        else
        {
            AddScalarItem(items, itemName, value, vocabulary);
        }
        if (items.Count > 0 && listName != itemName)
        {
            sb.Append(listName);
        }
        AppendSorted(sb, items);
    }

    private void AddScalarItem(List<string> items, string name, JsonElement value, string? vocabulary)
    {
        var text = Scalar(value, vocabulary);
        if (!string.IsNullOrEmpty(text))
        {
            items.Add(string.Concat(name, "=", text));
        }
    }

    private void AppendQuantityList(StringBuilder sb, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var elements = RentList();
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var e = RentBuilder();
            e.Append("quantityElement");
            AppendFields(e, element, QuantityElementFields);
            elements.Add(ReturnBuilder(e));
        }
        if (elements.Count > 0)
        {
            sb.Append(name);
        }
        AppendSorted(sb, elements);
    }

    private void AppendPersistentDisposition(StringBuilder sb, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var e = RentBuilder();
        if (value.TryGetProperty("set", out var set))
        {
            AppendRepeated(e, "set", "set", set, CbvVocabulary.PersistentDispositionSet);
        }
        if (value.TryGetProperty("unset", out var unset))
        {
            AppendRepeated(e, "unset", "unset", unset, CbvVocabulary.PersistentDispositionUnset);
        }
        if (e.Length > 0)
        {
            sb.Append("persistentDisposition").Append(e);
        }
        Release(e);
    }

    private void AppendLocation(StringBuilder sb, string name, JsonElement value)
    {
        var e = RentBuilder();
        if (value.ValueKind == JsonValueKind.Object)
        {
            AppendFields(e, value, LocationFields);
        }
        else
        {
            AppendScalar(e, "id", value, vocabulary: null);
        }
        if (e.Length > 0)
        {
            sb.Append(name).Append(e);
        }
        Release(e);
    }

    private void AppendSensorElementList(StringBuilder sb, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var elements = RentList();
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var e = RentBuilder();
            e.Append("sensorElement");
            if (element.TryGetProperty("sensorMetadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            {
                var m = RentBuilder();
                AppendFields(m, metadata, SensorMetadataFields);
                if (m.Length > 0)
                {
                    e.Append("sensorMetadata").Append(m);
                }
                Release(m);
            }
            if (element.TryGetProperty("sensorReport", out var reports))
            {
                var list = RentList();
                if (reports.ValueKind == JsonValueKind.Array)
                {
                    foreach (var report in reports.EnumerateArray())
                    {
                        AddSensorReport(list, report);
                    }
                }
                else
                {
                    AddSensorReport(list, reports);
                }
                AppendSorted(e, list);
            }
            var extensions = RentList();
            foreach (var p in element.EnumerateObject())
            {
                if (p.Name is not ("sensorMetadata" or "sensorReport") && !p.Name.StartsWith('@') && !IsComment(p.Name))
                {
                    AddGeneric(extensions, p.Name, p.Value);
                }
            }
            AppendSorted(e, extensions);
            elements.Add(ReturnBuilder(e));
        }
        if (elements.Count > 0)
        {
            sb.Append("sensorElementList");
        }
        AppendSorted(sb, elements);
    }

    private void AddSensorReport(List<string> into, JsonElement report)
    {
        if (report.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var r = RentBuilder();
        r.Append("sensorReport");
        AppendFields(r, report, SensorReportFields, inSensorReport: true);
        into.Add(ReturnBuilder(r));
    }

    // The fields of a standard structure in their canonical order, then its extension fields sorted.
    private void AppendFields(StringBuilder sb, JsonElement obj, FieldOrder order, bool inSensorReport = false)
    {
        var slots = RentSlots();
        var extensions = RentList();
        foreach (var p in obj.EnumerateObject())
        {
            var name = p.Name;
            if (order.Index.TryGetValue(name, out var slot))
            {
                slots[slot] = p.Value;
            }
            else if (!name.StartsWith('@') && !IsComment(name))
            {
                AddGeneric(extensions, name, p.Value);
            }
        }
        var fields = order.Names;
        for (var i = 0; i < fields.Length; i++)
        {
            var value = slots[i];
            if (value.ValueKind == JsonValueKind.Undefined)
            {
                continue;
            }
            var field = fields[i];
            if (field is "time" or "startTime" or "endTime")
            {
                AppendTimestamp(sb, field, value);
            }
            else
            {
                var vocabulary = !inSensorReport ? null : field switch
                {
                    "type" => CbvVocabulary.MeasurementType,
                    "exception" => CbvVocabulary.SensorException,
                    "component" => CbvVocabulary.Component,
                    _ => null,
                };
                AppendScalar(sb, field, value, vocabulary);
            }
        }
        ReturnSlots(slots);
        AppendSorted(sb, extensions);
    }

    // bizTransactionList, sourceList, destinationList: each element is "type=…" then "name=…", elements sorted.
    private void AddTypedList(List<string> into, string listName, string valueName, string vocabulary, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var elements = RentList();
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var e = RentBuilder();
            if (element.TryGetProperty("type", out var type))
            {
                AppendScalar(e, "type", type, vocabulary);
            }
            if (element.TryGetProperty(valueName, out var id))
            {
                AppendScalar(e, valueName, id, vocabulary: null);
            }
            var extensions = RentList();
            foreach (var p in element.EnumerateObject())
            {
                if (p.Name != "type" && p.Name != valueName && !p.Name.StartsWith('@') && !IsComment(p.Name))
                {
                    AddGeneric(extensions, p.Name, p.Value);
                }
            }
            AppendSorted(e, extensions);
            elements.Add(ReturnBuilder(e));
        }
        if (elements.Count == 0)
        {
            ReturnList(elements);
            return;
        }
        var sb = RentBuilder();
        sb.Append(listName);
        AppendSorted(sb, elements);
        into.Add(ReturnBuilder(sb));
    }

    // ilmd and user extensions: {namespace}localName, "=value" for values, children sorted; arrays repeat the name.
    private void AddGeneric(List<string> into, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    AddGeneric(into, name, item);
                }
                break;
            case JsonValueKind.Object when value.TryGetProperty("@value", out var literal):
                AddGeneric(into, name, literal);
                break;
            case JsonValueKind.Object:
                {
                    var children = RentList();
                    foreach (var p in value.EnumerateObject())
                    {
                        if (!p.Name.StartsWith('@') && !IsComment(p.Name))
                        {
                            AddGeneric(children, p.Name, p.Value);
                        }
                    }
                    var sb = RentBuilder();
                    sb.Append(KeyName(name));
                    AppendSorted(sb, children);
                    into.Add(ReturnBuilder(sb));
                    break;
                }
            case JsonValueKind.Null or JsonValueKind.Undefined:
                break;
            default:
                {
                    var text = Scalar(value, vocabulary: null);
                    into.Add(string.IsNullOrEmpty(text) ? KeyName(name) : string.Concat(KeyName(name), "=", text));
                    break;
                }
        }
    }

    private string? Scalar(JsonElement value, string? vocabulary)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                {
                    var s = value.GetString()!.Trim();
                    if (vocabulary is not null && s.Length > 0 && !s.Contains(':') && CbvVocabulary.Expand(vocabulary, s) is { } iri)
                    {
                        return iri;
                    }
                    return Canonical(s);
                }
            case JsonValueKind.Number:
                {
                    var raw = value.GetRawText();
                    return PreHashValues.Number(raw) ?? raw;
                }
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            default:
                return null;
        }
    }

    // CURIEs expanded, CBV 1.x URNs to web URIs, numbers without trailing zeros, GS1 identifiers to canonical Digital Links.
    private string Canonical(string s)
    {
        if (s.Length == 0)
        {
            return s;
        }
        var colon = s.IndexOf(':');
        if (colon > 0 && (colon + 1 >= s.Length || s[colon + 1] != '/') && NamespaceOf(s.AsSpan(0, colon)) is { } ns)
        {
            s = string.Concat(ns, s.AsSpan(colon + 1));
        }
        if (CbvVocabulary.FromCbvUrn(s) is { } web)
        {
            return web;
        }
        if (PreHashValues.Number(s) is { } number)
        {
            return number;
        }
        return s.StartsWith("urn:epc:", StringComparison.Ordinal) || s.StartsWith("http", StringComparison.Ordinal)
            ? CanonicalIdentifier(s)
            : s;
    }

    // A key as {namespace}localName when it is a CURIE or a term the document defines; standard names stay as they are.
    private string KeyName(string name)
    {
        var colon = name.IndexOf(':');
        if (colon > 0)
        {
            if (NamespaceOf(name.AsSpan(0, colon)) is { } ns)
            {
                return string.Concat("{", ns, "}", name.AsSpan(colon + 1));
            }
            return EpcisContext.IsAbsoluteIri(name) ? SplitIri(name) : name;
        }
        return _context.Terms.TryGetValue(name, out var iri) && EpcisContext.IsAbsoluteIri(iri) ? SplitIri(iri) : name;
    }

    private static string SplitIri(string iri)
    {
        var cut = iri.AsSpan().LastIndexOfAny('/', '#', ':');
        return cut > 0 && cut < iri.Length - 1 ? string.Concat("{", iri.AsSpan(0, cut + 1), "}", iri.AsSpan(cut + 1)) : iri;
    }

    private string? NamespaceOf(ReadOnlySpan<char> prefix)
    {
        var lookup = _context.Prefixes as Dictionary<string, string>;
        if (lookup is not null && lookup.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(prefix, out var ns))
        {
            return ns;
        }
        if (lookup is null && _context.Prefixes.TryGetValue(prefix.ToString(), out ns))
        {
            return ns;
        }
        // A document may declare a namespace without a trailing separator; it is still used as a prefix.
        return _context.Terms.Count > 0 && _context.Terms.TryGetValue(prefix.ToString(), out ns) ? ns : null;
    }

    private bool IsComment(string name) =>
        name == "comment" || (name.EndsWith(":comment", StringComparison.Ordinal) && _context.TryExpand(name, out var iri) && iri == RdfsComment);

    private bool IsIgnored(string name) =>
        _ignored is not null && (_ignored.Contains(name) || (_context.TryExpand(name, out var iri) && _ignored.Contains(iri)));

    private void AppendSorted(StringBuilder sb, List<string> items)
    {
        if (items.Count > 1)
        {
            items.Sort(StringComparer.Ordinal);
        }
        foreach (var item in items)
        {
            sb.Append(item);
        }
        ReturnList(items);
    }

    private JsonElement[] RentSlots() => _freeSlots.TryPop(out var slots) ? slots : new JsonElement[FieldOrder.MaxFields];

    private void ReturnSlots(JsonElement[] slots)
    {
        Array.Clear(slots);
        _freeSlots.Push(slots);
    }

    private StringBuilder RentBuilder() => _freeBuilders.TryPop(out var sb) ? sb : new StringBuilder(256);

    private string ReturnBuilder(StringBuilder sb)
    {
        var text = sb.ToString();
        sb.Clear();
        _freeBuilders.Push(sb);
        return text;
    }

    private void Release(StringBuilder sb)
    {
        sb.Clear();
        _freeBuilders.Push(sb);
    }

    private List<string> RentList() => _freeLists.TryPop(out var list) ? list : new List<string>(8);

    private void ReturnList(List<string> list)
    {
        list.Clear();
        _freeLists.Push(list);
    }

    /// <summary>The canonical order of a standard structure's fields, with each name's position.</summary>
    private sealed class FieldOrder
    {
        public const int MaxFields = 32;

        public FieldOrder(string[] names)
        {
            if (names.Length > MaxFields)
            {
                throw new ArgumentException($"at most {MaxFields} ordered fields", nameof(names));
            }
            Names = names;
            Index = names.Select((name, i) => (name, i)).ToFrozenDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        }

        public string[] Names { get; }

        public FrozenDictionary<string, int> Index { get; }
    }
}
