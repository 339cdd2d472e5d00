using System.Text.Json;

namespace Suyuan.Core.Epcis;

/// <summary>Finds the events of an EPCIS JSON document: EPCISDocument, EPCISQueryDocument, or a single event.</summary>
public static class EpcisEvents
{
    private static readonly HashSet<string> EventTypes = new(StringComparer.Ordinal)
    {
        "ObjectEvent", "AggregationEvent", "TransformationEvent", "AssociationEvent", "TransactionEvent",
    };

    /// <summary>True for the five EPCIS 2.0 event type names.</summary>
    public static bool IsEventType(string? type) => type is not null && EventTypes.Contains(type);

    /// <summary>An extension event's type: any absolute URI (EPCIS 2.0 JSON schema, Extended-Event: a vocab-uri).</summary>
    public static bool IsExtensionEventType(string? type) =>
        type is not null && !IsEventType(type) && Uri.TryCreate(type, UriKind.Absolute, out _);

    /// <summary>
    /// An extension event's type as the IRI it names: a CURIE (<c>ex:CustomEvent</c>) with its prefix declared in the
    /// context is expanded, as JSON-LD reads it, so that it and the full IRI are one type; any other type as it is.
    /// </summary>
    public static string ExpandedType(string type, EpcisContext context) =>
        IsExtensionEventType(type) && context.TryExpand(type, out var iri) ? iri : type;

    /// <summary>The JSON pointer of the event list in a document of the given type ("" for a single event).</summary>
    public static string EventListPointer(JsonElement root) =>
        TypeOf(root) switch
        {
            "EPCISDocument" => "/epcisBody/eventList",
            "EPCISQueryDocument" => "/epcisBody/queryResults/resultsBody/eventList",
            _ => "",
        };

    /// <summary>The events in document order; throws <see cref="EpcisFormatException"/> when the document has no recognisable shape.</summary>
    public static IEnumerable<JsonElement> Enumerate(JsonElement root)
    {
        var type = TypeOf(root);
        if (IsEventType(type))
        {
            return [root];
        }
        var list = type switch
        {
            "EPCISDocument" => Walk(root, "epcisBody", "eventList"),
            "EPCISQueryDocument" => Walk(root, "epcisBody", "queryResults", "resultsBody", "eventList"),
            null => throw new EpcisFormatException("/type", "type is missing: expected EPCISDocument, EPCISQueryDocument or an event type"),
            _ => throw new EpcisFormatException("/type", $"type '{type}' is not EPCISDocument, EPCISQueryDocument or an EPCIS event type"),
        };
        if (list is not { ValueKind: JsonValueKind.Array } events)
        {
            return [];
        }
        return events.EnumerateArray();
    }

    private static string? TypeOf(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new EpcisFormatException("", "an EPCIS document must be a JSON object");
        }
        return root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
    }

    private static JsonElement? Walk(JsonElement root, params string[] path)
    {
        var current = root;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }
        return current;
    }
}
