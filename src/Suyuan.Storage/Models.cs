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
