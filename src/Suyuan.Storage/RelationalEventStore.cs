using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Suyuan.Core.Identifiers;
using Suyuan.Storage.Indexing;
using Suyuan.Storage.Query;

namespace Suyuan.Storage;

/// <summary>An event's row and index rows with every string already a dictionary id.</summary>
internal sealed record EventRow(
    long Id, long EidHash, byte[] EventId, long Type, long EventTime, short Offset, long RecordTime, long? JobId, long? ContextId,
    short? Action, long? BizStep, long? Disposition, long? ReadPoint, long? BizLocation, long? TransformationId,
    long? ErrorTime, long? ErrorReason, bool HasSensor, byte[] Body, byte[]? Lineage,
    IReadOnlyList<(long ValueId, short Kind, long Qual)> Refs,
    IReadOnlyList<(short Kind, long ClassId, double? Quantity, long? Uom)> Quantities,
    IReadOnlyList<(short Kind, long NameId, string? Text, double? Number, long? Time)> Fields,
    IReadOnlyList<SensorReading> Sensors);

/// <summary>A stored event found while checking a batch for re-sends.</summary>
internal sealed record StoredBody(byte[] EventId, long EventTime, short Offset, long? ContextId, byte[] Body, long Row);

/// <summary>
/// The store logic both providers share: indexing, duplicate detection, interning, body encoding, jobs and queries.
/// Providers supply connections and the bulk write path.
/// </summary>
internal abstract partial class RelationalEventStore : IEventStore
{
    // Most new strings are one-off identifiers: 500,000 held ~90 MB of a capturing server for no measurable gain over 50,000.
    private const int MaxCachedStrings = 50_000;
    private readonly ConcurrentDictionary<string, long> _idsByValue = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, string> _valuesById = new();

    protected abstract ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken ct);

    protected abstract Task<WriteSession> BeginWriteAsync(CancellationToken ct);

    /// <summary>
    /// Waits for this process's turn to write, for a provider with one write lock (SQLite): writers queue here instead of
    /// polling the lock in the database's busy handler. Null where writers do not exclude each other (PostgreSQL).
    /// </summary>
    internal virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken ct) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>A connection to the database that holds the audit log: this one unless the provider keeps it apart.</summary>
    internal virtual ValueTask<DbConnection> OpenAuditConnectionAsync(CancellationToken ct) => OpenReadConnectionAsync(ct);

    /// <summary>The turn of a writer to the audit log's database (see <see cref="EnterWriteAsync"/>).</summary>
    internal virtual ValueTask<IDisposable?> EnterAuditWriteAsync(CancellationToken ct) => EnterWriteAsync(ct);

    public abstract ValueTask DisposeAsync();

    /// <summary>What the provider's tables let a query use (SQLite's by default).</summary>
    internal virtual QueryLayout Layout => new(EventIdHashIndexed: true, RecordTimeFollowsId: true);

    /// <summary>The provider's write transaction: how it reserves ids, interns strings and writes rows in bulk.</summary>
    internal abstract class WriteSession(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        public DbConnection Connection { get; } = connection;
        public DbTransaction Transaction { get; } = transaction;

        public abstract Task<IReadOnlyList<long>> ReserveEventIdsAsync(int count, CancellationToken ct);

        public abstract long RecordTime();

        /// <summary>Ids of the given strings, inserting those not yet in the dictionary.</summary>
        public abstract Task InternAsync(IReadOnlyList<string> values, Dictionary<string, long> ids, CancellationToken ct);

        public abstract Task<IReadOnlyList<StoredBody>> FindStoredAsync(IReadOnlyList<(long Hash, byte[] EventId)> keys, CancellationToken ct);

        public abstract Task WriteAsync(IReadOnlyList<EventRow> rows, CancellationToken ct);

        public virtual async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    public async Task<AppendResult> AppendAsync(IReadOnlyList<EventInput> batch, CancellationToken ct = default)
    {
        await using var capture = await BeginCaptureAsync(null, ct);
        var result = await capture.AppendAsync(batch, ct);
        if (result.Accepted)
        {
            await capture.CommitAsync(ct: ct);
        }
        return result;
    }

    public async Task<ICaptureTransaction> BeginCaptureAsync(string? jobId, CancellationToken ct = default)
    {
        var session = await BeginWriteAsync(ct);
        try
        {
            long? jobRow = null;
            if (jobId is not null)
            {
                jobRow = (long?)Convert.ToInt64(await Db.ScalarAsync(session.Connection, session.Transaction, "SELECT id FROM capture_jobs WHERE job_key = @k", ct, Db.P("@k", jobId))
                    ?? throw new KeyNotFoundException($"capture job '{jobId}' does not exist"));
            }
            return new CaptureTransaction(this, session, jobRow);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private sealed class CaptureTransaction(RelationalEventStore store, WriteSession session, long? jobRow) : ICaptureTransaction
    {
        private readonly Dictionary<string, long> _newStrings = new(StringComparer.Ordinal);
        private int _total, _stored, _duplicates, _errors;
        private bool _done;

        public Task<AppendResult> AppendAsync(IReadOnlyList<EventInput> batch, CancellationToken ct = default) =>
            AppendAsync(PreparedEvents.Prepare(batch), ct);

        public async Task<AppendResult> AppendAsync(PreparedEvents prepared, CancellationToken ct = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            var batch = prepared.Inputs;
            var outcomes = new EventOutcome?[batch.Count];
            foreach (var invalid in prepared.Invalid)
            {
                outcomes[invalid.Index] = invalid;
            }
            var accepted = prepared.Accepted;

            // Re-sends: an eventID stored before (earlier batches of this transaction included) or earlier in this batch.
            var stored = await session.FindStoredAsync(accepted.Select(a => (a.Hash, a.Packed)).ToList(), ct);
            // What is known of each eventID met again: the stored rows (with their row) and this batch's earlier events.
            var earlier = new Dictionary<string, List<(EventIdentity Identity, long? Row, PreparedEvent? Prepared)>>(StringComparer.Ordinal);
            if (stored.Count > 0)
            {
                var ids = new HashSet<long>();
                foreach (var s in stored)
                {
                    EventBody.CollectIds(s.Body, ids);
                    if (s.ContextId is { } c)
                    {
                        ids.Add(c);
                    }
                }
                var strings = await store.LookupStringsAsync(session.Connection, session.Transaction, ids, ct);
                foreach (var s in stored)
                {
                    var eventId = EventIds.Unpack(s.EventId);
                    using var json = JsonDocument.Parse(EventBody.Decode(s.Body, eventId, s.EventTime, s.Offset, strings));
                    var identity = EventIdentity.Of(json.RootElement, EventIdentity.StoredContext(s.ContextId is { } c ? strings[c] : null));
                    (earlier.TryGetValue(eventId, out var list) ? list : earlier[eventId] = []).Add((identity, s.Row, null));
                }
            }
            var toStore = new List<PreparedEvent>(accepted.Count);
            // Events that add nothing to the lineage: an event with an error declaration is no occurrence of its own (EPCIS
            // 2.0), and an event declared erroneous is superseded (its rows stored earlier go: supersededRows).
            var noLineage = new HashSet<PreparedEvent>(ReferenceEqualityComparer.Instance);
            List<long>? supersededRows = null;
            // The first event of the batch under each eventID nothing stored has: its identity is worked out only if met again.
            var firstInBatch = new Dictionary<string, PreparedEvent>(StringComparer.Ordinal);
            foreach (var a in accepted)
            {
                var eventId = a.Event.EventId;
                var declares = a.Event.Source.TryGetProperty("errorDeclaration", out _);
                if (declares)
                {
                    noLineage.Add(a);
                }
                var before = earlier.GetValueOrDefault(eventId);
                if (before is null)
                {
                    if (firstInBatch.TryAdd(eventId, a))
                    {
                        toStore.Add(a);
                        continue;
                    }
                    var first = firstInBatch[eventId];
                    earlier[eventId] = before = [(EventIdentity.Of(first.Event.Source, batch[first.Index].Context), null, first)];
                }
                // Decided by the events' meaning, not their bytes: the CBV 2.0 event hash (member order, identifier and
                // vocabulary forms, prefixes and recordTime make no difference), and the error declaration beside it.
                var identity = EventIdentity.Of(a.Event.Source, batch[a.Index].Context);
                switch (identity.Compare(before.Select(b => b.Identity)))
                {
                    case EventIdentity.Verdict.Same:
                        outcomes[a.Index] = new EventOutcome(a.Index, eventId, AppendStatus.Duplicate);
                        break;
                    case EventIdentity.Verdict.Declaration:
                        // An error declaration of the stored event (EPCIS 2.0: the same event with the same eventID and an
                        // errorDeclaration), or the event itself after its declaration: both are kept.
                        toStore.Add(a);
                        before.Add((identity, null, a));
                        noLineage.Add(a);
                        if (declares)
                        {
                            foreach (var original in before.Where(b => b.Identity.Hash == identity.Hash && b.Identity.Declaration is null))
                            {
                                if (original.Row is { } row)
                                {
                                    (supersededRows ??= []).Add(row);
                                }
                                else if (original.Prepared is { } p)
                                {
                                    noLineage.Add(p);
                                }
                            }
                        }
                        break;
                    default:
                        outcomes[a.Index] = new EventOutcome(a.Index, eventId, AppendStatus.Conflict, declares
                            ? "eventID is already stored with different content: an error declaration repeats the declared event as it was captured and adds errorDeclaration"
                            : "eventID is already stored with different content; a different event needs an eventID of its own");
                        break;
                }
            }

            if (toStore.Count > 0)
            {
                // The batch's strings, less those only events not stored here name (re-sends are rare: collect again then).
                HashSet<string> wanted;
                if (toStore.Count == accepted.Count)
                {
                    wanted = prepared.Strings;
                }
                else
                {
                    wanted = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var a in toStore)
                    {
                        a.CollectStrings(wanted);
                    }
                }
                var ids = new Dictionary<string, long>(wanted.Count, StringComparer.Ordinal);
                await ResolveStringsAsync(wanted, ids, ct);
                var eventIds = await session.ReserveEventIdsAsync(toStore.Count, ct);
                var recordTime = session.RecordTime();
                var rows = new List<EventRow>(toStore.Count);
                var lineage = new List<(long Row, long Time, Lineage.LineageFacts Facts, bool PlacesOnly)>(toStore.Count);
                for (var n = 0; n < toStore.Count; n++)
                {
                    var a = toStore[n];
                    // An event that adds nothing to the lineage has no trace summary, and still names its places: who may
                    // read it is decided by them.
                    var placesOnly = noLineage.Contains(a);
                    rows.Add(ToRow(eventIds[n], a, ids, recordTime, placesOnly ? null : Lineage.LineageSummary.Encode(a.Facts.Info, ids)));
                    lineage.Add((eventIds[n], a.Event.EventTime, a.Facts, placesOnly));
                    outcomes[a.Index] = new EventOutcome(a.Index, a.Event.EventId, AppendStatus.Stored);
                }
                await session.WriteAsync(rows, ct);
                await WriteLineageAsync(session, lineage, ids, ct);
            }
            if (supersededRows is not null)
            {
                await RemoveLineageAsync(session, supersededRows, ct);
            }
            var result = new AppendResult(outcomes.Select(o => o!).ToList());
            _total += batch.Count;
            _stored += result.Stored;
            _duplicates += result.Duplicates;
            _errors += result.Refused;
            return result;
        }

        /// <summary>Ids of the values: from the store's cache, from this transaction's new strings, else interned now.</summary>
        internal async Task ResolveStringsAsync(IEnumerable<string> values, Dictionary<string, long> ids, CancellationToken ct)
        {
            var missing = new List<string>();
            foreach (var value in values)
            {
                if (store._idsByValue.TryGetValue(value, out var id) || _newStrings.TryGetValue(value, out id))
                {
                    ids[value] = id;
                }
                else
                {
                    missing.Add(value);
                }
            }
            if (missing.Count > 0)
            {
                missing.Sort(StringComparer.Ordinal);
                var found = new Dictionary<string, long>(missing.Count, StringComparer.Ordinal);
                await session.InternAsync(missing, found, ct);
                foreach (var (value, id) in found)
                {
                    ids[value] = id;
                    _newStrings[value] = id;
                }
            }
        }

        private EventRow ToRow(long id, PreparedEvent prepared, Dictionary<string, long> ids, long recordTime, byte[]? lineage)
        {
            var e = prepared.Event;
            long? Id(string? value) => value is null ? null : ids[value];
            // Loops, not LINQ: this runs for every stored event, and most have a handful of each.
            var refs = new List<(long, short, long)>(e.Refs.Count);
            HashSet<(long, short, long)>? seen = e.Refs.Count > 16 ? new(e.Refs.Count) : null;
            foreach (var r in e.Refs)
            {
                var item = (ids[r.Value], (short)r.Kind, r.Qualifier is null ? 0L : ids[r.Qualifier]);
                if (seen is null ? !refs.Contains(item) : seen.Add(item))
                {
                    refs.Add(item);
                }
            }
            var quantities = new List<(short, long, double?, long?)>(e.Quantities.Count);
            foreach (var q in e.Quantities)
            {
                quantities.Add(((short)q.Kind, ids[q.EpcClass], q.Quantity, Id(q.Uom)));
            }
            var fields = new List<(short, long, string?, double?, long?)>(e.Fields.Count);
            foreach (var f in e.Fields)
            {
                fields.Add(((short)f.Kind, ids[f.Name], f.Text, f.Number, f.Time));
            }
            return new EventRow(id, prepared.Hash, prepared.Packed, ids[e.Type], e.EventTime, e.EventTimeOffset, recordTime, jobRow, Id(e.Context),
                e.Action == 0 ? null : e.Action, Id(e.BizStep), Id(e.Disposition), Id(e.ReadPoint), Id(e.BizLocation), Id(e.TransformationId),
                e.ErrorDeclarationTime, Id(e.ErrorReason), e.HasSensorData, prepared.Body.Fill(ids), lineage, refs, quantities, fields, e.Sensors);
        }

        public async Task AddLocationMasterDataAsync(LocationMasterData data, CancellationToken ct = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            await AddLocationChildrenAsync(data.Children, ct);
            await AddLocationAttributesAsync(data.Attributes, ct);
        }

        private async Task AddLocationAttributesAsync(IReadOnlyList<LocationAttribute> attributes, CancellationToken ct)
        {
            if (attributes.Count == 0)
            {
                return;
            }
            // An attribute the document gives for an element replaces the values the element had for it; the others stay.
            var given = attributes.Select(a => (a.Vocabulary, Element: IdentifierConverter.Canonicalise(a.Element), Written: a.Element, a.Name, a.Value)).Distinct().ToList();
            foreach (var chunk in given.Select(a => (a.Vocabulary, a.Element, a.Name)).Distinct().Chunk(100))
            {
                var parameters = new List<KeyValuePair<string, object?>>(chunk.Length * 3);
                var conditions = new List<string>(chunk.Length);
                foreach (var (a, i) in chunk.Select((a, i) => (a, i)))
                {
                    conditions.Add($"(vocabulary = @v{i} AND element = @e{i} AND name = @n{i})");
                    parameters.Add(Db.P("@v" + i, (short)a.Vocabulary));
                    parameters.Add(Db.P("@e" + i, StoredText.Encode(a.Element)));
                    parameters.Add(Db.P("@n" + i, a.Name));
                }
                await Db.ExecuteAsync(session.Connection, session.Transaction,
                    $"DELETE FROM location_attributes WHERE {string.Join(" OR ", conditions)}", ct, [.. parameters]);
            }
            // Each row is kept under every form an event may name the element in, as the hierarchy's children are.
            var rows = given.Where(a => a.Value != LocationAttributeValues.Cleared)
                .SelectMany(a => EpcisQuery.IdentifierForms(a.Written).Select(form => (a.Vocabulary, a.Name, a.Value, a.Element, Given: form))).Distinct()
                .Select(a => new object?[] { (short)a.Vocabulary, a.Name, a.Value, StoredText.Encode(a.Element), StoredText.Encode(a.Given) });
            await InsertNewRowsAsync("location_attributes (vocabulary, name, value, element, element_given)", 5, rows, ct);
        }

        private async Task AddLocationChildrenAsync(IReadOnlyList<LocationChild> children, CancellationToken ct)
        {
            // A child is kept in each form an event may name it in, as a query looks an identifier up (as written, canonical,
            // and a GS1 key's EPC URNs), so that a hierarchy written with Digital Links finds events written with URNs.
            var rows = children
                .Select(c => (c.Vocabulary, Parent: IdentifierConverter.Canonicalise(c.Parent), Child: IdentifierConverter.Canonicalise(c.Child), Forms: EpcisQuery.IdentifierForms(c.Child)))
                .SelectMany(c => c.Forms.Select(form => (c.Vocabulary, c.Parent, c.Child, Given: form)))
                .Distinct();
            await InsertNewRowsAsync("location_children (vocabulary, parent, child, child_given)", 4,
                rows.Select(c => new object?[] { (short)c.Vocabulary, StoredText.Encode(c.Parent), StoredText.Encode(c.Child), StoredText.Encode(c.Given) }), ct);
        }

        /// <summary>Inserts rows of <paramref name="width"/> values into <paramref name="target"/> (table and columns), 100 per statement; a row already there is kept.</summary>
        private async Task InsertNewRowsAsync(string target, int width, IEnumerable<object?[]> rows, CancellationToken ct)
        {
            foreach (var chunk in rows.Chunk(100))
            {
                var parameters = new List<KeyValuePair<string, object?>>(chunk.Length * width);
                var values = new List<string>(chunk.Length);
                for (var i = 0; i < chunk.Length; i++)
                {
                    values.Add("(" + string.Join(", ", Enumerable.Range(0, width).Select(c => $"@r{i}_{c}")) + ")");
                    parameters.AddRange(chunk[i].Select((value, c) => Db.P($"@r{i}_{c}", value)));
                }
                await Db.ExecuteAsync(session.Connection, session.Transaction,
                    $"INSERT INTO {target} VALUES {string.Join(", ", values)} ON CONFLICT DO NOTHING", ct, [.. parameters]);
            }
        }

        public async Task CommitAsync(CaptureJobStatus jobStatus = CaptureJobStatus.Success, IReadOnlyList<CaptureJobError>? jobErrors = null, int eventsRefusedBefore = 0, CancellationToken ct = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            if (jobRow is { } row)
            {
                await Db.ExecuteAsync(session.Connection, session.Transaction,
                    "UPDATE capture_jobs SET status = @s, finished_at = @f, events_total = events_total + @t, events_stored = events_stored + @st, duplicates = duplicates + @d, errors = errors + @e, error_list = @l WHERE id = @id",
                    ct, Db.P("@s", (short)jobStatus), Db.P("@f", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), Db.P("@t", _total + eventsRefusedBefore), Db.P("@st", _stored),
                    Db.P("@d", _duplicates), Db.P("@e", _errors), Db.P("@l", jobErrors is { Count: > 0 } ? JsonSerializer.Serialize(jobErrors) : null), Db.P("@id", row));
            }
            await session.Transaction.CommitAsync(ct);
            _done = true;
            if (store._idsByValue.Count + _newStrings.Count > MaxCachedStrings)
            {
                store._idsByValue.Clear();
            }
            foreach (var (value, id) in _newStrings)
            {
                store._idsByValue[value] = id;
            }
            await session.DisposeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_done)
            {
                _done = true;
                await session.DisposeAsync();
            }
        }
    }

    /// <summary>Values of dictionary ids, from the cache or the database.</summary>
    internal async Task<Dictionary<long, string>> LookupStringsAsync(DbConnection connection, DbTransaction? transaction, ICollection<long> ids, CancellationToken ct)
    {
        var result = new Dictionary<long, string>(ids.Count);
        var missing = new List<long>();
        foreach (var id in ids)
        {
            if (_valuesById.TryGetValue(id, out var v))
            {
                result[id] = v;
            }
            else
            {
                missing.Add(id);
            }
        }
        foreach (var chunk in missing.Chunk(500))
        {
            await using var command = Db.Command(connection, transaction, $"SELECT id, value FROM strings WHERE id IN ({string.Join(", ", chunk.Select((_, i) => "@i" + i))})",
                chunk.Select((id, i) => Db.P("@i" + i, id)));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                result[Db.Int64(reader, 0)] = StoredText.Decode(reader.GetString(1));
            }
        }
        if (_valuesById.Count > MaxCachedStrings)
        {
            _valuesById.Clear();
        }
        foreach (var id in missing)
        {
            _valuesById[id] = result[id];
        }
        return result;
    }

    public async Task<EventPage> QueryAsync(EpcisQuery query, CancellationToken ct = default)
    {
        var sql = new QuerySql(query, Layout);
        var connection = await OpenReadConnectionAsync(ct);
        try
        {
            if (query.MaxEventCount is { } max && query.Page is null)
            {
                await using var count = Db.Command(connection, null, sql.CountUpTo(max + 1), sql.Parameters!);
                if (Convert.ToInt64(await count.ExecuteScalarAsync(ct)) > max)
                {
                    throw new QueryTooLargeException(max);
                }
            }
            var returned = query.Page?.Returned ?? 0;
            var pageSize = query.PerPage;
            if (query.EventCountLimit is { } limit)
            {
                pageSize = (int)Math.Min(pageSize, Math.Max(0, limit - returned));
            }
            var page = new List<(long Id, long Key, FieldKey? Field)>();
            if (pageSize > 0)
            {
                await using var command = Db.Command(connection, null, sql.PageIds(pageSize + 1), sql.Parameters!);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    page.Add(sql.OrdersByField
                        ? (Db.Int64(reader, 0), 0, new FieldKey(reader.IsDBNull(1) ? null : reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetString(2)))
                        : (Db.Int64(reader, 0), Db.Int64(reader, 1), null));
                }
            }
            string? token = null;
            if (page.Count > pageSize)
            {
                page.RemoveAt(page.Count - 1);
                var last = page[^1];
                var reachedLimit = query.EventCountLimit is { } l && returned + page.Count >= l;
                token = reachedLimit ? null : new PageToken(last.Key, last.Id, returned + page.Count, query.Fingerprint, last.Field).Encode();
            }
            return new EventPage(token, page.Count, ReadEventsAsync(connection, page.Select(p => p.Id).ToList(), ct));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async IAsyncEnumerable<StoredEvent> ReadEventsAsync(DbConnection connection, List<long> ids, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var (_, stored) in ReadEventRowsAsync(connection, ids, ct))
        {
            yield return stored;
        }
    }

    /// <summary>The events of these rows with each row's id, in the order given (rows gone meanwhile left out); disposes the connection.</summary>
    private async IAsyncEnumerable<(long Id, StoredEvent Event)> ReadEventRowsAsync(DbConnection connection, List<long> ids, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var _ = connection;
        foreach (var chunk in ids.Chunk(256))
        {
            var rows = new Dictionary<long, (byte[] EventId, long EventTime, short Offset, long RecordTime, long? ContextId, string? JobKey, byte[] Body)>(chunk.Length);
            await using (var command = Db.Command(connection, null,
                $"SELECT e.id, e.event_id, e.event_time, e.tz_offset, e.record_time, e.context_id, j.job_key, e.body FROM events e LEFT JOIN capture_jobs j ON j.id = e.job_id WHERE e.id IN ({string.Join(", ", chunk.Select((_, i) => "@i" + i))})",
                chunk.Select((id, i) => Db.P("@i" + i, id))))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    rows[Db.Int64(reader, 0)] = ((byte[])reader.GetValue(1), Db.Int64(reader, 2), (short)Db.Int64(reader, 3), Db.Int64(reader, 4),
                        Db.NullableInt64(reader, 5), reader.IsDBNull(6) ? null : reader.GetString(6), (byte[])reader.GetValue(7));
                }
            }
            var stringIds = new HashSet<long>();
            foreach (var row in rows.Values)
            {
                EventBody.CollectIds(row.Body, stringIds);
                if (row.ContextId is { } c)
                {
                    stringIds.Add(c);
                }
            }
            var strings = await LookupStringsAsync(connection, null, stringIds, ct);
            foreach (var id in chunk)
            {
                if (!rows.TryGetValue(id, out var row))
                {
                    continue;
                }
                var eventId = EventIds.Unpack(row.EventId);
                yield return (id, new StoredEvent(eventId, DateTimeOffset.FromUnixTimeMilliseconds(row.RecordTime),
                    EventBody.Decode(row.Body, eventId, row.EventTime, row.Offset, strings), row.ContextId is { } c ? strings[c] : null, row.JobKey));
            }
        }
    }

    public async Task<CaptureJob> CreateJobAsync(bool proceed = false, string? enterprise = null, CancellationToken ct = default)
    {
        var job = new CaptureJob(Guid.NewGuid().ToString("N"), CaptureJobStatus.Running, DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), null, 0, 0, 0, 0, [], proceed, enterprise);
        using var turn = await EnterWriteAsync(ct);
        await using var connection = await OpenReadConnectionAsync(ct);
        await Db.ExecuteAsync(connection, null, "INSERT INTO capture_jobs (job_key, status, created_at, proceed, enterprise) VALUES (@k, @s, @c, @p, @e)", ct,
            Db.P("@k", job.Id), Db.P("@s", (short)job.Status), Db.P("@c", job.CreatedAt.ToUnixTimeMilliseconds()), Db.P("@p", proceed), Db.P("@e", enterprise));
        return job;
    }

    public async Task UpdateJobAsync(CaptureJob job, CancellationToken ct = default)
    {
        using var turn = await EnterWriteAsync(ct);
        await using var connection = await OpenReadConnectionAsync(ct);
        var changed = await Db.ExecuteAsync(connection, null,
            "UPDATE capture_jobs SET status = @s, finished_at = @f, events_total = @t, events_stored = @st, duplicates = @d, errors = @e, error_list = @l WHERE job_key = @k",
            ct, Db.P("@s", (short)job.Status), Db.P("@f", job.FinishedAt?.ToUnixTimeMilliseconds()), Db.P("@t", job.EventsTotal), Db.P("@st", job.EventsStored),
            Db.P("@d", job.Duplicates), Db.P("@e", job.Errors), Db.P("@l", job.ErrorList.Count > 0 ? JsonSerializer.Serialize(job.ErrorList) : null), Db.P("@k", job.Id));
        if (changed == 0)
        {
            throw new KeyNotFoundException($"capture job '{job.Id}' does not exist");
        }
    }

    public async Task<CaptureJob?> GetJobAsync(string jobId, CancellationToken ct = default) =>
        (await ReadJobsAsync("WHERE job_key = @k", 1, Db.P("@k", jobId), ct)).FirstOrDefault();

    public Task<IReadOnlyList<CaptureJob>> ListJobsAsync(int limit = 100, CancellationToken ct = default, string? after = null, string? enterprise = null)
    {
        var conditions = new List<string>();
        var parameters = new List<KeyValuePair<string, object?>>();
        if (after is not null)
        {
            conditions.Add("id < (SELECT id FROM capture_jobs WHERE job_key = @k)");
            parameters.Add(Db.P("@k", after));
        }
        if (enterprise is not null)
        {
            conditions.Add("enterprise = @ent");
            parameters.Add(Db.P("@ent", enterprise));
        }
        return ReadJobsAsync(conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions), limit, parameters, ct);
    }

    private Task<IReadOnlyList<CaptureJob>> ReadJobsAsync(string where, int limit, KeyValuePair<string, object?>? parameter, CancellationToken ct) =>
        ReadJobsAsync(where, limit, parameter is { } p ? [p] : [], ct);

    private async Task<IReadOnlyList<CaptureJob>> ReadJobsAsync(string where, int limit, IReadOnlyList<KeyValuePair<string, object?>> parameters, CancellationToken ct)
    {
        await using var connection = await OpenReadConnectionAsync(ct);
        await using var command = Db.Command(connection, null,
            $"SELECT job_key, status, created_at, finished_at, events_total, events_stored, duplicates, errors, error_list, proceed, enterprise FROM capture_jobs {where} ORDER BY id DESC LIMIT {limit}",
            [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var jobs = new List<CaptureJob>();
        while (await reader.ReadAsync(ct))
        {
            jobs.Add(new CaptureJob(reader.GetString(0), (CaptureJobStatus)Db.Int64(reader, 1), DateTimeOffset.FromUnixTimeMilliseconds(Db.Int64(reader, 2)),
                Db.NullableInt64(reader, 3) is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
                (int)Db.Int64(reader, 4), (int)Db.Int64(reader, 5), (int)Db.Int64(reader, 6), (int)Db.Int64(reader, 7),
                reader.IsDBNull(8) ? [] : JsonSerializer.Deserialize<List<CaptureJobError>>(reader.GetString(8)) ?? [],
                Convert.ToBoolean(reader.GetValue(9)), reader.IsDBNull(10) ? null : reader.GetString(10)));
        }
        return jobs;
    }
}
