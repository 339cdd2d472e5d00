using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Suyuan.Core.Epcis.Validation;

/// <summary>
/// EPCIS 2.0 / CBV 2.0 rules the JSON Schema cannot express: CBV vocabulary values, namespaced extensions
/// (decided with the document's @context), identifiers per event type and action, persistent dispositions.
/// </summary>
internal static class SemanticRules
{
    public const string Context = "context";
    public const string CbvValue = "cbv-vocabulary";
    public const string ExtensionNamespace = "extension-namespace";
    public const string ObjectIdentifiers = "object-event-identifiers";
    public const string AggregationParent = "aggregation-parent";
    public const string PersistentDispositionOverlap = "persistent-disposition-overlap";
    public const string UomWithoutQuantity = "uom-without-quantity";
    public const string EventIdLength = "event-id-length";
    public const string Gs1Identifier = "gs1-identifier";
    public const string TimeRange = "time-range";
    public const string UriSyntax = "uri-syntax";
    public const string NumberRange = "number-range";

    /// <summary>The longest eventID the repository takes: a URI, echoed in Location headers and links, not a document.</summary>
    public const int MaxEventIdLength = 2048;

    private static readonly IReadOnlySet<string> CommonEventFields = EpcisSchema.EnumAt("/definitions/common-event-properties/anyOf/0/enum");
    private static readonly HashSet<string> DocumentFields = EpcisSchema.EnumAt("/definitions/epcisDocument/propertyNames/anyOf/0/enum")
        .Union(EpcisSchema.EnumAt("/definitions/epcisQueryDocument/propertyNames/anyOf/0/enum")).ToHashSet(StringComparer.Ordinal);
    private static readonly HashSet<string> ErrorDeclarationFields = [.. EpcisSchema.EnumAt("/definitions/errorDeclaration/propertyNames/anyOf/1/enum")];
    private static readonly HashSet<string> SensorElementFields = [.. EpcisSchema.EnumAt("/definitions/sensorElement/propertyNames/anyOf/1/enum")];
    private static readonly HashSet<string> SensorMetadataFields = [.. EpcisSchema.EnumAt("/definitions/sensorMetadata/propertyNames/anyOf/1/enum")];
    private static readonly HashSet<string> SensorReportFields = [.. EpcisSchema.EnumAt("/definitions/sensorReport/propertyNames/anyOf/1/enum")];
    private static readonly HashSet<string> HeaderFields = [.. EpcisSchema.EnumAt("/definitions/epcisHeader/propertyNames/anyOf/0/enum")];
    private static readonly HashSet<string> LocationFields = new(["id"], StringComparer.Ordinal);

    private static readonly Dictionary<string, HashSet<string>> EventFields = new[] { "ObjectEvent", "AggregationEvent", "AssociationEvent", "TransactionEvent", "TransformationEvent" }
        .ToDictionary(t => t, t => EpcisSchema.EnumAt($"/definitions/{t}/allOf/1/propertyNames/anyOf/1/enum").Union(CommonEventFields).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    public static void Check(JsonElement document, List<ValidationProblem> problems)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        EpcisContext context;
        try
        {
            context = EpcisContext.FromDocument(document);
        }
        catch (EpcisFormatException e)
        {
            problems.Add(new ValidationProblem(e.Pointer, Context, e.Message));
            context = EpcisContext.Default;
        }
        RemoteContextWarnings(context, EpcisContext.Default, problems);
        var type = document.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is "EPCISDocument" or "EPCISQueryDocument")
        {
            CheckExtensions(document, "", null, DocumentFields, context, problems);
            if (document.TryGetProperty("epcisHeader", out var header) && header.ValueKind == JsonValueKind.Object)
            {
                CheckExtensions(header, "", "epcisHeader", HeaderFields, context, problems);
            }
            var (list, pointer) = type == "EPCISDocument"
                ? (Find(document, "epcisBody", "eventList"), "/epcisBody/eventList")
                : (Find(document, "epcisBody", "queryResults", "resultsBody", "eventList"), "/epcisBody/queryResults/resultsBody/eventList");
            if (list is { ValueKind: JsonValueKind.Array } events)
            {
                var i = 0;
                foreach (var e in events.EnumerateArray())
                {
                    var at = JsonPointerText.Child(pointer, i++);
                    CheckEvent(e, at, OwnContext(e, at, context, problems), problems);
                }
            }
        }
        else
        {
            CheckEvent(document, "", context, problems);
        }
    }

    /// <summary>The document's context with what the event's own @context adds (as capture reads it); the document's when it adds nothing or is malformed.</summary>
    private static EpcisContext OwnContext(JsonElement e, string at, EpcisContext context, List<ValidationProblem> problems)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("@context", out var own))
        {
            return context;
        }
        try
        {
            var extended = context.Extend(own, at + "/@context");
            RemoteContextWarnings(extended, context, problems);
            return extended;
        }
        catch (EpcisFormatException x)
        {
            problems.Add(new ValidationProblem(x.Pointer, Context, x.Message));
            return context;
        }
    }

    /// <summary>A warning for each context <paramref name="context"/> names by URL beyond those of <paramref name="parent"/>: taken, but not resolved.</summary>
    public static void RemoteContextWarnings(EpcisContext context, EpcisContext parent, List<ValidationProblem> problems)
    {
        for (var i = parent.RemoteContexts.Count; i < context.RemoteContexts.Count; i++)
        {
            problems.Add(context.RemoteContexts[i].Warning);
        }
    }

    /// <summary>The rules for one event, with the context of the document it came in.</summary>
    public static void CheckEvent(JsonElement e, string at, EpcisContext context, List<ValidationProblem> problems)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return;
        }
        // The standard types are matched where they stand in the document, so the type needs no string of its own.
        string? type = null;
        foreach (var (name, fields) in EventFields)
        {
            if (typeElement.ValueEquals(name))
            {
                type = name;
                CheckExtensions(e, at, null, fields, context, problems);
                break;
            }
        }
        if (type is null)
        {
            type = typeElement.GetString()!;
            CheckTypeName(typeElement, type, new Where(at, "type"), context, "an EPCIS event type (ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent)", problems);
        }
        if (e.TryGetProperty("eventID", out var eventId) && eventId.ValueKind == JsonValueKind.String && JsonMarshal.GetRawUtf8Value(eventId).Length > MaxEventIdLength + 2
            && eventId.GetString()!.Length > MaxEventIdLength)
        {
            problems.Add(new ValidationProblem(at + "/eventID", EventIdLength, $"eventID is longer than {MaxEventIdLength} characters"));
        }

        CheckCbv(e, "bizStep", at, CbvVocabulary.BizStep, context, problems);
        CheckCbv(e, "disposition", at, CbvVocabulary.Disposition, context, problems);
        CheckListTypes(e, "bizTransactionList", at, CbvVocabulary.BizTransactionType, context, problems);
        CheckListTypes(e, "sourceList", at, CbvVocabulary.SourceDestinationType, context, problems);
        CheckListTypes(e, "destinationList", at, CbvVocabulary.SourceDestinationType, context, problems);
        CheckPersistentDisposition(e, at, context, problems);

        if (e.TryGetProperty("ilmd", out var ilmd) && ilmd.ValueKind == JsonValueKind.Object)
        {
            CheckExtensions(ilmd, at, "ilmd", EmptyFields, context, problems);
        }
        if (e.TryGetProperty("errorDeclaration", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            CheckExtensions(error, at, "errorDeclaration", ErrorDeclarationFields, context, problems);
            if (error.TryGetProperty("reason", out var reason))
            {
                CheckCbvValue(reason, new Where(at, "errorDeclaration", "reason"), CbvVocabulary.ErrorReason, context, problems);
            }
        }
        foreach (var location in (ReadOnlySpan<string>)["readPoint", "bizLocation"])
        {
            if (e.TryGetProperty(location, out var l) && l.ValueKind == JsonValueKind.Object)
            {
                CheckExtensions(l, at, location, LocationFields, context, problems);
            }
        }
        if (e.TryGetProperty("sensorElementList", out var sensors) && sensors.ValueKind == JsonValueKind.Array)
        {
            // Rare: the pointers of sensor elements are built as they are walked.
            var i = 0;
            foreach (var element in sensors.EnumerateArray())
            {
                var p = JsonPointerText.Child(JsonPointerText.Child(at, "sensorElementList"), i++);
                if (element.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                CheckExtensions(element, p, null, SensorElementFields, context, problems);
                if (element.TryGetProperty("sensorMetadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
                {
                    CheckExtensions(metadata, p, "sensorMetadata", SensorMetadataFields, context, problems);
                }
                if (element.TryGetProperty("sensorReport", out var reports) && reports.ValueKind == JsonValueKind.Array)
                {
                    var j = 0;
                    foreach (var report in reports.EnumerateArray())
                    {
                        var rp = JsonPointerText.Child(JsonPointerText.Child(p, "sensorReport"), j++);
                        if (report.ValueKind == JsonValueKind.Object)
                        {
                            CheckExtensions(report, rp, null, SensorReportFields, context, problems);
                            foreach (var number in (ReadOnlySpan<string>)["value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"])
                            {
                                CheckDouble(report, number, rp, problems);
                            }
                            if (report.TryGetProperty("type", out var measurement) && measurement.ValueKind == JsonValueKind.String
                                && measurement.GetString() is { } name && !MeasurementTypes.Contains(name))
                            {
                                // A warning: GS1's web vocabulary adds measurement types after the schema's list (EffectiveDoseRate).
                                CheckTypeName(measurement, name, new Where(rp, "type"), context, "a measurement type the EPCIS 2.0 schema lists", problems, warning: true);
                            }
                        }
                    }
                }
            }
        }
        foreach (var quantities in (ReadOnlySpan<string>)["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"])
        {
            if (!e.TryGetProperty(quantities, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            var i = 0;
            foreach (var q in list.EnumerateArray())
            {
                // EPCIS 2.0: uom is omitted when quantity is omitted (a count of instances has no unit).
                if (q.ValueKind == JsonValueKind.Object && q.TryGetProperty("uom", out _) && !q.TryGetProperty("quantity", out _))
                {
                    problems.Add(new ValidationProblem(new Where(at, quantities, index: i, last: "uom").ToString(), UomWithoutQuantity, "uom is given without a quantity"));
                }
                if (q.ValueKind == JsonValueKind.Object)
                {
                    CheckDouble(q, "quantity", JsonPointerText.Child(JsonPointerText.Child(at, quantities), i), problems);
                }
                i++;
            }
        }

        CheckIdentifiers(e, at, problems);
        CheckTime(e, "eventTime", new Where(at, "eventTime"), problems);
        if (e.TryGetProperty("errorDeclaration", out var declared) && declared.ValueKind == JsonValueKind.Object)
        {
            CheckTime(declared, "declarationTime", new Where(at, "errorDeclaration", "declarationTime"), problems);
        }

        switch (type)
        {
            case "ObjectEvent" when !NonEmpty(e, "epcList") && !NonEmpty(e, "quantityList") && !NonEmpty(e, "sensorElementList"):
                problems.Add(new ValidationProblem(at + "/epcList", ObjectIdentifiers,
                    "an ObjectEvent names its objects: a non-empty epcList or quantityList (only a sensor-reporting event may have neither)"));
                break;
            case "AggregationEvent" when !e.TryGetProperty("parentID", out _)
                                         && (e.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null) is ("ADD" or "DELETE") and var action:
                problems.Add(new ValidationProblem(at + "/parentID", AggregationParent,
                    $"parentID is required when an AggregationEvent's action is {action} (it is optional only for OBSERVE)"));
                break;
        }
    }

    private static readonly HashSet<string> EmptyFields = new(StringComparer.Ordinal);

    /// <summary>
    /// A time the schema's date-time format takes but no clock does: an offset beyond ±14:00 (EPCIS's own
    /// eventTimeZoneOffset stops there; RFC 3339's syntax goes to ±23:59), or an instant before year 1 or after 9999 in
    /// UTC. Such an event could not be placed in time, so it is refused here, naming the field.
    /// </summary>
    private static void CheckTime(JsonElement owner, string field, Where where, List<ValidationProblem> problems)
    {
        if (!owner.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return;
        }
        // Decided on the raw bytes (the text itself only when it holds an escape): the usual time has an offset within ±14:00
        // and a year other than 1 or 9999, and needs nothing more.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        ReadOnlySpan<byte> t = raw.IndexOf((byte)'\\') < 0 ? raw[1..^1] : Encoding.UTF8.GetBytes(value.GetString()!.TrimEnd('\n'));
        if (t.Length < 20)
        {
            return; // the structure check names it
        }
        var beyond = t[^6] is (byte)'+' or (byte)'-' && OffsetMinutes(t[^5..]) > 14 * 60;
        if (!beyond && !t.StartsWith("0001"u8) && !t.StartsWith("9999"u8))
        {
            return;
        }
        var text = value.GetString()!.TrimEnd('\n');
        if (!DateTimeText.IsValid(text))
        {
            return; // the structure check names it
        }
        if (beyond || Hashing.PreHashValues.Timestamp(text) is null)
        {
            problems.Add(new ValidationProblem(where.ToString(), TimeRange,
                beyond ? $"'{text}' has an offset beyond ±14:00, which no time zone has" : $"'{text}' is outside the years 1 to 9999 in UTC"));
        }

        // "hh:mm" → minutes; 0 when it is not that.
        static int OffsetMinutes(ReadOnlySpan<byte> hhmm) =>
            hhmm.Length == 5 && hhmm[2] == (byte)':' && char.IsAsciiDigit((char)hhmm[0]) && char.IsAsciiDigit((char)hhmm[1]) && char.IsAsciiDigit((char)hhmm[3]) && char.IsAsciiDigit((char)hhmm[4])
                ? ((hhmm[0] - '0') * 10 + hhmm[1] - '0') * 60 + (hhmm[3] - '0') * 10 + hhmm[4] - '0'
                : 0;
    }

    /// <summary>
    /// The event's GS1 identifiers (objects, classes, parent, places, parties) should be keys that exist: an EPC URN of a
    /// scheme of the Tag Data Standard has that scheme's fields, and a GS1 Digital Link's key has its right check digit
    /// (<see cref="Identifiers.Gs1Identifiers.Problem"/>). Either mistake stores an identifier its other form never finds.
    /// A warning, not a refusal: published test data (OpenEPCIS's) carries such keys, and a sender's data is kept as sent.
    /// </summary>
    private static void CheckIdentifiers(JsonElement e, string at, List<ValidationProblem> problems)
    {
        foreach (var list in (ReadOnlySpan<string>)["epcList", "childEPCs", "inputEPCList", "outputEPCList"])
        {
            if (e.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    Check(item, new Where(at, list, index: i++), problems);
                }
            }
        }
        if (e.TryGetProperty("parentID", out var parent))
        {
            Check(parent, new Where(at, "parentID"), problems);
        }
        // Identifiers that are not GS1 keys are still URIs in the schema: the eventID, business transactions, the
        // transformation and the events a declaration corrects.
        foreach (var field in (ReadOnlySpan<string>)["eventID", "transformationID"])
        {
            if (e.TryGetProperty(field, out var value))
            {
                CheckUri(value, new Where(at, field), problems);
            }
        }
        if (e.TryGetProperty("bizTransactionList", out var transactions) && transactions.ValueKind == JsonValueKind.Array)
        {
            var t = 0;
            foreach (var item in transactions.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("bizTransaction", out var value))
                {
                    CheckUri(value, new Where(at, "bizTransactionList", index: t, last: "bizTransaction"), problems);
                }
                t++;
            }
        }
        if (e.TryGetProperty("errorDeclaration", out var declaration) && declaration.ValueKind == JsonValueKind.Object
            && declaration.TryGetProperty("correctiveEventIDs", out var corrective) && corrective.ValueKind == JsonValueKind.Array)
        {
            var c = 0;
            foreach (var item in corrective.EnumerateArray())
            {
                CheckUri(item, new Where(at, "errorDeclaration", "correctiveEventIDs", c++), problems);
            }
        }
        foreach (var list in (ReadOnlySpan<string>)["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"])
        {
            CheckMembers(e, list, "epcClass", at, problems);
        }
        CheckMembers(e, "sourceList", "source", at, problems);
        CheckMembers(e, "destinationList", "destination", at, problems);
        foreach (var place in (ReadOnlySpan<string>)["readPoint", "bizLocation"])
        {
            if (e.TryGetProperty(place, out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("id", out var id))
            {
                Check(id, new Where(at, place, "id"), problems);
            }
        }

        static void CheckMembers(JsonElement e, string list, string member, string at, List<ValidationProblem> problems)
        {
            if (e.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(member, out var value))
                    {
                        Check(value, new Where(at, list, index: i, last: member), problems);
                    }
                    i++;
                }
            }
        }

        static void Check(JsonElement value, Where where, List<ValidationProblem> problems)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return;
            }
            if (!CheckUri(value, where, problems))
            {
                return;
            }
            // Read in place: an identifier without escapes is decoded onto the stack, not into a string.
            var raw = JsonMarshal.GetRawUtf8Value(value);
            string? problem;
            if (raw.Length <= 258 && raw.IndexOf((byte)'\\') < 0)
            {
                Span<char> text = stackalloc char[256];
                problem = Identifiers.Gs1Identifiers.Problem(text[..Encoding.UTF8.GetChars(raw[1..^1], text)]);
            }
            else
            {
                problem = Identifiers.Gs1Identifiers.Problem(value.GetString()!);
            }
            if (problem is not null)
            {
                problems.Add(new ValidationProblem(where.ToString(), Gs1Identifier, problem + "; it is stored as sent, but its other forms will not find it", IsWarning: true));
            }
        }
    }

    /// <summary>
    /// A quantity or sensor reading is a double (xsd:double in EPCIS 2.0's XML binding): a JSON number past ±1.8e308 (1e400)
    /// would be an infinity no query could compare, so it is refused naming the field.
    /// </summary>
    private static void CheckDouble(JsonElement owner, string field, string at, List<ValidationProblem> problems)
    {
        if (owner.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number && !(value.TryGetDouble(out var d) && double.IsFinite(d)))
        {
            problems.Add(new ValidationProblem(JsonPointerText.Child(at, field), NumberRange,
                $"{Shorten(value.GetRawText())} is beyond what a double holds (±1.8e308): {field} is a double"));
        }
    }

    private static readonly IReadOnlySet<string> MeasurementTypes = EpcisSchema.EnumAt("/definitions/measurementType/anyOf/1/enum");

    /// <summary>
    /// A type outside the standard's list is an absolute URI or a CURIE (the schema's <c>format: uri</c>): a bare word is a
    /// standard type misspelt (ObjectEvent2, Temprature), unless the event's @context defines it as a term.
    /// </summary>
    private static void CheckTypeName(JsonElement value, string name, Where where, EpcisContext context, string standard, List<ValidationProblem> problems, bool warning = false)
    {
        if (name.Contains(':', StringComparison.Ordinal))
        {
            CheckUri(value, where, problems);
            return;
        }
        if (!context.Terms.ContainsKey(name))
        {
            problems.Add(new ValidationProblem(where.ToString(), UriSyntax,
                $"'{Shorten(name)}' is neither {standard} nor an absolute URI or prefix:name of an extension type", warning));
        }
    }

    /// <summary>
    /// The schema's <c>format: uri</c>, which the schema check leaves unasserted (see <c>EpcisSchema</c>), for the values
    /// that identify things: an absolute URI (RFC 3986's scheme and colon first), without a space, a control character,
    /// <c>"</c>, <c>&lt;</c>, <c>&gt;</c> or <c>\</c>, and with <c>%</c> only before two hex digits. Characters beyond
    /// ASCII are taken, as in an IRI, and so are <c>|^`{}</c>, which RFC 3986 leaves out but URI parsers (.NET's among
    /// them) and existing EPC data take.
    /// </summary>
    private static bool CheckUri(JsonElement value, Where where, List<ValidationProblem> problems)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return true;
        }
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var why = raw.IndexOf((byte)'\\') < 0 ? UriProblem(raw[1..^1]) : UriProblem(Encoding.UTF8.GetBytes(value.GetString()!));
        if (why is null)
        {
            return true;
        }
        problems.Add(new ValidationProblem(where.ToString(), UriSyntax, $"'{Shorten(value.GetString()!)}' is not an absolute URI: {why}"));
        return false;
    }

    /// <summary>
    /// Why text cannot be an IRI or a CURIE whatever its prefix: a space, a control character (C0, DEL, C1), or one of
    /// <c>"</c>, <c>&lt;</c>, <c>&gt;</c>, <c>\</c>, which an IRI writes percent-encoded; null when it has none.
    /// </summary>
    internal static string? IriCharacterProblem(string text)
    {
        foreach (var c in text)
        {
            if (c <= ' ' || c is >= '\u007F' and <= '\u009F')
            {
                return c == ' ' ? "it holds a space (write it as %20)" : "it holds a control character";
            }
            if (c is '"' or '<' or '>' or '\\')
            {
                return $"it holds '{c}', which an IRI writes percent-encoded";
            }
        }
        return null;
    }

    /// <summary>Why UTF-8 text is not an absolute URI, or null when it is one.</summary>
    internal static string? UriProblem(ReadOnlySpan<byte> text)
    {
        var colon = text.IndexOf((byte)':');
        if (colon <= 0 || !char.IsAsciiLetter((char)text[0]))
        {
            return "it has no scheme (such as urn: or https:) before a colon";
        }
        foreach (var b in text[1..colon])
        {
            if (!char.IsAsciiLetterOrDigit((char)b) && b is not ((byte)'+' or (byte)'-' or (byte)'.'))
            {
                return "its scheme holds a character other than letters, digits, '+', '-' and '.'";
            }
        }
        if (colon == text.Length - 1)
        {
            return "nothing follows its scheme";
        }
        for (var i = colon + 1; i < text.Length; i++)
        {
            var b = text[i];
            // C0 controls, space, DEL, and C1 controls (U+0080–U+009F, 0xC2 0x80–0x9F in UTF-8).
            if (b <= 0x20 || b == 0x7F || (b == 0xC2 && i + 1 < text.Length && text[i + 1] is >= 0x80 and <= 0x9F))
            {
                return b == 0x20 ? "it holds a space (write it as %20)" : "it holds a control character";
            }
            if (b is (byte)'"' or (byte)'<' or (byte)'>' or (byte)'\\')
            {
                return $"it holds '{(char)b}', which a URI writes percent-encoded";
            }
            if (b == (byte)'%' && (i + 2 >= text.Length || !char.IsAsciiHexDigit((char)text[i + 1]) || !char.IsAsciiHexDigit((char)text[i + 2])))
            {
                return "a '%' is not followed by two hexadecimal digits";
            }
        }
        return null;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private static void CheckPersistentDisposition(JsonElement e, string at, EpcisContext context, List<ValidationProblem> problems)
    {
        if (!e.TryGetProperty("persistentDisposition", out var pd) || pd.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in (ReadOnlySpan<string>)["set", "unset"])
        {
            if (!pd.TryGetProperty(part, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            var i = 0;
            foreach (var d in list.EnumerateArray())
            {
                var p = new Where(at, "persistentDisposition", part, i++);
                CheckCbvValue(d, p, CbvVocabulary.Disposition, context, problems);
                if (d.ValueKind != JsonValueKind.String)
                {
                    continue;
                }
                var iri = CanonicalDisposition(d.GetString()!, context);
                if (part == "set")
                {
                    set.Add(iri);
                }
                else if (set.Contains(iri))
                {
                    problems.Add(new ValidationProblem(p.ToString(), PersistentDispositionOverlap, $"disposition '{d.GetString()}' is both set and unset"));
                }
            }
        }
    }

    private static string CanonicalDisposition(string value, EpcisContext context) =>
        !value.Contains(':') ? EpcisContext.CbvNamespace + CbvVocabulary.Disposition.UriPrefix + value
        : context.TryExpand(value, out var iri) ? iri : value;

    private static void CheckCbv(JsonElement owner, string field, string at, CbvVocabulary vocabulary, EpcisContext context, List<ValidationProblem> problems)
    {
        if (owner.TryGetProperty(field, out var value))
        {
            CheckCbvValue(value, new Where(at, field), vocabulary, context, problems);
        }
    }

    /// <summary>The CBV type of each object of a list (bizTransactionList, sourceList, destinationList).</summary>
    private static void CheckListTypes(JsonElement owner, string field, string at, CbvVocabulary vocabulary, EpcisContext context, List<ValidationProblem> problems)
    {
        if (!owner.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("type", out var type))
            {
                CheckCbvValue(type, new Where(at, field, index: i, last: "type"), vocabulary, context, problems);
            }
            i++;
        }
    }

    /// <summary>CBV 2.0: a bare word must be a standard value; a URI in the CBV namespace must name one; any other absolute URI is a private value.</summary>
    private static void CheckCbvValue(JsonElement value, Where pointer, CbvVocabulary vocabulary, EpcisContext context, List<ValidationProblem> problems)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return;
        }
        var text = value.GetString()!;
        if (!text.Contains(':'))
        {
            if (!vocabulary.Values.Contains(text))
            {
                problems.Add(new ValidationProblem(pointer.ToString(), CbvValue,
                    $"'{text}' is not a CBV 2.0 {vocabulary.Name}; use a standard value or an absolute URI for a private one"));
            }
            return;
        }
        // A private value is a URI or a CURIE (the schema's format: uri): no space or control character in it. A CURIE's
        // prefix is a JSON-LD term (my_ext:, 溯源:), not a URI scheme, so only the characters are judged here.
        if (IriCharacterProblem(text) is { } bad)
        {
            problems.Add(new ValidationProblem(pointer.ToString(), UriSyntax, $"'{Shorten(text)}' is not a URI: {bad}"));
            return;
        }
        if (!context.TryExpand(text, out var iri))
        {
            problems.Add(new ValidationProblem(pointer.ToString(), CbvValue, $"'{text}' uses a prefix the @context does not declare", IsWarning: true));
            return;
        }
        if (iri.StartsWith(EpcisContext.CbvNamespace, StringComparison.Ordinal))
        {
            var term = iri[EpcisContext.CbvNamespace.Length..];
            if (!term.StartsWith(vocabulary.UriPrefix, StringComparison.Ordinal) || !vocabulary.Values.Contains(term[vocabulary.UriPrefix.Length..]))
            {
                // Published test documents use such values; GS1 owns the namespace, so it is flagged, not refused.
                problems.Add(new ValidationProblem(pointer.ToString(), CbvValue, $"'{text}' is in the CBV namespace but is not a CBV 2.0 {vocabulary.Name}", IsWarning: true));
            }
        }
    }

    /// <summary>
    /// Fields outside the standard set are extensions: each must be namespaced (a declared prefix, a context term or an
    /// absolute IRI). <paramref name="obj"/> is at <paramref name="at"/>, or at its child <paramref name="field"/>.
    /// </summary>
    private static void CheckExtensions(JsonElement obj, string at, string? field, HashSet<string> standard, EpcisContext context, List<ValidationProblem> problems)
    {
        var names = standard.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[64];
        foreach (var p in obj.EnumerateObject())
        {
            // The name is read without making a string of it: a standard field's name is looked up as it stands in the document.
            var raw = JsonMarshal.GetRawUtf8PropertyName(p);
            if (raw.Length <= buffer.Length && raw.IndexOf((byte)'\\') < 0 && Encoding.UTF8.TryGetChars(raw, buffer, out var length))
            {
                var name = buffer[..length];
                if (names.Contains(name) || name.StartsWith('@'))
                {
                    continue;
                }
            }
            else if (standard.Contains(p.Name) || p.Name.StartsWith('@'))
            {
                continue;
            }
            // Only the extension's own key: what nests inside it is the extension owner's business.
            var owner = field is null ? at : JsonPointerText.Child(at, field);
            CheckExtensionKey(p.Name, JsonPointerText.Child(owner, p.Name), context, problems);
        }
    }

    private static void CheckExtensionKey(string key, string pointer, EpcisContext context, List<ValidationProblem> problems)
    {
        var colon = key.IndexOf(':');
        if (colon <= 0)
        {
            if (!context.Terms.ContainsKey(key))
            {
                problems.Add(new ValidationProblem(pointer, ExtensionNamespace,
                    $"'{key}' is not an EPCIS field; an extension field must be namespaced (prefix:name with the prefix declared in @context, or an absolute URI)"));
            }
            return;
        }
        // The name is an IRI (a CURIE expands to one): no space or control character in it.
        if (IriCharacterProblem(key) is { } why)
        {
            problems.Add(new ValidationProblem(pointer, UriSyntax, $"'{Shorten(key)}' is not an extension field's name: {why}"));
            return;
        }
        var prefix = key[..colon];
        // A document term whose IRI lacks a trailing '/' still serves as a prefix in practice (JSON-LD 1.0 expansion).
        if (!context.Prefixes.ContainsKey(prefix) && !context.Terms.ContainsKey(prefix) && !EpcisContext.IsAbsoluteIri(key))
        {
            problems.Add(new ValidationProblem(pointer, ExtensionNamespace, $"the prefix '{prefix}' of '{key}' is not declared in @context", IsWarning: true));
        }
    }

    private static bool NonEmpty(JsonElement e, string field) =>
        e.TryGetProperty(field, out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0;

    private static JsonElement? Find(JsonElement root, params string[] path)
    {
        var node = root;
        foreach (var name in path)
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out node))
            {
                return null;
            }
        }
        return node;
    }

    /// <summary>
    /// A problem's JSON pointer, made into a string only when a problem is reported: below an event's own pointer, a field,
    /// then optionally a second name, an array index and a last name, in that order.
    /// </summary>
    private readonly struct Where(string at, string first, string? second = null, int index = -1, string? last = null)
    {
        public override string ToString()
        {
            var pointer = JsonPointerText.Child(at, first);
            if (second is not null)
            {
                pointer = JsonPointerText.Child(pointer, second);
            }
            if (index >= 0)
            {
                pointer = JsonPointerText.Child(pointer, index);
            }
            return last is null ? pointer : JsonPointerText.Child(pointer, last);
        }
    }
}
