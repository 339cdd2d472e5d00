namespace Suyuan.Core.Epcis;

/// <summary>An EPCISDocument (capture) or an EPCISQueryDocument (query results).</summary>
public enum EpcisDocumentKind
{
    Document,
    QueryDocument,
}

/// <summary>
/// An EPCIS 2.0 document: its <c>@context</c> as given, the envelope fields, the optional header with master data,
/// and its events (from <c>epcisBody.eventList</c>, or <c>epcisBody.queryResults.resultsBody.eventList</c> in a query document).
/// </summary>
public sealed record EpcisDocument
{
    public EpcisDocumentKind Kind { get; init; } = EpcisDocumentKind.Document;

    /// <summary>The document's <c>@context</c> exactly as written; written back unchanged.</summary>
    public required JsonLiteral Context { get; init; }

    public string? Id { get; init; }

    public string? SchemaVersion { get; init; }

    public DateTimeOffset? CreationDate { get; init; }

    public string? InstanceIdentifier { get; init; }

    public string? Sender { get; init; }

    public string? Receiver { get; init; }

    public EpcisHeader? Header { get; init; }

    /// <summary>Query documents only: the query's name, subscription and vocabularies.</summary>
    public QueryResults? QueryResults { get; init; }

    public ValueList<EpcisEvent> Events { get; init; } = ValueList<EpcisEvent>.Empty;

    /// <summary>Extension fields at the document's top level.</summary>
    public ValueList<EpcisExtension> Extensions { get; init; } = ValueList<EpcisExtension>.Empty;

    /// <summary>Extension fields inside <c>epcisBody</c>.</summary>
    public ValueList<EpcisExtension> BodyExtensions { get; init; } = ValueList<EpcisExtension>.Empty;
}

/// <summary>The <c>epcisHeader</c>: master data and extension fields.</summary>
public sealed record EpcisHeader
{
    public EpcisMasterData? MasterData { get; init; }

    public ValueList<EpcisExtension> Extensions { get; init; } = ValueList<EpcisExtension>.Empty;
}

/// <summary><c>epcisMasterData</c>: vocabularies describing the identifiers the events use.</summary>
public sealed record EpcisMasterData
{
    public ValueList<Vocabulary>? VocabularyList { get; init; }

    public ValueList<EpcisExtension> Extensions { get; init; } = ValueList<EpcisExtension>.Empty;
}

/// <summary>The <c>queryResults</c> of a query document.</summary>
public sealed record QueryResults
{
    public string? QueryName { get; init; }

    public string? SubscriptionId { get; init; }

    /// <summary>The <c>resultsBody.vocabularyList</c> (master data returned by a master data query).</summary>
    public ValueList<Vocabulary>? VocabularyList { get; init; }

    public ValueList<EpcisExtension> Extensions { get; init; } = ValueList<EpcisExtension>.Empty;

    /// <summary>Extension fields inside <c>resultsBody</c>.</summary>
    public ValueList<EpcisExtension> ResultsBodyExtensions { get; init; } = ValueList<EpcisExtension>.Empty;
}

/// <summary>One vocabulary of master data (e.g. <c>urn:epcglobal:epcis:vtype:BusinessLocation</c>) and its elements.</summary>
public sealed record Vocabulary(string Type)
{
    public ValueList<VocabularyElement>? VocabularyElementList { get; init; }

    public ValueList<EpcisExtension> Extensions { get; init; } = ValueList<EpcisExtension>.Empty;
}

/// <summary>One identifier's master data: its attributes and the identifiers it contains.</summary>
public sealed record VocabularyElement(string Id)
{
    public ValueList<VocabularyAttribute>? Attributes { get; init; }

    public ValueList<string>? Children { get; init; }

    public ValueList<EpcisExtension> Extensions { get; init; } = ValueList<EpcisExtension>.Empty;
}

/// <summary>One master data attribute: its IRI and its value as given (string, number or object).</summary>
public sealed record VocabularyAttribute(string Id, JsonLiteral? Attribute);
