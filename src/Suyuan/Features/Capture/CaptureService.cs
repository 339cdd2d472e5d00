using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Core.Epcis;
using Suyuan.Core.Epcis.Json;
using ValidationProblem = Suyuan.Core.Epcis.ValidationProblem;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Hosting.Projections;
using Suyuan.Storage;

namespace Suyuan.Features.Capture;

/// <summary>
/// Accepts capture documents: spools the body to disk (bounded), validates every event while streaming it, then hands
/// the job to <see cref="CaptureWorker"/>. A refused document leaves nothing behind; an accepted one is on disk before 202.
/// </summary>
internal sealed class CaptureService(IEventStore store, ServeOptions options, ProjectionRunner views, ILogger<CaptureService> log)
{
    /// <summary>
    /// Events prepared while checking are kept for the worker up to this many in all; beyond, it re-reads the spool. One
    /// document of the largest size allowed (10,000 events by default) plus a little: 12,000 gave the same throughput as
    /// 20,000 and 14–17 MiB less peak memory (docs/benchmarks.md, "Peak memory depends on the cache size…").
    /// </summary>
    internal const int PreparedEventBudget = 12_000;

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PreparedEvents> _prepared = new();

    /// <summary>Jobs this process accepted: the start-up resumption is for an earlier process's jobs, never for these.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _acceptedHere = new(StringComparer.Ordinal);

    /// <summary>Uploads of this process are named with it, so the start-up clean-up never takes one that is arriving now.</summary>
    private readonly string _incomingPrefix = "incoming-" + Guid.NewGuid().ToString("N")[..12] + "-";
    private int _preparedCount;
    private long _preparedBytes;

    private long _indexedDocuments;

    /// <summary>Documents whose batches were indexed at acceptance, since the start.</summary>
    internal long IndexedDocuments => Interlocked.Read(ref _indexedDocuments);

    /// <summary>Bytes of documents whose prepared events wait for the worker (0 when none do).</summary>
    internal long PreparedBytes => Interlocked.Read(ref _preparedBytes);

    /// <summary>
    /// A job's valid events with their identity, and once the whole document is checked, indexed in the writer's batches:
    /// the worker skips parsing, hashing and indexing them again, and only stores them.
    /// </summary>
    internal sealed record PreparedEvents(List<EventInput> Inputs, List<string> Pointers)
    {
        /// <summary>The size of the document, reserved in <see cref="ServeOptions.CapturePreparedByteBudget"/> until the worker takes the events.</summary>
        public long Bytes { get; set; }

        /// <summary>
        /// <see cref="Inputs"/> in batches of <see cref="CaptureWorker.BatchSize"/>, each indexed for the store; empty until the
        /// check ends, and when the byte budget had no room for them (the worker indexes the events then).
        /// </summary>
        public List<Storage.PreparedEvents?> Batches { get; } = [];
    }

    public ChannelReader<string> Queue => _queue.Reader;

    public string SpoolDirectory { get; } = Path.Combine(options.DataDirectory, "spool");

    public sealed record Acceptance(CaptureJob? Job, ProblemHttpResult? Problem);

    /// <param name="Declaration">The sent event's error declaration in its one compared form (null: none), which tells its row among those under its eventID.</param>
    public sealed record SingleOutcome(string? EventId, bool Duplicate, ProblemHttpResult? Problem, IReadOnlyList<ValidationProblem>? Warnings = null, string? Declaration = null);

    /// <param name="gate">For an enterprise: which events it may capture; one it may not refuses the whole document (403).</param>
    /// <param name="accepted">
    /// Runs once the job is on disk, before the worker may start it: the caller's own writes (its audit row) go here, as the
    /// worker holds the store's write lock for the whole job and would otherwise hold up the acknowledgement until it ends.
    /// When it fails, the job is not started (it ends failed, nothing stored) and the answer is a 503.
    /// </param>
    /// <param name="enterprise">The USCC of the enterprise sending the document, when one is: the job is then its to read.</param>
    public async Task<Acceptance> AcceptDocumentAsync(Stream body, long? length, CaptureErrorBehaviour behaviour, CancellationToken ct, CaptureGate? gate = null,
        Func<Task>? accepted = null, string? enterprise = null)
    {
        if (length > options.CaptureFileSizeLimit)
        {
            return new(null, TooLarge());
        }
        Directory.CreateDirectory(SpoolDirectory);
        var spool = Path.Combine(SpoolDirectory, _incomingPrefix + Guid.NewGuid().ToString("N") + ".json");
        var keep = false;
        PreparedEvents? prepared = null;
        try
        {
            var spooled = await SpoolAsync(body, spool, ct);
            if (!spooled)
            {
                return new(null, TooLarge());
            }
            var size = new FileInfo(spool).Length;
            await WaitForRoomAsync(size, ct);
            var check = await CheckAsync(spool, size, behaviour, ct, gate);
            prepared = check.Prepared;
            if (check.Problem is { } refused)
            {
                return new(null, refused);
            }
            var errors = check.Problems.Where(p => !p.IsWarning).ToList();
            if (errors.Count > 0 && (behaviour == CaptureErrorBehaviour.Rollback || check.ValidEvents == 0))
            {
                return new(null, Problems.BadRequest(
                    $"the document has {errors.Count} problem{(errors.Count == 1 ? "" : "s")}; nothing was stored. First: {errors[0].Pointer} {errors[0].Message}",
                    errors[0].Pointer, check.Problems.Take(100)));
            }
            var job = await store.CreateJobAsync(behaviour == CaptureErrorBehaviour.Proceed, enterprise, ct);
            _acceptedHere[job.Id] = 0;
            var jobFile = JobFile(job.Id);
            await WriteManifestAsync(job.Id, behaviour, check.InvalidIndexes, check.Problems, check.EventIds, check.ValidEvents + check.InvalidIndexes.Count, check.MasterData, ct);
            File.Move(spool, jobFile);
            keep = true;
            if (prepared is not null)
            {
                _prepared[job.Id] = prepared;
                prepared = null;
            }
            if (accepted is not null)
            {
                try
                {
                    await accepted();
                }
                catch (Exception e)
                {
                    // The caller's step (the request's audit row) failed before the job could start: a write the audit log does
                    // not record is not made. The job ends failed, its files go, and the client is told to send it again.
                    log.LogError(e, "Capture job {Job} was not started: the step before it failed", job.Id);
                    keep = false;
                    _acceptedHere.TryRemove(job.Id, out _);
                    if (_prepared.TryRemove(job.Id, out var unused))
                    {
                        Release(unused);
                    }
                    TryDelete(jobFile);
                    TryDelete(ManifestFile(job.Id));
                    await store.UpdateJobAsync(job with
                    {
                        Status = CaptureJobStatus.Failed, FinishedAt = DateTimeOffset.UtcNow, Errors = 1,
                        ErrorList = [new CaptureJobError(null, null, "the audit log could not be written, so the capture was not started; nothing was stored; send the document again", StatusCodes.Status503ServiceUnavailable)],
                    }, CancellationToken.None);
                    return new(null, Problems.Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                        "the audit log could not be written, so the capture was not started and nothing was stored; send the document again", ""));
                }
            }
            _queue.Writer.TryWrite(job.Id);
            return new(job, null);
        }
        finally
        {
            if (!keep)
            {
                TryDelete(spool);
            }
            Release(prepared);
        }
    }

    /// <param name="accepted">
    /// Runs once the event is found valid and the sender may capture it, before it is stored: the caller's audit row goes
    /// here, so that no event is stored without one. When it fails, nothing is stored and the answer is a 503.
    /// </param>
    public async Task<SingleOutcome> CaptureSingleEventAsync(Stream body, long? length, CancellationToken ct, CaptureGate? gate = null, Func<Task>? accepted = null)
    {
        if (length > options.CaptureFileSizeLimit)
        {
            return new(null, false, TooLarge());
        }
        using var buffer = new MemoryStream();
        if (!await CopyBoundedAsync(body, buffer, ct))
        {
            return new(null, false, TooLarge());
        }
        JsonDocument doc;
        try
        {
            // A UTF-8 byte order mark, as some editors and tools write one, is not part of the JSON (RFC 8259 §8.1 lets a parser ignore it).
            var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            doc = JsonDocument.Parse(bytes.Span.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes, EventSource.JsonOptions);
        }
        catch (JsonException e)
        {
            return new(null, false, Problems.BadRequest(EventSource.Describe(e), ""));
        }
        using (doc)
        {
            if (JsonTextCheck.FindInvalid(doc.RootElement) is { } invalid)
            {
                return new(null, false, Problems.BadRequest(JsonTextCheck.Describe(invalid, "the event"), invalid));
            }
            // A member named twice: the event as its last occurrence says, everywhere (DuplicateMembers).
            var root = DuplicateMembers.LastWins(doc.RootElement);
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            // An extension event (its type an absolute URI) is taken here as /capture takes it in a document.
            if (!EpcisEvents.IsEventType(type) && !EpcisEvents.IsExtensionEventType(type))
            {
                return new(null, false, Problems.BadRequest("POST /events takes one EPCIS event (type ObjectEvent, AggregationEvent, TransformationEvent, AssociationEvent or TransactionEvent, or an extension event's URI); send documents to /capture", "/type"));
            }
            EpcisContext context;
            try
            {
                context = EpcisContext.FromDocument(root, contextRequired: false);
            }
            catch (EpcisFormatException e)
            {
                return new(null, false, Problems.BadRequest(e.Message, e.Pointer));
            }
            var problems = EventSource.ValidateEvent(root, context, "");
            if (context.RemoteContexts.Count > 0)
            {
                problems = [.. problems, .. context.RemoteContexts.Select(r => r.Warning)];
            }
            if (!root.TryGetProperty("@context", out _))
            {
                // The schema wants an EPCISEvent to name its context; one without is read with the GS1 context, and told so.
                problems = [.. problems, new ValidationProblem("/@context", "context",
                    "@context is missing: the event is read with the GS1 EPCIS 2.0 context alone (an EPCISEvent names it, and the contexts of any prefixes it uses)", IsWarning: true)];
            }
            var errors = problems.Where(p => !p.IsWarning).ToList();
            if (errors.Count > 0)
            {
                return new(null, false, Problems.BadRequest($"the event is not valid: {errors[0].Pointer} {errors[0].Message}", errors[0].Pointer, problems));
            }
            if (gate?.Check(root, "") is { } forbidden)
            {
                return new(null, false, Problems.Create(StatusCodes.Status403Forbidden, "Forbidden", forbidden.Detail, forbidden.Pointer));
            }
            var input = EventSource.ToInput(root, context);
            if (accepted is not null)
            {
                try
                {
                    await accepted();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "An event was not stored: the step before it failed");
                    return new(null, false, Problems.Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                        "the audit log could not be written, so the event was not stored; send it again", ""));
                }
            }
            var result = await store.AppendAsync([input.Input], ct);
            var outcome = result.Outcomes[0];
            views.Notify();
            var warnings = problems.Where(p => p.IsWarning).ToList();
            // Rows under one eventID differ only by their declaration.
            var declared = Storage.Indexing.EventIdentity.DeclarationOf(root, context);
            return outcome.Status switch
            {
                AppendStatus.Stored => new(outcome.EventId ?? input.EventId, false, null, warnings, declared),
                AppendStatus.Duplicate => new(outcome.EventId ?? input.EventId, true, null, warnings, declared),
                AppendStatus.Conflict => new(null, false, Problems.Conflict(outcome.Message ?? $"eventID '{input.EventId}' is already stored with different content", "/eventID")),
                _ => new(null, false, Problems.BadRequest(outcome.Message ?? "the event was refused", outcome.Pointer ?? "")),
            };
        }
    }

    /// <summary>Jobs that were accepted but not finished when the process stopped: run them again from their spool file.</summary>
    public async Task RequeueUnfinishedAsync(CancellationToken ct)
    {
        RemoveUnacknowledgedUploads();
        foreach (var job in await store.ListJobsAsync(10_000, ct))
        {
            if (job.Status != CaptureJobStatus.Running || _acceptedHere.ContainsKey(job.Id))
            {
                continue;
            }
            if (File.Exists(JobFile(job.Id)))
            {
                log.LogInformation("Resuming capture job {Job} after a restart", job.Id);
                await _queue.Writer.WriteAsync(job.Id, ct);
            }
            else
            {
                TryDelete(ManifestFile(job.Id));
                await store.UpdateJobAsync(job with { Status = CaptureJobStatus.Failed, FinishedAt = DateTimeOffset.UtcNow, ErrorList = [new CaptureJobError(null, null, "the capture was interrupted and its document is gone; send it again", StatusCodes.Status500InternalServerError)], Errors = 1 }, ct);
            }
        }
    }

    /// <summary>Uploads cut off before their 202 were never acknowledged: nothing to resume, nothing to keep.</summary>
    private void RemoveUnacknowledgedUploads()
    {
        if (!Directory.Exists(SpoolDirectory))
        {
            return;
        }
        foreach (var incoming in Directory.EnumerateFiles(SpoolDirectory, "incoming-*.json"))
        {
            if (Path.GetFileName(incoming).StartsWith(_incomingPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            log.LogInformation("Removing {File}: its upload was interrupted before it was acknowledged", Path.GetFileName(incoming));
            TryDelete(incoming);
        }
    }

    /// <summary>How long a document waits for room in the budget before it is checked anyway (and read again by the worker).</summary>
    private static readonly TimeSpan RoomWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waits while the events checked and not yet taken by the worker leave no room for a document of the largest size
    /// allowed. Without it, acceptance on the request threads runs ahead of the single writer, spends the budget, and the
    /// documents beyond it are parsed and hashed twice: at acceptance and again from the spool by the worker. The wait
    /// is bounded, so a stalled worker slows acknowledgements down but never stops them.
    /// </summary>
    private async Task WaitForRoomAsync(long size, CancellationToken ct)
    {
        var room = Math.Max(0, PreparedEventBudget - options.CaptureEventLimit);
        var deadline = Environment.TickCount64 + (long)RoomWait.TotalMilliseconds;
        // A document larger than the whole byte budget is never prepared: it has nothing to wait for.
        var budget = options.CapturePreparedByteBudget;
        var byteRoom = size <= budget ? budget - size : long.MaxValue;
        while ((Volatile.Read(ref _preparedCount) > room || Interlocked.Read(ref _preparedBytes) > byteRoom) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(5, ct);
        }
    }

    /// <summary>The events prepared at acceptance, once; null after a restart or for documents beyond the budget.</summary>
    public PreparedEvents? TakePrepared(string jobId)
    {
        if (!_prepared.TryRemove(jobId, out var prepared))
        {
            return null;
        }
        Interlocked.Add(ref _preparedCount, -prepared.Inputs.Count);
        Interlocked.Add(ref _preparedBytes, -prepared.Bytes);
        return prepared;
    }

    public string JobFile(string jobId) => Path.Combine(SpoolDirectory, jobId + ".json");

    public string ManifestFile(string jobId) => Path.Combine(SpoolDirectory, jobId + ".manifest.json");

    /// <param name="Events">How many events the document holds (0 in manifests written before it was kept).</param>
    /// <param name="Children">The location hierarchy of the document's master data, stored with its events (null: none).</param>
    /// <param name="Attributes">The location attributes of the document's master data, stored with its events (null: none).</param>
    internal sealed record Manifest(CaptureErrorBehaviour Behaviour, int[] InvalidIndexes, CaptureJobError[] Errors, int Events = 0, LocationChild[]? Children = null,
        LocationAttribute[]? Attributes = null);

    public async Task<(CaptureErrorBehaviour Behaviour, HashSet<int> Invalid, List<CaptureJobError> Errors, int Events, LocationMasterData MasterData)> ReadManifestAsync(string jobId, CancellationToken ct)
    {
        await using var stream = File.OpenRead(ManifestFile(jobId));
        var manifest = await JsonSerializer.DeserializeAsync<Manifest>(stream, cancellationToken: ct) ?? throw new InvalidDataException("empty capture manifest");
        return (manifest.Behaviour, [.. manifest.InvalidIndexes], [.. manifest.Errors], manifest.Events, new LocationMasterData(manifest.Children ?? [], manifest.Attributes ?? []));
    }

    /// <param name="eventIds">The eventID, where it gave one, of the event each problem is about.</param>
    private async Task WriteManifestAsync(string jobId, CaptureErrorBehaviour behaviour, IEnumerable<int> invalid, IEnumerable<ValidationProblem> errors,
        IReadOnlyDictionary<ValidationProblem, string> eventIds, int events, LocationMasterData masterData, CancellationToken ct)
    {
        // Warnings (a recommended element missing) are listed on the job after the errors, marked as such, without failing it.
        var listed = errors.Where(e => !e.IsWarning).Concat(errors.Where(e => e.IsWarning)).Take(1000)
            .Select(e => new CaptureJobError(eventIds.GetValueOrDefault(e), e.Pointer, e.Message, Warning: e.IsWarning));
        var manifest = new Manifest(behaviour, [.. invalid], [.. listed], events, masterData.Children.Count > 0 ? [.. masterData.Children] : null,
            masterData.Attributes.Count > 0 ? [.. masterData.Attributes] : null);
        await using var stream = new FileStream(ManifestFile(jobId), FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough);
        await JsonSerializer.SerializeAsync(stream, manifest, cancellationToken: ct);
        stream.Flush(flushToDisk: true);
    }

    private sealed record Check(ProblemHttpResult? Problem, IReadOnlyList<ValidationProblem> Problems, IReadOnlyList<int> InvalidIndexes, int ValidEvents, PreparedEvents? Prepared = null)
    {
        /// <summary>The eventID, where the event gave one, of the event each of <see cref="Problems"/> is about.</summary>
        public IReadOnlyDictionary<ValidationProblem, string> EventIds { get; init; } = new Dictionary<ValidationProblem, string>();

        /// <summary>What the document's master data says of locations (hierarchy, attributes).</summary>
        public LocationMasterData MasterData { get; init; } = LocationMasterData.None;
    }

    /// <summary>
    /// Streams the spooled document once: shape, context, count limit, every event's validity; while the budget allows, the
    /// valid events are also given their identity for the worker, so that a document is parsed and hashed only once.
    /// </summary>
    /// <summary>How many events a document's check handles before it lets other work of the thread pool run.</summary>
    private const int YieldEvery = 256;

    private async Task<Check> CheckAsync(string spool, long size, CaptureErrorBehaviour behaviour, CancellationToken ct, CaptureGate? gate)
    {
        var problems = new List<ValidationProblem>();
        var eventIds = new Dictionary<ValidationProblem, string>(ReferenceEqualityComparer.Instance);
        var invalid = new List<int>();
        var count = 0;
        PreparedEvents? prepared = null;
        if (Interlocked.Add(ref _preparedBytes, size) <= options.CapturePreparedByteBudget)
        {
            prepared = new([], []) { Bytes = size };
        }
        else
        {
            Interlocked.Add(ref _preparedBytes, -size);
        }
        HashSet<string>? remoteContexts = null;
        EpcisDocument? envelope = null;
        EpcisContext? documentContext = null;
        try
        {
            await using var stream = File.OpenRead(spool);
            await foreach (var item in EventSource.ReadAsync(stream, ct, (document, context) => (envelope, documentContext) = (document, context)))
            {
                if (++count % YieldEvery == 0)
                {
                    // Checking a large document is a long stretch of CPU work: let queued requests have this thread in between.
                    await Task.Yield();
                }
                if (count > options.CaptureEventLimit)
                {
                    Release(prepared);
                    return new(Problems.TooLarge($"the document holds more than {options.CaptureEventLimit} events (GS1-EPCIS-Capture-Limit); split it", item.Pointer), [], [], 0);
                }
                if (gate?.Check(item.Event, item.Pointer) is { } forbidden)
                {
                    Release(prepared);
                    return new(Problems.Create(StatusCodes.Status403Forbidden, "Forbidden", forbidden.Detail, forbidden.Pointer), [], [], 0);
                }
                var found = item.ContextError is { } badContext ? [badContext] : EventSource.ValidateEvent(item.Event, item.Context, item.Pointer);
                foreach (var remote in item.Context.RemoteContexts)
                {
                    // A context named by URL is taken unresolved: said once where it is named (the document's, or an event's own).
                    if ((remoteContexts ??= new(StringComparer.Ordinal)).Add(remote.Pointer))
                    {
                        found = [.. found, remote.Warning];
                    }
                }
                if (found.Count > 0 && item.Event.TryGetProperty("eventID", out var givenId) && givenId.ValueKind == JsonValueKind.String)
                {
                    foreach (var p in found)
                    {
                        eventIds[p] = givenId.GetString()!;
                    }
                }
                if (found.Any(p => !p.IsWarning))
                {
                    invalid.Add(item.Index);
                    if (behaviour == CaptureErrorBehaviour.Rollback)
                    {
                        prepared = Release(prepared);
                    }
                }
                else if (prepared is not null)
                {
                    prepared = Prepare(prepared, item);
                }
                problems.AddRange(found);
            }
        }
        catch (EpcisFormatException e)
        {
            Release(prepared);
            return new(Problems.BadRequest(e.Message, e.Pointer), [], [], 0);
        }
        catch
        {
            Release(prepared);
            throw;
        }
        // The header's master data is the document's, not an event's: what it cannot keep refuses the document.
        var (masterData, hierarchyProblems) = EventSource.LocationMasterData(envelope, documentContext, gate is null ? null : gate.CheckPlace);
        if (hierarchyProblems is [var hierarchyProblem, ..])
        {
            Release(prepared);
            return new(hierarchyProblem.Rule == "forbidden"
                ? Problems.Create(StatusCodes.Status403Forbidden, "Forbidden", hierarchyProblem.Message, hierarchyProblem.Pointer)
                : Problems.BadRequest(hierarchyProblem.Message, hierarchyProblem.Pointer, hierarchyProblems), [], [], 0);
        }
        if (problems.Any(p => !p.IsWarning) && (behaviour == CaptureErrorBehaviour.Rollback || count == invalid.Count))
        {
            prepared = Release(prepared);
        }
        if (prepared is not null)
        {
            prepared = await IndexAsync(prepared, ct);
        }
        return new(null, problems, invalid, count - invalid.Count, prepared) { EventIds = eventIds, MasterData = masterData };
    }

    /// <summary>
    /// What indexing a checked document at acceptance adds to its reservation in <see cref="ServeOptions.CapturePreparedByteBudget"/>,
    /// in multiples of its size: the indexed batches (rows, body templates, values as strings) held beside the events about
    /// doubled what a document of events with large fields kept in memory (docs/benchmarks.md, "Batches indexed at acceptance").
    /// </summary>
    internal const int IndexedBytesFactor = 2;

    /// <summary>
    /// Indexes the checked events in the writer's batches (index rows, body template, lineage facts, strings): work that
    /// needs no database, done here on the request's thread so that the single writer, which every capture waits for, only
    /// stores. When the byte budget has no room for the batches, the events stay as they are and the worker indexes them;
    /// null (the worker reads the spool again) when indexing fails.
    /// </summary>
    private async Task<PreparedEvents?> IndexAsync(PreparedEvents prepared, CancellationToken ct)
    {
        var extra = IndexedBytesFactor * prepared.Bytes;
        if (Interlocked.Add(ref _preparedBytes, extra) > options.CapturePreparedByteBudget)
        {
            Interlocked.Add(ref _preparedBytes, -extra);
            return prepared;
        }
        prepared.Bytes += extra;
        try
        {
            for (var offset = 0; offset < prepared.Inputs.Count; offset += CaptureWorker.BatchSize)
            {
                if (offset > 0)
                {
                    await Task.Yield();
                    ct.ThrowIfCancellationRequested();
                }
                var count = Math.Min(CaptureWorker.BatchSize, prepared.Inputs.Count - offset);
                prepared.Batches.Add(Storage.PreparedEvents.Prepare(prepared.Inputs.GetRange(offset, count)));
            }
            Interlocked.Increment(ref _indexedDocuments);
            return prepared;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The worker prepares the events again from the spool and reports the failure on the job.
            log.LogWarning(e, "Indexing a checked document failed; its events will be read again from the spool");
            return Release(prepared);
        }
        catch
        {
            Release(prepared);
            throw;
        }
    }

    /// <summary>Adds one valid event to the prepared list, or gives the list up when the budget is spent or it cannot be prepared.</summary>
    private PreparedEvents? Prepare(PreparedEvents prepared, EventSource.SourceEvent item)
    {
        if (Interlocked.Increment(ref _preparedCount) > PreparedEventBudget)
        {
            Interlocked.Decrement(ref _preparedCount);
            return Release(prepared);
        }
        try
        {
            prepared.Inputs.Add(EventSource.ToInput(item.Event, item.Context, detach: true).Input);
            prepared.Pointers.Add(item.Pointer);
            return prepared;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The worker prepares it again from the spool and reports the failure on the job.
            Interlocked.Decrement(ref _preparedCount);
            return Release(prepared);
        }
    }

    private PreparedEvents? Release(PreparedEvents? prepared)
    {
        if (prepared is not null)
        {
            Interlocked.Add(ref _preparedCount, -prepared.Inputs.Count);
            Interlocked.Add(ref _preparedBytes, -prepared.Bytes);
            prepared.Bytes = 0;
            prepared.Inputs.Clear();
            prepared.Batches.Clear();
        }
        return null;
    }

    private async Task<bool> SpoolAsync(Stream body, string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        if (!await CopyBoundedAsync(body, file, ct))
        {
            return false;
        }
        await file.FlushAsync(ct);
        file.Flush(flushToDisk: true);
        return true;
    }

    /// <summary>Copies at most the file-size limit; false when the body is larger.</summary>
    private async Task<bool> CopyBoundedAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        try
        {
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > options.CaptureFileSizeLimit)
                {
                    return false;
                }
                await to.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }
        return true;
    }

    private ProblemHttpResult TooLarge() =>
        Problems.TooLarge($"the document is larger than {options.CaptureFileSizeLimit} bytes (GS1-EPCIS-Capture-File-Size-Limit); split it", "");

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
