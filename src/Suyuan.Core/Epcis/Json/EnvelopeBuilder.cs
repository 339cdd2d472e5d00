using System.Text.Json;
using static Suyuan.Core.Epcis.Json.JsonRead;

namespace Suyuan.Core.Epcis.Json;

/// <summary>Where an envelope field sits in a document.</summary>
internal enum EnvelopePart
{
    Root,
    Body,
    QueryResults,
    ResultsBody,
}

/// <summary>
/// Collects a document's fields other than its events, in any order, and interprets them once the whole
/// <c>@context</c> is known (it may come after the body). Shared by the whole-document and the streaming reader.
/// </summary>
internal sealed class EnvelopeBuilder
{
    private const string BodyPointer = "/epcisBody";
    private const string QueryResultsPointer = "/epcisBody/queryResults";
    private const string ResultsBodyPointer = "/epcisBody/queryResults/resultsBody";

    private readonly List<(EnvelopePart Part, string Name, JsonElement Value)> _fields = [];
    private bool _sawBody;
    private bool _sawEventList;
    private bool _sawQueryResults;
    private bool _sawResultsBody;

    public void Add(EnvelopePart part, string name, JsonElement value) => _fields.Add((part, name, value));

    public void SawBody() => _sawBody = true;

    public void SawEventList(EnvelopePart part)
    {
        if (part == EnvelopePart.Body && _sawQueryResults || _sawEventList)
        {
            throw new EpcisFormatException(part == EnvelopePart.Body ? "/epcisBody/eventList" : ResultsBodyPointer + "/eventList", "a document has one eventList");
        }
        _sawEventList = true;
    }

    public void SawQueryResults()
    {
        if (_sawEventList || _sawQueryResults)
        {
            throw new EpcisFormatException(QueryResultsPointer, "queryResults cannot sit beside an eventList in epcisBody");
        }
        _sawQueryResults = true;
    }

    public void SawResultsBody() => _sawResultsBody = true;

    /// <summary>The schema's version pattern, ^\d+(\.\d+)*$.</summary>
    private static bool IsVersion(string value) =>
        value.Length > 0 && value.Split('.').All(part => part.Length > 0 && part.All(char.IsAsciiDigit));

    public EpcisDocument Build(JsonElement contextElement, EpcisContext context, ValueList<EpcisEvent> events)
    {
        if (!_sawBody)
        {
            throw new EpcisFormatException(BodyPointer, "epcisBody is missing");
        }
        var kind = _sawQueryResults ? EpcisDocumentKind.QueryDocument : EpcisDocumentKind.Document;
        string? id = null, schemaVersion = null, instanceIdentifier = null, sender = null, receiver = null, queryName = null, subscriptionId = null;
        DateTimeOffset? creationDate = null;
        var sawType = false;
        EpcisHeader? header = null;
        ValueList<Vocabulary>? resultsVocabularies = null;
        List<EpcisExtension>? rootExtensions = null, bodyExtensions = null, queryExtensions = null, resultsExtensions = null;
        foreach (var (part, name, value) in _fields)
        {
            var property = new NamedValue(name, value);
            switch (part)
            {
                case EnvelopePart.Root:
                    switch (name)
                    {
                        case "@context": break;
                        case "type":
                            sawType = true;
                            var declared = String(value, "", name) switch
                            {
                                "EPCISDocument" => EpcisDocumentKind.Document,
                                "EPCISQueryDocument" => EpcisDocumentKind.QueryDocument,
                                var other => throw Fail("", name, $"type '{other}' is neither EPCISDocument nor EPCISQueryDocument"),
                            };
                            if (declared != kind)
                            {
                                throw new EpcisFormatException(BodyPointer, declared == EpcisDocumentKind.QueryDocument
                                    ? "an EPCISQueryDocument holds its events in epcisBody.queryResults.resultsBody.eventList"
                                    : "an EPCISDocument holds its events in epcisBody.eventList, not in queryResults");
                            }
                            break;
                        case "id": id = String(value, "", name); break;
                        case "schemaVersion": schemaVersion = String(value, "", name); break;
                        case "creationDate": creationDate = Time(value, "", name); break;
                        case "instanceIdentifier": instanceIdentifier = String(value, "", name); break;
                        case "sender": sender = String(value, "", name); break;
                        case "receiver": receiver = String(value, "", name); break;
                        case "epcisHeader": header = ReadHeader(value, context); break;
                        default: Extend(ref rootExtensions, property, context, ""); break;
                    }
                    break;
                case EnvelopePart.Body:
                    Extend(ref bodyExtensions, property, context, BodyPointer);
                    break;
                case EnvelopePart.QueryResults:
                    switch (name)
                    {
                        case "queryName": queryName = String(value, QueryResultsPointer, name); break;
                        case "subscriptionID": subscriptionId = String(value, QueryResultsPointer, name); break;
                        default: Extend(ref queryExtensions, property, context, QueryResultsPointer); break;
                    }
                    break;
                case EnvelopePart.ResultsBody:
                    if (name == "vocabularyList")
                    {
                        resultsVocabularies = List(value, ResultsBodyPointer, name, (item, at) => ReadVocabulary(item, context, at));
                    }
                    else
                    {
                        Extend(ref resultsExtensions, property, context, ResultsBodyPointer);
                    }
                    break;
            }
        }
        if (kind == EpcisDocumentKind.Document)
        {
            // EPCIS 2.0 JSON schema, epcisDocument.required (an EPCISQueryDocument requires neither version nor date).
            foreach (var (member, present) in new[] { ("type", sawType), ("schemaVersion", schemaVersion is not null), ("creationDate", creationDate is not null) })
            {
                if (!present)
                {
                    throw new EpcisFormatException("/" + member, $"{member} is missing: an EPCISDocument names its type, schemaVersion (\"2.0\") and creationDate");
                }
            }
        }
        if (schemaVersion is not null && !IsVersion(schemaVersion))
        {
            throw new EpcisFormatException("/schemaVersion", $"schemaVersion '{schemaVersion}' is not a version number such as \"2.0\"");
        }
        if (kind == EpcisDocumentKind.Document && !_sawEventList)
        {
            throw new EpcisFormatException(BodyPointer + "/eventList", "eventList is missing");
        }
        if (kind == EpcisDocumentKind.QueryDocument && (!_sawResultsBody || !_sawEventList))
        {
            throw new EpcisFormatException(_sawResultsBody ? ResultsBodyPointer + "/eventList" : ResultsBodyPointer, "an EPCISQueryDocument needs queryResults.resultsBody.eventList");
        }
        return new EpcisDocument
        {
            Kind = kind,
            Context = new JsonLiteral(contextElement.Clone()),
            Id = id,
            SchemaVersion = schemaVersion,
            CreationDate = creationDate,
            InstanceIdentifier = instanceIdentifier,
            Sender = sender,
            Receiver = receiver,
            Header = header,
            QueryResults = kind == EpcisDocumentKind.QueryDocument
                ? new QueryResults
                {
                    QueryName = queryName,
                    SubscriptionId = subscriptionId,
                    VocabularyList = resultsVocabularies,
                    Extensions = Seal(queryExtensions),
                    ResultsBodyExtensions = Seal(resultsExtensions),
                }
                : null,
            Events = events,
            Extensions = Seal(rootExtensions),
            BodyExtensions = Seal(bodyExtensions),
        };
    }

    private readonly record struct NamedValue(string Name, JsonElement Value);

    private static void Extend(ref List<EpcisExtension>? extensions, NamedValue property, EpcisContext context, string pointer)
    {
        var ns = NamespaceOf(property.Name, context);
        if (ns is null && !property.Name.Contains(':'))
        {
            throw Fail(pointer, property.Name, $"unknown field '{property.Name}': extension fields need a namespace prefix declared in @context");
        }
        (extensions ??= []).Add(new EpcisExtension(property.Name, ns, new JsonLiteral(property.Value.Clone())));
    }

    private static EpcisHeader ReadHeader(JsonElement value, EpcisContext context)
    {
        Object(value, "", "epcisHeader");
        const string pointer = "/epcisHeader";
        EpcisMasterData? masterData = null;
        List<EpcisExtension>? extensions = null;
        foreach (var p in value.EnumerateObject())
        {
            if (p.NameEquals("epcisMasterData"))
            {
                masterData = ReadMasterData(p.Value, context, pointer);
            }
            else
            {
                AddExtension(ref extensions, p, context, pointer);
            }
        }
        return new EpcisHeader { MasterData = masterData, Extensions = Seal(extensions) };
    }

    private static EpcisMasterData ReadMasterData(JsonElement value, EpcisContext context, string parent)
    {
        Object(value, parent, "epcisMasterData");
        var pointer = Child(parent, "epcisMasterData");
        ValueList<Vocabulary>? vocabularies = null;
        List<EpcisExtension>? extensions = null;
        foreach (var p in value.EnumerateObject())
        {
            if (p.NameEquals("vocabularyList"))
            {
                vocabularies = List(p.Value, pointer, "vocabularyList", (item, at) => ReadVocabulary(item, context, at));
            }
            else
            {
                AddExtension(ref extensions, p, context, pointer);
            }
        }
        return new EpcisMasterData { VocabularyList = vocabularies, Extensions = Seal(extensions) };
    }

    private static Vocabulary ReadVocabulary(JsonElement value, EpcisContext context, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new EpcisFormatException(pointer, "a vocabulary must be an object");
        }
        string? type = null;
        ValueList<VocabularyElement>? elements = null;
        List<EpcisExtension>? extensions = null;
        foreach (var p in value.EnumerateObject())
        {
            switch (p.Name)
            {
                case "type": type = String(p.Value, pointer, p.Name); break;
                case "vocabularyElementList": elements = List(p.Value, pointer, p.Name, (item, at) => ReadVocabularyElement(item, context, at)); break;
                default: AddExtension(ref extensions, p, context, pointer); break;
            }
        }
        return new Vocabulary(type ?? throw Fail(pointer, "type", "the vocabulary type is missing"))
        {
            VocabularyElementList = elements,
            Extensions = Seal(extensions),
        };
    }

    private static VocabularyElement ReadVocabularyElement(JsonElement value, EpcisContext context, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new EpcisFormatException(pointer, "a vocabulary element must be an object");
        }
        string? id = null;
        ValueList<VocabularyAttribute>? attributes = null;
        ValueList<string>? children = null;
        List<EpcisExtension>? extensions = null;
        foreach (var p in value.EnumerateObject())
        {
            switch (p.Name)
            {
                case "id": id = String(p.Value, pointer, p.Name); break;
                case "attributes": attributes = List(p.Value, pointer, p.Name, ReadAttribute); break;
                case "children": children = Strings(p.Value, pointer, p.Name); break;
                default: AddExtension(ref extensions, p, context, pointer); break;
            }
        }
        return new VocabularyElement(id ?? throw Fail(pointer, "id", "the vocabulary element id is missing"))
        {
            Attributes = attributes,
            Children = children,
            Extensions = Seal(extensions),
        };
    }

    private static VocabularyAttribute ReadAttribute(JsonElement value, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new EpcisFormatException(pointer, "a master data attribute must be an object");
        }
        string? id = null;
        JsonLiteral? attribute = null;
        foreach (var p in value.EnumerateObject())
        {
            switch (p.Name)
            {
                case "id": id = String(p.Value, pointer, p.Name); break;
                case "attribute": attribute = new JsonLiteral(p.Value.Clone()); break;
                default: throw Fail(pointer, p.Name, $"'{p.Name}' is not a field of a master data attribute (id, attribute)");
            }
        }
        return new VocabularyAttribute(id ?? throw Fail(pointer, "id", "the attribute id is missing"), attribute);
    }
}
