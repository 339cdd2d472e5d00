using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Suyuan.Core.Epcis;
using Suyuan.Core.Epcis.Json;
using Suyuan.Core.Identifiers;
using Suyuan.Core.Profiles;
using Suyuan.Storage;

namespace Suyuan.Features.Capture;

/// <summary>The capture path's view of a document: events streamed one at a time, validated, and given their identity.</summary>
internal static class EventSource
{
    public static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = EpcisJson.MaxDepth };

    /// <param name="ContextError">The event's own @context could not be read: that event is invalid (the document's context stands in for it).</param>
    public sealed record SourceEvent(int Index, string Pointer, JsonElement Event, EpcisContext Context, ValidationProblem? ContextError = null);

    /// <summary>Streams the events of an EPCISDocument or EPCISQueryDocument; never holds the whole document.</summary>
    /// <param name="envelope">Given the document without its events (header, master data) and its resolved context once every event was read.</param>
    public static async IAsyncEnumerable<SourceEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct, Action<EpcisDocument?, EpcisContext?>? envelope = null)
    {
        using var events = new EpcisEventStream(stream);
        await foreach (var entry in ReadEntriesAsync(events, ct, envelope))
        {
            var context = entry.DocumentContext;
            ValidationProblem? contextError = null;
            if (entry.Json.TryGetProperty("@context", out var own))
            {
                try
                {
                    context = context.Extend(own, entry.Pointer + "/@context");
                }
                catch (EpcisFormatException e)
                {
                    // One event's own context is that event's fault: under proceed the others are still taken.
                    contextError = new ValidationProblem(e.Pointer, "context", e.Message);
                }
            }
            yield return new SourceEvent(entry.Index, entry.Pointer, entry.Json, context, contextError);
        }
    }

    private static async IAsyncEnumerable<EpcisEventEntry> ReadEntriesAsync(EpcisEventStream events, [EnumeratorCancellation] CancellationToken ct, Action<EpcisDocument?, EpcisContext?>? envelope)
    {
        await foreach (var entry in events.ReadEventsAsync(ct))
        {
            yield return entry;
        }
        envelope?.Invoke(events.Envelope, events.Context);
    }

    /// <summary>The vocabulary types whose elements' children and attributes WD_, HASATTR_ and EQ_ATTR_ follow.</summary>
    private static readonly Dictionary<string, LocationVocabulary> LocationVocabularies = new(StringComparer.Ordinal)
    {
        ["urn:epcglobal:epcis:vtype:ReadPoint"] = LocationVocabulary.ReadPoint,
        ["urn:epcglobal:epcis:vtype:BusinessLocation"] = LocationVocabulary.BusinessLocation,
    };

    /// <summary>
    /// What a document's master data (<c>epcisHeader.epcisMasterData.vocabularyList</c>) says of ReadPoint and
    /// BusinessLocation elements: the hierarchy their <c>children</c> give and their <c>attributes</c>, with a problem for
    /// what is too long to keep or, for an enterprise's document, names a location it may not describe.
    /// </summary>
    /// <param name="context">The document's resolved context: expands vocabulary types and attribute names written as CURIEs (vtype:, cbvmda:).</param>
    /// <param name="place">For an enterprise's document: null when it may name this location at this pointer, else why not.</param>
    public static (LocationMasterData Data, List<ValidationProblem> Problems) LocationMasterData(EpcisDocument? document, EpcisContext? context,
        Func<string, string, (string Pointer, string Detail)?>? place = null)
    {
        var children = new List<LocationChild>();
        var occurrences = new List<(LocationAttribute Attribute, (LocationVocabulary, string, string) Key, int V, int E)>();
        var problems = new List<ValidationProblem>();
        if (document?.Header?.MasterData?.VocabularyList is not { } vocabularies)
        {
            return (Storage.LocationMasterData.None, problems);
        }
        for (var v = 0; v < vocabularies.Count; v++)
        {
            var type = vocabularies[v].Type;
            if (context is not null && !LocationVocabularies.ContainsKey(type) && context.TryExpand(type, out var expanded))
            {
                type = expanded;
            }
            if (!LocationVocabularies.TryGetValue(type, out var vocabulary) || vocabularies[v].VocabularyElementList is not { } elements)
            {
                continue;
            }
            for (var e = 0; e < elements.Count; e++)
            {
                var element = elements[e];
                var pointer = $"/epcisHeader/epcisMasterData/vocabularyList/{v}/vocabularyElementList/{e}";
                var described = element.Children is { Count: > 0 } || element.Attributes is { Count: > 0 };
                if (!described)
                {
                    continue;
                }
                if (Encoding.UTF8.GetByteCount(element.Id) > MaxLocationBytes)
                {
                    problems.Add(new ValidationProblem(pointer + "/id", "master-data", $"a location identifier in master data is longer than {MaxLocationBytes} bytes"));
                    continue;
                }
                if (place?.Invoke(element.Id, pointer + "/id") is { } refusedElement)
                {
                    problems.Add(new ValidationProblem(refusedElement.Pointer, "forbidden", refusedElement.Detail));
                    continue;
                }
                for (var c = 0; c < (element.Children?.Count ?? 0); c++)
                {
                    var child = element.Children![c];
                    if (Encoding.UTF8.GetByteCount(child) > MaxLocationBytes)
                    {
                        problems.Add(new ValidationProblem(pointer + "/children/" + c, "master-data",
                            $"a location identifier in the hierarchy is longer than {MaxLocationBytes} bytes"));
                        continue;
                    }
                    if (place?.Invoke(child, pointer + "/children/" + c) is { } refused)
                    {
                        problems.Add(new ValidationProblem(refused.Pointer, "forbidden", refused.Detail));
                        continue;
                    }
                    children.Add(new LocationChild(vocabulary, element.Id, child));
                }
                for (var a = 0; a < (element.Attributes?.Count ?? 0); a++)
                {
                    var attribute = element.Attributes![a];
                    var at = pointer + "/attributes/" + a;
                    var name = LocationAttributeValues.Name(context is not null && context.TryExpand(attribute.Id, out var iri) ? iri : attribute.Id);
                    if (Encoding.UTF8.GetByteCount(name) > MaxAttributeNameBytes)
                    {
                        problems.Add(new ValidationProblem(at + "/id", "master-data", $"an attribute name is longer than {MaxAttributeNameBytes} bytes"));
                        continue;
                    }
                    // A null or absent value is no attribute (HASATTR_ asks for a non-null one): given anew, it clears the old values.
                    var value = attribute.Attribute ?? default;
                    var stored = value.Kind switch
                    {
                        JsonValueKind.Null or JsonValueKind.Undefined => LocationAttributeValues.Cleared,
                        JsonValueKind.String => LocationAttributeValues.OfString(value.Element.GetString()!),
                        JsonValueKind.Number when value.Element.TryGetDouble(out var number) && double.IsFinite(number) => LocationAttributeValues.OfNumber(number),
                        JsonValueKind.True or JsonValueKind.False => LocationAttributeValues.OfBoolean(value.Kind == JsonValueKind.True),
                        _ => LocationAttributeValues.Other,
                    };
                    if (value.Kind == JsonValueKind.String && Encoding.UTF8.GetByteCount(value.Element.GetString()!) > MaxAttributeValueBytes)
                    {
                        problems.Add(new ValidationProblem(at + "/attribute", "master-data",
                            $"an attribute value is longer than {MaxAttributeValueBytes} bytes, which this repository compares; give a shorter value or an object"));
                        continue;
                    }
                    occurrences.Add((new LocationAttribute(vocabulary, element.Id, name, stored), (vocabulary, IdentifierConverter.Canonicalise(element.Id), name), v, e));
                }
            }
        }
        // An element given more than once (in one identifier form or two) has, for each attribute, the values of its last
        // occurrence that names it: as a later document's replace an earlier one's.
        var last = new Dictionary<(LocationVocabulary, string, string), (int, int)>();
        foreach (var o in occurrences)
        {
            last[o.Key] = (o.V, o.E);
        }
        var attributes = occurrences.Where(o => last[o.Key] == (o.V, o.E)).Select(o => o.Attribute).ToList();
        return (new LocationMasterData(children, attributes), problems);
    }

    /// <summary>
    /// The longest location identifier master data keeps: a hierarchy row holds three forms of one (parent, child, child
    /// as given), and PostgreSQL's b-tree takes a key of at most 2,704 bytes.
    /// </summary>
    private const int MaxLocationBytes = 800;

    /// <summary>An attribute row's key holds its name, its value and a form of the location: together under PostgreSQL's limit.</summary>
    private const int MaxAttributeNameBytes = 512;

    /// <summary>The longest string value kept (in UTF-8 bytes), with its 2-byte kind.</summary>
    private const int MaxAttributeValueBytes = 1024;

    public static IReadOnlyList<ValidationProblem> ValidateEvent(JsonElement evt, EpcisContext context, string pointer)
    {
        var problems = EpcisValidator.ValidateEvent(evt, context, pointer);
        // The category profile is checked only on events that are valid EPCIS: its pointers name the platform's fields.
        return problems.Any(p => !p.IsWarning) ? problems : [.. problems, .. ProfileCheck.Check(evt, context, pointer)];
    }

    /// <summary>
    /// The event as it will be stored: its eventID is the one given or, when absent, its CBV 2.0 canonical hash, so that a
    /// re-sent event is recognised; a recordTime sent by the client is dropped (the server sets it).
    /// </summary>
    /// <param name="detach">When true the result does not depend on the document <paramref name="evt"/> belongs to (it may be disposed).</param>
    public static (EventInput Input, string EventId) ToInput(JsonElement evt, EpcisContext context, bool detach = false)
    {
        var given = evt.TryGetProperty("eventID", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        // A UUID URN is stored in its one spelling (lower case), so that a re-send in another case is the same eventID.
        var canonical = given is null ? null : EventIdText.Canonical(given);
        if (given is not null && canonical == given && !evt.TryGetProperty("recordTime", out _))
        {
            return (new EventInput(detach ? evt.Clone() : evt, context), given);
        }
        var eventId = canonical ?? EventHash.Compute(evt, context);
        var writer = MinifiedJson.Begin();
        writer.WriteStartObject();
        writer.WriteString("eventID", eventId);
        foreach (var property in evt.EnumerateObject())
        {
            if (property.NameEquals("eventID") || property.NameEquals("recordTime"))
            {
                continue;
            }
            property.WriteTo(writer);
        }
        writer.WriteEndObject();
        // Minified: the worker holds many accepted events in memory.
        return (new EventInput(MinifiedJson.EndToElement(writer), context), eventId);
    }

    public static string Describe(JsonException e)
    {
        var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return $"not valid JSON{where}: {(cut > 0 ? message[..cut] : message).Trim()}";
    }
}
