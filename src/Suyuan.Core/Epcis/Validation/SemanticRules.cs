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

    private static readonly IReadOnlySet<string> CommonEventFields = EpcisSchema.EnumAt("/definitions/common-event-properties/anyOf/0/enum");
    private static readonly IReadOnlySet<string> DocumentFields = EpcisSchema.EnumAt("/definitions/epcisDocument/propertyNames/anyOf/0/enum")
        .Union(EpcisSchema.EnumAt("/definitions/epcisQueryDocument/propertyNames/anyOf/0/enum")).ToHashSet(StringComparer.Ordinal);
    private static readonly IReadOnlySet<string> ErrorDeclarationFields = EpcisSchema.EnumAt("/definitions/errorDeclaration/propertyNames/anyOf/1/enum");
    private static readonly IReadOnlySet<string> SensorElementFields = EpcisSchema.EnumAt("/definitions/sensorElement/propertyNames/anyOf/1/enum");
    private static readonly IReadOnlySet<string> SensorMetadataFields = EpcisSchema.EnumAt("/definitions/sensorMetadata/propertyNames/anyOf/1/enum");
    private static readonly IReadOnlySet<string> SensorReportFields = EpcisSchema.EnumAt("/definitions/sensorReport/propertyNames/anyOf/1/enum");
    private static readonly IReadOnlySet<string> HeaderFields = EpcisSchema.EnumAt("/definitions/epcisHeader/propertyNames/anyOf/0/enum");
    private static readonly IReadOnlySet<string> LocationFields = new HashSet<string>(["id"], StringComparer.Ordinal);

    private static readonly Dictionary<string, IReadOnlySet<string>> EventFields = new[] { "ObjectEvent", "AggregationEvent", "AssociationEvent", "TransactionEvent", "TransformationEvent" }
        .ToDictionary(t => t, t => (IReadOnlySet<string>)EpcisSchema.EnumAt($"/definitions/{t}/allOf/1/propertyNames/anyOf/1/enum").Union(CommonEventFields).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

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
        var type = document.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is "EPCISDocument" or "EPCISQueryDocument")
        {
            CheckExtensions(document, "", DocumentFields, context, problems);
            if (document.TryGetProperty("epcisHeader", out var header) && header.ValueKind == JsonValueKind.Object)
            {
                CheckExtensions(header, "/epcisHeader", HeaderFields, context, problems);
            }
            var (list, pointer) = type == "EPCISDocument"
                ? (Find(document, "epcisBody", "eventList"), "/epcisBody/eventList")
                : (Find(document, "epcisBody", "queryResults", "resultsBody", "eventList"), "/epcisBody/queryResults/resultsBody/eventList");
            if (list is { ValueKind: JsonValueKind.Array } events)
            {
                var i = 0;
                foreach (var e in events.EnumerateArray())
                {
                    CheckEvent(e, JsonPointerText.Child(pointer, i++), context, problems);
                }
            }
        }
        else
        {
            CheckEvent(document, "", context, problems);
        }
    }

    /// <summary>The rules for one event, with the context of the document it came in.</summary>
    public static void CheckEvent(JsonElement e, string at, EpcisContext context, List<ValidationProblem> problems)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return;
        }
        var type = typeElement.GetString()!;
        var action = e.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        if (EventFields.TryGetValue(type, out var fields))
        {
            CheckExtensions(e, at, fields, context, problems);
        }

        CheckCbv(e, "bizStep", at, CbvVocabulary.BizStep, context, problems);
        CheckCbv(e, "disposition", at, CbvVocabulary.Disposition, context, problems);
        ForEachObject(e, "bizTransactionList", at, (item, p) => CheckCbv(item, "type", p, CbvVocabulary.BizTransactionType, context, problems));
        ForEachObject(e, "sourceList", at, (item, p) => CheckCbv(item, "type", p, CbvVocabulary.SourceDestinationType, context, problems));
        ForEachObject(e, "destinationList", at, (item, p) => CheckCbv(item, "type", p, CbvVocabulary.SourceDestinationType, context, problems));
        CheckPersistentDisposition(e, at, context, problems);

        if (e.TryGetProperty("ilmd", out var ilmd) && ilmd.ValueKind == JsonValueKind.Object)
        {
            CheckExtensions(ilmd, at + "/ilmd", EmptyFields, context, problems);
        }
        if (e.TryGetProperty("errorDeclaration", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            CheckExtensions(error, at + "/errorDeclaration", ErrorDeclarationFields, context, problems);
            CheckCbv(error, "reason", at + "/errorDeclaration", CbvVocabulary.ErrorReason, context, problems);
        }
        foreach (var location in (ReadOnlySpan<string>)["readPoint", "bizLocation"])
        {
            if (e.TryGetProperty(location, out var l) && l.ValueKind == JsonValueKind.Object)
            {
                CheckExtensions(l, JsonPointerText.Child(at, location), LocationFields, context, problems);
            }
        }
        ForEachObject(e, "sensorElementList", at, (element, p) =>
        {
            CheckExtensions(element, p, SensorElementFields, context, problems);
            if (element.TryGetProperty("sensorMetadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            {
                CheckExtensions(metadata, p + "/sensorMetadata", SensorMetadataFields, context, problems);
            }
            ForEachObject(element, "sensorReport", p, (report, rp) => CheckExtensions(report, rp, SensorReportFields, context, problems));
        });
        foreach (var quantities in (ReadOnlySpan<string>)["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"])
        {
            ForEachObject(e, quantities, at, (q, p) =>
            {
                // EPCIS 2.0: uom is omitted when quantity is omitted (a count of instances has no unit).
                if (q.TryGetProperty("uom", out _) && !q.TryGetProperty("quantity", out _))
                {
                    problems.Add(new ValidationProblem(p + "/uom", UomWithoutQuantity, "uom is given without a quantity"));
                }
            });
        }

        switch (type)
        {
            case "ObjectEvent" when !NonEmpty(e, "epcList") && !NonEmpty(e, "quantityList") && !NonEmpty(e, "sensorElementList"):
                problems.Add(new ValidationProblem(at + "/epcList", ObjectIdentifiers,
                    "an ObjectEvent names its objects: a non-empty epcList or quantityList (only a sensor-reporting event may have neither)"));
                break;
            case "AggregationEvent" when action is "ADD" or "DELETE" && !e.TryGetProperty("parentID", out _):
                problems.Add(new ValidationProblem(at + "/parentID", AggregationParent,
                    $"parentID is required when an AggregationEvent's action is {action} (it is optional only for OBSERVE)"));
                break;
        }
    }

    private static readonly IReadOnlySet<string> EmptyFields = new HashSet<string>(StringComparer.Ordinal);

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
                var p = $"{at}/persistentDisposition/{part}/{i++}";
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
                    problems.Add(new ValidationProblem(p, PersistentDispositionOverlap, $"disposition '{d.GetString()}' is both set and unset"));
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
            CheckCbvValue(value, JsonPointerText.Child(at, field), vocabulary, context, problems);
        }
    }

    /// <summary>CBV 2.0: a bare word must be a standard value; a URI in the CBV namespace must name one; any other absolute URI is a private value.</summary>
    private static void CheckCbvValue(JsonElement value, string pointer, CbvVocabulary vocabulary, EpcisContext context, List<ValidationProblem> problems)
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
                problems.Add(new ValidationProblem(pointer, CbvValue,
                    $"'{text}' is not a CBV 2.0 {vocabulary.Name}; use a standard value or an absolute URI for a private one"));
            }
            return;
        }
        if (!context.TryExpand(text, out var iri))
        {
            problems.Add(new ValidationProblem(pointer, CbvValue, $"'{text}' uses a prefix the @context does not declare", IsWarning: true));
            return;
        }
        if (iri.StartsWith(EpcisContext.CbvNamespace, StringComparison.Ordinal))
        {
            var term = iri[EpcisContext.CbvNamespace.Length..];
            if (!term.StartsWith(vocabulary.UriPrefix, StringComparison.Ordinal) || !vocabulary.Values.Contains(term[vocabulary.UriPrefix.Length..]))
            {
                // Published test documents use such values; GS1 owns the namespace, so it is flagged, not refused.
                problems.Add(new ValidationProblem(pointer, CbvValue, $"'{text}' is in the CBV namespace but is not a CBV 2.0 {vocabulary.Name}", IsWarning: true));
            }
        }
    }

    /// <summary>Fields outside the standard set are extensions: each must be namespaced (a declared prefix, a context term or an absolute IRI).</summary>
    private static void CheckExtensions(JsonElement obj, string at, IReadOnlySet<string> standard, EpcisContext context, List<ValidationProblem> problems)
    {
        foreach (var p in obj.EnumerateObject())
        {
            if (standard.Contains(p.Name) || p.Name.StartsWith('@'))
            {
                continue;
            }
            // Only the extension's own key: what nests inside it is the extension owner's business.
            CheckExtensionKey(p.Name, JsonPointerText.Child(at, p.Name), context, problems);
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
        var prefix = key[..colon];
        // A document term whose IRI lacks a trailing '/' still serves as a prefix in practice (JSON-LD 1.0 expansion).
        if (!context.Prefixes.ContainsKey(prefix) && !context.Terms.ContainsKey(prefix) && !EpcisContext.IsAbsoluteIri(key))
        {
            problems.Add(new ValidationProblem(pointer, ExtensionNamespace, $"the prefix '{prefix}' of '{key}' is not declared in @context", IsWarning: true));
        }
    }

    private static void ForEachObject(JsonElement owner, string field, string at, Action<JsonElement, string> check)
    {
        if (!owner.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var i = 0;
        var listPointer = JsonPointerText.Child(at, field);
        foreach (var item in list.EnumerateArray())
        {
            var p = JsonPointerText.Child(listPointer, i++);
            if (item.ValueKind == JsonValueKind.Object)
            {
                check(item, p);
            }
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
}
