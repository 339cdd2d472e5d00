using System.Text.Json;
using Suyuan.Core.Epcis;

namespace Suyuan.Storage;

/// <summary>One event to store: its JSON object and the JSON-LD context of the document it came in (for extension names and CURIEs).</summary>
public sealed record EventInput(JsonElement Event, EpcisContext Context)
{
    public EventInput(JsonElement evt) : this(evt, EpcisContext.Default) { }
}

public enum AppendStatus
{
    Stored,
    /// <summary>The same eventID with the same content is already stored: skipped.</summary>
    Duplicate,
    /// <summary>The eventID is already stored with different content: refused.</summary>
    Conflict,
    /// <summary>The event lacks what the store needs (eventID, type, eventTime...): refused.</summary>
    Invalid,
}

/// <summary>What happened to one event of a batch (index = position in the batch).</summary>
/// <param name="Pointer">Where in the event the refused value is (a JSON pointer from the event's root), when known.</param>
public sealed record EventOutcome(int Index, string? EventId, AppendStatus Status, string? Message = null, string? Pointer = null);

public sealed record AppendResult(IReadOnlyList<EventOutcome> Outcomes)
{
    public int Stored => Outcomes.Count(o => o.Status == AppendStatus.Stored);
    public int Duplicates => Outcomes.Count(o => o.Status == AppendStatus.Duplicate);
    public int Refused => Outcomes.Count(o => o.Status is AppendStatus.Conflict or AppendStatus.Invalid);
    /// <summary>True when every event was stored or was an identical duplicate.</summary>
    public bool Accepted => Refused == 0;
}

/// <summary>A stored event as captured (minified UTF-8 JSON) with what the server added.</summary>
/// <param name="Context">The document's own prefixes and terms as a JSON object, or null when it used only the GS1 context.</param>
public sealed record StoredEvent(string EventId, DateTimeOffset RecordTime, ReadOnlyMemory<byte> Json, string? Context, string? JobId)
{
    public string JsonText => System.Text.Encoding.UTF8.GetString(Json.Span);
}

/// <summary>A stored event with its place in the store's commit order (increasing, not contiguous).</summary>
public sealed record FeedEvent(long Sequence, StoredEvent Event);

/// <summary>One page of a query result; <see cref="NextPageToken"/> is known before the events are read.</summary>
public sealed record EventPage(string? NextPageToken, int Count, IAsyncEnumerable<StoredEvent> Events);

public enum CaptureJobStatus
{
    Running,
    Success,
    Failed,
}

/// <summary>One problem of a capture job.</summary>
/// <param name="Status">The HTTP status the problem would have had on its own: 400 a refused event, 409 an eventID stored with other content, 500 the server's failure.</param>
/// <param name="Warning">A recommendation the event did not follow; it was stored, and the job still succeeds.</param>
public sealed record CaptureJobError(string? EventId, string? Pointer, string Message, int Status = 400, bool Warning = false);

public sealed record CaptureJob(
    string Id,
    CaptureJobStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    int EventsTotal,
    int EventsStored,
    int Duplicates,
    int Errors,
    IReadOnlyList<CaptureJobError> ErrorList,
    bool Proceed = false,
    string? Enterprise = null);

/// <summary>More events match than the query's maxEventCount allows (EPCIS QueryTooLargeException).</summary>
public sealed class QueryTooLargeException(int maxEventCount)
    : Exception($"more than maxEventCount={maxEventCount} events match the query")
{
    public int MaxEventCount { get; } = maxEventCount;
}

/// <summary>The hierarchy of master data a location vocabulary's <c>children</c> give.</summary>
public enum LocationVocabulary : short
{
    /// <summary><c>urn:epcglobal:epcis:vtype:ReadPoint</c>: followed by <c>WD_readPoint</c>.</summary>
    ReadPoint = 1,
    /// <summary><c>urn:epcglobal:epcis:vtype:BusinessLocation</c>: followed by <c>WD_bizLocation</c>.</summary>
    BusinessLocation = 2,
}

/// <summary>One location directly inside another, as a document's master data says.</summary>
public sealed record LocationChild(LocationVocabulary Vocabulary, string Parent, string Child);

/// <summary>
/// One master data attribute of a location, as a document's master data gives it (a vocabulary element's <c>attributes</c>):
/// what <c>HASATTR_readPoint</c> and <c>EQ_ATTR_bizLocation_{name}</c> ask about.
/// </summary>
/// <param name="Name">The attribute's IRI, expanded by the document's context (<c>cbvmda:sst</c> → <c>urn:epcglobal:cbv:mda:sst</c>).</param>
/// <param name="Value">The value in its stored form (<see cref="LocationAttributeValues"/>).</param>
public sealed record LocationAttribute(LocationVocabulary Vocabulary, string Element, string Name, string Value);

/// <summary>What a document's master data says of locations: the hierarchy and the attributes, stored with its events.</summary>
public sealed record LocationMasterData(IReadOnlyList<LocationChild> Children, IReadOnlyList<LocationAttribute> Attributes)
{
    public static readonly LocationMasterData None = new([], []);

    public bool IsEmpty => Children.Count == 0 && Attributes.Count == 0;
}

/// <summary>
/// How an attribute is named and its value stored and compared: a string as <c>s:</c> and its text, a number as <c>n:</c>
/// and its shortest round-trip form as a double (so <c>5</c>, <c>5.0</c> and <c>5e0</c> are one), a boolean as <c>b:true</c>
/// or <c>b:false</c>, any other value (an object, an array) as <c>o:</c> alone: it has the attribute, for <c>HASATTR_</c>,
/// but equals no value given to <c>EQ_ATTR_</c>. A null value, <see cref="Cleared"/>, is no attribute: given anew, it
/// removes the element's earlier values.
/// </summary>
public static class LocationAttributeValues
{
    public const string Other = "o:";

    /// <summary>A null value: the attribute is removed, not stored.</summary>
    public const string Cleared = "";

    public static string OfString(string text) => "s:" + text;

    public static string OfBoolean(bool value) => value ? "b:true" : "b:false";

    /// <summary>A finite number's stored form; negative zero is zero.</summary>
    public static string OfNumber(double number) => "n:" + (number == 0 ? 0d : number).ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The stored values a value given to <c>EQ_ATTR_</c> equals: the string, and the number or boolean it reads as.</summary>
    public static IEnumerable<string> Matching(string given)
    {
        yield return OfString(given);
        if (double.TryParse(given, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            yield return OfNumber(number);
        }
        if (given is "true" or "false")
        {
            yield return OfBoolean(given == "true");
        }
    }

    private const string MasterDataNamespace = "urn:epcglobal:cbv:mda:";

    /// <summary>
    /// An attribute's IRI in one spelling: CBV 1.x wrote the master data attributes <c>urn:epcglobal:cbv:mda#sst</c>, CBV 2.0
    /// (and the EPCIS 2.0 context's <c>cbvmda:</c>) <c>urn:epcglobal:cbv:mda:sst</c>; both are the latter.
    /// </summary>
    public static string Name(string iri) =>
        iri.StartsWith("urn:epcglobal:cbv:mda#", StringComparison.Ordinal) ? string.Concat(MasterDataNamespace, iri.AsSpan("urn:epcglobal:cbv:mda#".Length)) : iri;
}
