using Suyuan.Storage.Query;

namespace Suyuan.Storage;

/// <summary>
/// The EPCIS event repository: events as captured, their query index, and capture jobs.
/// SQLite (embedded, one file) and PostgreSQL implement it; both run their numbered migrations when opened.
/// </summary>
public interface IEventStore : IAsyncDisposable
{
    /// <summary>Stores one batch atomically: when any event is refused (conflict or invalid) nothing is stored.</summary>
    Task<AppendResult> AppendAsync(IReadOnlyList<EventInput> batch, CancellationToken ct = default);

    /// <summary>
    /// Opens a write transaction for one capture (one or many batches). Nothing is visible until
    /// <see cref="ICaptureTransaction.CommitAsync"/>; disposing without committing rolls everything back.
    /// </summary>
    Task<ICaptureTransaction> BeginCaptureAsync(string? jobId, CancellationToken ct = default);

    /// <summary>Finds the events matching a query, ordered, one page at a time.</summary>
    Task<EventPage> QueryAsync(EpcisQuery query, CancellationToken ct = default);

    /// <param name="enterprise">The USCC of the enterprise that sent the job, when an enterprise did.</param>
    Task<CaptureJob> CreateJobAsync(bool proceed = false, string? enterprise = null, CancellationToken ct = default);

    /// <summary>Records a job's outcome outside a capture transaction (typically 'failed' after a rollback).</summary>
    Task UpdateJobAsync(CaptureJob job, CancellationToken ct = default);

    Task<CaptureJob?> GetJobAsync(string jobId, CancellationToken ct = default);

    /// <summary>Jobs newest first; after a job (by its id), those older than it.</summary>
    /// <param name="enterprise">Only the jobs this enterprise (USCC) sent; null: every party's.</param>
    Task<IReadOnlyList<CaptureJob>> ListJobsAsync(int limit = 100, CancellationToken ct = default, string? after = null, string? enterprise = null);

    /// <summary>Stores a named query; false when its owner has a query of that name (nothing is changed).</summary>
    Task<bool> CreateNamedQueryAsync(NamedQuery query, CancellationToken ct = default);

    /// <summary>The owner's query of that name.</summary>
    Task<NamedQuery?> GetNamedQueryAsync(string owner, string name, CancellationToken ct = default);

    /// <summary>The owner's named queries in ordinal name order, those after <paramref name="after"/> (keyset paging).</summary>
    Task<IReadOnlyList<NamedQuery>> ListNamedQueriesAsync(string owner, string? after, int limit, CancellationToken ct = default);

    /// <summary>False when the owner has no query of that name.</summary>
    Task<bool> DeleteNamedQueryAsync(string owner, string name, CancellationToken ct = default);

    /// <summary>Distinct values of a resource in stored events (vocabulary values as full CBV URIs), ordinal order, those after <paramref name="after"/>.</summary>
    /// <param name="places">When given, only events that name one of these places or parties (canonical ids) count: what one reader may see.</param>
    Task<IReadOnlyList<string>> ListResourceValuesAsync(EventResource resource, string? after, int limit, IReadOnlyCollection<string>? places = null, CancellationToken ct = default);

    /// <summary>Whether some stored event holds the value as that resource (bizSteps and dispositions in any CBV form).</summary>
    /// <param name="places">When given, only events that name one of these places or parties (canonical ids) count.</param>
    Task<bool> ResourceValueExistsAsync(EventResource resource, string value, IReadOnlyCollection<string>? places = null, CancellationToken ct = default);

    /// <summary>Stored events in commit order after <paramref name="afterSequence"/> (0 = from the start), at most <paramref name="limit"/>: the feed derived views follow.</summary>
    Task<IReadOnlyList<FeedEvent>> ReadFeedAsync(long afterSequence, int limit, CancellationToken ct = default);

    /// <summary>The sequence of the last stored event (0 when there is none): where the feed ends now.</summary>
    Task<long> LastFeedSequenceAsync(CancellationToken ct = default);
}

/// <summary>A store that wraps another (instrumentation, fault injection): the recall registry, lineage and feature tables are the inner store's.</summary>
public interface IEventStoreDecorator
{
    IEventStore Inner { get; }
}

/// <summary>One open write transaction; the single writer of the store while it lives.</summary>
public interface ICaptureTransaction : IAsyncDisposable
{
    /// <summary>
    /// Appends events: new ones are stored, identical re-sends are reported as duplicates, and an eventID already
    /// stored with other content is refused. The caller decides whether refusals abort the capture (dispose) or not.
    /// </summary>
    Task<AppendResult> AppendAsync(IReadOnlyList<EventInput> batch, CancellationToken ct = default);

    /// <summary>
    /// Appends a batch indexed beforehand with <see cref="PreparedEvents.Prepare"/>, which needs no database and may run
    /// on another thread while this transaction stores earlier batches; the same as appending its inputs.
    /// </summary>
    Task<AppendResult> AppendAsync(PreparedEvents batch, CancellationToken ct = default) => AppendAsync(batch.Inputs, ct);

    /// <summary>
    /// Records what a document's master data says of locations, committed with the events: the hierarchy (a vocabulary
    /// element's <c>children</c>), which <c>WD_readPoint</c> and <c>WD_bizLocation</c> follow, a pair recorded before kept
    /// once; and the attributes, which <c>HASATTR_</c> and <c>EQ_ATTR_</c> ask about, an attribute given anew for an
    /// element replacing the values it had.
    /// </summary>
    Task AddLocationMasterDataAsync(LocationMasterData data, CancellationToken ct = default);

    /// <summary>Commits the events; when the transaction belongs to a job, the job's final state commits with them.</summary>
    /// <param name="eventsRefusedBefore">Events of the job's document refused before they reached the store (invalid, under
    /// proceed): counted in the job's total with those appended.</param>
    Task CommitAsync(CaptureJobStatus jobStatus = CaptureJobStatus.Success, IReadOnlyList<CaptureJobError>? jobErrors = null, int eventsRefusedBefore = 0, CancellationToken ct = default);
}
