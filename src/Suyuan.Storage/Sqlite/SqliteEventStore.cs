using System.Data.Common;
using Microsoft.Data.Sqlite;
using Suyuan.Storage.Indexing;
using SQLitePCL;

namespace Suyuan.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file (events.db) in WAL mode with synchronous=NORMAL. A committed capture survives a
/// crash of the process; a power loss or OS crash may lose the last transactions (not corrupt the file) — use PostgreSQL
/// where acknowledged data must survive that too. One writer at a time; readers run alongside. The audit log is kept in a
/// second file, audit.db, with a write lock of its own.
/// </summary>
public sealed partial class SqliteEventStore : IEventStore
{
    public const string FileName = "events.db";
    public const string AuditFileName = "audit.db";

    private readonly Store _store;

    private SqliteEventStore(Store store) => _store = store;

    public string DatabasePath => _store.Path;

    /// <summary>The audit log's own database file.</summary>
    public string AuditDatabasePath => _store.AuditPath;

    public static Task<SqliteEventStore> OpenAsync(string dataDirectory, CancellationToken ct = default) => OpenAsync(dataDirectory, null, ct);

    /// <param name="progress">Told of the migrations an upgrade applies (they may take a while on a large database).</param>
    public static async Task<SqliteEventStore> OpenAsync(string dataDirectory, Action<string>? progress, CancellationToken ct = default)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, FileName));
        var store = new Store(path, System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, AuditFileName)));
        await store.InitialiseAsync(progress, ct);
        return new SqliteEventStore(store);
    }

    public Task<AppendResult> AppendAsync(IReadOnlyList<EventInput> batch, CancellationToken ct = default) => _store.AppendAsync(batch, ct);
    public Task<ICaptureTransaction> BeginCaptureAsync(string? jobId, CancellationToken ct = default) => _store.BeginCaptureAsync(jobId, ct);
    public Task<EventPage> QueryAsync(Query.EpcisQuery query, CancellationToken ct = default) => _store.QueryAsync(query, ct);
    public Task<CaptureJob> CreateJobAsync(bool proceed = false, string? enterprise = null, CancellationToken ct = default) => _store.CreateJobAsync(proceed, enterprise, ct);
    public Task UpdateJobAsync(CaptureJob job, CancellationToken ct = default) => _store.UpdateJobAsync(job, ct);
    public Task<CaptureJob?> GetJobAsync(string jobId, CancellationToken ct = default) => _store.GetJobAsync(jobId, ct);
    public Task<IReadOnlyList<CaptureJob>> ListJobsAsync(int limit = 100, CancellationToken ct = default, string? after = null, string? enterprise = null) =>
        _store.ListJobsAsync(limit, ct, after, enterprise);
    public Task<IReadOnlyList<FeedEvent>> ReadFeedAsync(long afterSequence, int limit, CancellationToken ct = default) => _store.ReadFeedAsync(afterSequence, limit, ct);
    public Task<long> LastFeedSequenceAsync(CancellationToken ct = default) => _store.LastFeedSequenceAsync(ct);
    public ValueTask DisposeAsync() => _store.DisposeAsync();

    /// <summary>Folds the WAL into the database file (for measuring size, or before a backup).</summary>
    public Task CheckpointAsync(CancellationToken ct = default) => _store.CheckpointAsync(ct);

    internal RelationalEventStore Relational => _store;

    private sealed class Store(string path, string auditPath) : RelationalEventStore
    {
        /// <summary>How long a writer waits for another: SQLite's busy timeout, and the wait for a turn in this process.</summary>
        private const int BusyTimeoutSeconds = 30;
        private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(BusyTimeoutSeconds);
        // A 16 MiB page cache per connection: with large events (17.5 KB each on disk) 64 MiB caches filled and took the
        // server's peak to 381 MiB against 280; at a million events MATCH_epc's p99 stayed at 0.34-0.40 ms (docs/benchmarks.md).
        private static readonly string ConnectionPragmas =
            $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={BusyTimeoutSeconds * 1000}; PRAGMA cache_size=-16384; PRAGMA wal_autocheckpoint=10000";
        private readonly string _connectionString = ConnectionString(path);
        private readonly string _auditConnectionString = ConnectionString(auditPath);

        /// <summary>This process's writers in turn (capture, job rows, feature transactions): one holds SQLite's write lock at a time.</summary>
        private readonly SemaphoreSlim _writer = new(1, 1);

        /// <summary>The same for the audit log's file, which has a write lock of its own.</summary>
        private readonly SemaphoreSlim _auditWriter = new(1, 1);
        private long _nextEventId;
        private long _lastRecordTime;

        public string Path { get; } = path;

        public string AuditPath { get; } = auditPath;

        private static string ConnectionString(string file) =>
            new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = BusyTimeoutSeconds }.ToString();

        public async Task InitialiseAsync(Action<string>? progress, CancellationToken ct)
        {
            await using (var connection = await OpenAsync(ct))
            {
                await Db.ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", ct);
                await Migrations.RunAsync(connection, "sqlite", null, ct, progress);
                await BackfillAsync(connection, null, progress, ct);
                _nextEventId = Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COALESCE(MAX(id), 0) + 1 FROM events", ct));
                _lastRecordTime = Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COALESCE((SELECT record_time FROM events ORDER BY id DESC LIMIT 1), 0)", ct));
            }
            await InitialiseAuditAsync(progress, ct);
        }

        /// <summary>
        /// Creates or migrates audit.db. When it is new, the rows an earlier version kept in events.db's audit_log are
        /// copied into it with their ids, in the transaction that marks the copy done (<c>user_version</c> 1): a crash
        /// during the copy leaves it to be done again, never half done. events.db's table is not written any more.
        /// </summary>
        private async Task InitialiseAuditAsync(Action<string>? progress, CancellationToken ct)
        {
            await using var audit = await OpenAsync(_auditConnectionString, ct);
            await Db.ExecuteAsync(audit, null, "PRAGMA journal_mode=WAL", ct);
            await Migrations.RunAsync(audit, "sqlite-audit", null, ct, progress);
            await using var tx = (SqliteTransaction)await audit.BeginTransactionAsync(ct);
            if (Convert.ToInt64(await Db.ScalarAsync(audit, tx, "PRAGMA user_version", ct)) != 0)
            {
                return;
            }
            await using (var events = await OpenAsync(ct))
            {
                await using var read = events.CreateCommand();
                read.CommandText = "SELECT id, at, actor, actor_kind, action, target, outcome, remote, detail FROM audit_log ORDER BY id";
                await using var rows = await read.ExecuteReaderAsync(ct);
                await using var insert = audit.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO audit_log (id, at, actor, actor_kind, action, target, outcome, remote, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
                for (var i = 1; i <= 9; i++)
                {
                    insert.Parameters.Add(new SqliteParameter("$" + i, null));
                }
                var copied = 0L;
                while (await rows.ReadAsync(ct))
                {
                    for (var i = 0; i < 9; i++)
                    {
                        insert.Parameters[i].Value = rows.GetValue(i);
                    }
                    await insert.ExecuteNonQueryAsync(ct);
                    if (++copied % 100_000 == 0)
                    {
                        progress?.Invoke($"audit.db: {copied:N0} audit rows copied from events.db");
                    }
                }
                if (copied > 0)
                {
                    progress?.Invoke($"audit.db: {copied:N0} audit rows copied from events.db");
                }
            }
            await Db.ExecuteAsync(audit, tx, "PRAGMA user_version = 1", ct);
            await tx.CommitAsync(ct);
        }

        private Task<SqliteConnection> OpenAsync(CancellationToken ct) => OpenAsync(_connectionString, ct);

        private static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken ct)
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
            // A larger page cache keeps the dictionary and index pages of a busy writer in memory (the default is 2 MB).
            await Db.ExecuteAsync(connection, null, ConnectionPragmas, ct);
            return connection;
        }

        public async Task CheckpointAsync(CancellationToken ct)
        {
            await using var connection = await OpenAsync(ct);
            await Db.ExecuteAsync(connection, null, "PRAGMA wal_checkpoint(TRUNCATE)", ct);
        }

        protected override async ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken ct) => await OpenAsync(ct);

        internal override async ValueTask<DbConnection> OpenAuditConnectionAsync(CancellationToken ct) => await OpenAsync(_auditConnectionString, ct);

        internal override ValueTask<IDisposable?> EnterAuditWriteAsync(CancellationToken ct) => EnterTurnAsync(_auditWriter, ct);

        internal override ValueTask<IDisposable?> EnterWriteAsync(CancellationToken ct) => EnterTurnAsync(_writer, ct);

        private static async ValueTask<IDisposable?> EnterTurnAsync(SemaphoreSlim writer, CancellationToken ct)
        {
            // As long as SQLite's own busy timeout: a writer that waits longer fails as it did on the lock itself.
            if (!await writer.WaitAsync(BusyTimeout, ct))
            {
                throw new SqliteException($"database is locked: another write did not finish within {BusyTimeout.TotalSeconds:0} s", 5);
            }
            return new Turn(writer);
        }

        protected override async Task<WriteSession> BeginWriteAsync(CancellationToken ct)
        {
            // The capture writer waits as long as it takes: a job queued behind a large one is not an error.
            await _writer.WaitAsync(ct);
            try
            {
                var connection = await OpenAsync(ct);
                var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
                return new Session(this, connection, transaction);
            }
            catch
            {
                _writer.Release();
                throw;
            }
        }

        private sealed class Turn(SemaphoreSlim writer) : IDisposable
        {
            private int _released;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _released, 1) == 0)
                {
                    writer.Release();
                }
            }
        }

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            return ValueTask.CompletedTask;
        }

        private sealed class Session(Store store, SqliteConnection connection, SqliteTransaction transaction) : WriteSession(connection, transaction), ISqliteWriteSession
        {
            private SqliteCommand? _findStored;
            private sqlite3_stmt? _findString, _insertString, _insertStrings;

            public override Task<IReadOnlyList<long>> ReserveEventIdsAsync(int count, CancellationToken ct)
            {
                // The write transaction holds SQLite's write lock, so the file's own maxima are final: reading them (two index
                // seeks) keeps ids and record times right when another process (a CLI import, a second server) wrote meanwhile.
                using (var maxima = connection.CreateCommand())
                {
                    maxima.Transaction = transaction;
                    maxima.CommandText = "SELECT (SELECT COALESCE(MAX(id), 0) FROM events), COALESCE((SELECT record_time FROM events ORDER BY id DESC LIMIT 1), 0)";
                    using var reader = maxima.ExecuteReader();
                    reader.Read();
                    store._nextEventId = Math.Max(store._nextEventId, reader.GetInt64(0) + 1);
                    store._lastRecordTime = Math.Max(store._lastRecordTime, reader.GetInt64(1));
                }
                var first = store._nextEventId;
                store._nextEventId += count;
                return Task.FromResult<IReadOnlyList<long>>(Enumerable.Range(0, count).Select(i => first + i).ToArray());
            }

            public override long RecordTime()
            {
                // Record times never go backwards, so recordTime order is also the order events were stored in.
                store._lastRecordTime = Math.Max(store._lastRecordTime, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                return store._lastRecordTime;
            }

            private SqliteCommand Prepare(ref SqliteCommand? command, string sql, params string[] parameters)
            {
                if (command is null)
                {
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = sql;
                    foreach (var p in parameters)
                    {
                        command.Parameters.Add(new SqliteParameter(p, null));
                    }
                    command.Prepare();
                }
                return command;
            }

            public override Task InternAsync(IReadOnlyList<string> values, Dictionary<string, long> ids, CancellationToken ct)
            {
                // Most strings the cache misses are new (fresh EPCs): insert many per statement, then look up the rest.
                // Statements are SQLitePCL ones bound by position (see SqliteRows for why).
                const int chunk = 64;
                _insertStrings ??= SqliteNative.Prepare(connection,
                    "INSERT OR FAIL INTO strings (value) VALUES " + string.Join(", ", Enumerable.Repeat("(?)", chunk)) + " ON CONFLICT (value) DO NOTHING RETURNING id, value");
                _insertString ??= SqliteNative.Prepare(connection, "INSERT OR FAIL INTO strings (value) VALUES (?) ON CONFLICT (value) DO NOTHING RETURNING id, value");
                var start = 0;
                for (; start + chunk <= values.Count; start += chunk)
                {
                    ct.ThrowIfCancellationRequested();
                    for (var i = 0; i < chunk; i++)
                    {
                        SqliteNative.Check(connection, raw.sqlite3_bind_text(_insertStrings, i + 1, StoredText.Encode(values[start + i])));
                    }
                    ReadIds(_insertStrings, ids);
                }
                for (; start < values.Count; start++)
                {
                    SqliteNative.Check(connection, raw.sqlite3_bind_text(_insertString, 1, StoredText.Encode(values[start])));
                    ReadIds(_insertString, ids);
                }
                foreach (var value in values)
                {
                    if (!ids.ContainsKey(value))
                    {
                        _findString ??= SqliteNative.Prepare(connection, "SELECT id, value FROM strings WHERE value = ?");
                        SqliteNative.Check(connection, raw.sqlite3_bind_text(_findString, 1, StoredText.Encode(value)));
                        ReadIds(_findString, ids);
                    }
                }
                return Task.CompletedTask;
            }

            private void ReadIds(sqlite3_stmt statement, Dictionary<string, long> ids)
            {
                try
                {
                    int rc;
                    while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                    {
                        ids[StoredText.Decode(raw.sqlite3_column_text(statement, 1).utf8_to_string())] = raw.sqlite3_column_int64(statement, 0);
                    }
                    SqliteNative.Check(connection, rc);
                }
                finally
                {
                    raw.sqlite3_reset(statement);
                }
            }

            public override Task<IReadOnlyList<StoredBody>> FindStoredAsync(IReadOnlyList<(long Hash, byte[] EventId)> keys, CancellationToken ct)
            {
                // One prepared statement for every chunk; a short last chunk repeats its last key, which changes nothing.
                const int chunk = 256;
                var result = new List<StoredBody>();
                if (keys.Count == 0)
                {
                    return Task.FromResult<IReadOnlyList<StoredBody>>(result);
                }
                var find = Prepare(ref _findStored,
                    $"SELECT event_id, event_time, tz_offset, context_id, body, id FROM events WHERE eid_hash IN ({string.Join(", ", Enumerable.Range(0, chunk).Select(i => "@h" + i))})",
                    Enumerable.Range(0, chunk).Select(i => "@h" + i).ToArray());
                HashSet<string>? wanted = null;
                // A row whose hash two chunks share is read by both: kept once.
                var rows = new HashSet<long>();
                for (var start = 0; start < keys.Count; start += chunk)
                {
                    ct.ThrowIfCancellationRequested();
                    for (var i = 0; i < chunk; i++)
                    {
                        find.Parameters[i].Value = keys[Math.Min(start + i, keys.Count - 1)].Hash;
                    }
                    using var reader = find.ExecuteReader();
                    while (reader.Read())
                    {
                        var eventId = (byte[])reader.GetValue(0);
                        wanted ??= keys.Select(k => Convert.ToHexString(k.EventId)).ToHashSet();
                        // Every row of a wanted eventID (an event and its error declarations share one).
                        if (wanted.Contains(Convert.ToHexString(eventId)) && rows.Add(reader.GetInt64(5)))
                        {
                            result.Add(new StoredBody(eventId, reader.GetInt64(1), (short)reader.GetInt64(2), Db.NullableInt64(reader, 3), (byte[])reader.GetValue(4), reader.GetInt64(5)));
                        }
                    }
                }
                return Task.FromResult<IReadOnlyList<StoredBody>>(result);
            }

            public override Task WriteAsync(IReadOnlyList<EventRow> rows, CancellationToken ct)
            {
                var events = Rows("events (id, eid_hash, event_id, type, event_time, tz_offset, record_time, job_id, context_id, action, biz_step, disposition, read_point, biz_location, transformation_id, error_time, error_reason, has_sensor, body, lineage)", 20, 32);
                var refs = Rows("refs (value_id, kind, event, qual)", 4, 128);
                var quantities = Rows("quantities (event, seq, kind, class_id, quantity, uom)", 6, 64);
                var fields = Rows("fields (name_id, kind, str, event, seq, num, time)", 7, 64);
                var sensors = Rows($"sensor_reports ({SensorReportColumns})", 23, 16);
                foreach (var row in rows)
                {
                    ct.ThrowIfCancellationRequested();
                    events.Add(row.Id, row.EidHash, row.EventId, row.Type, row.EventTime, row.Offset, row.RecordTime, row.JobId, row.ContextId, row.Action,
                        row.BizStep, row.Disposition, row.ReadPoint, row.BizLocation, row.TransformationId, row.ErrorTime, row.ErrorReason,
                        row.HasSensor ? 1 : null, row.Body, row.Lineage);
                    foreach (var r in row.Refs)
                    {
                        refs.Add(r.ValueId, r.Kind, row.Id, r.Qual);
                    }
                    var seq = 0;
                    foreach (var q in row.Quantities)
                    {
                        quantities.Add(row.Id, seq++, q.Kind, q.ClassId, q.Quantity, q.Uom);
                    }
                    seq = 0;
                    foreach (var f in row.Fields)
                    {
                        // No text: a zero-length BLOB, which no text parameter equals (migration 0022: str is part of the key).
                        fields.Add(f.NameId, f.Kind, f.Text ?? (object)Array.Empty<byte>(), row.Id, seq++, f.Number, f.Time);
                    }
                    seq = 0;
                    foreach (var s in row.Sensors)
                    {
                        sensors.Add(row.Id, seq++, s.Type, s.Uom, s.Value, s.MinValue, s.MaxValue, s.MeanValue, s.SDev, s.PercRank, s.PercValue,
                            s.BooleanValue is { } b ? (b ? 1 : 0) : null, s.Time, s.StartTime, s.EndTime,
                            s.Names?[0], s.Names?[1], s.Names?[2], s.Names?[3], s.Names?[4], s.Names?[5], s.Names?[6], s.Names?[7]);
                    }
                }
                // Events first: the index rows refer to them.
                events.Flush();
                refs.Flush();
                quantities.Flush();
                fields.Flush();
                sensors.Flush();
                var types = Rows("event_types (type)", 1, 8, ignoreConflicts: true);
                foreach (var type in rows.Select(r => r.Type).Distinct())
                {
                    types.Add(type);
                }
                types.Flush();
                return Task.CompletedTask;
            }

            private readonly Dictionary<(string, bool), SqliteRows> _inserts = [];

            public SqliteRows Rows(string target, int columns, int rowsPerStatement, bool ignoreConflicts = false)
            {
                if (!_inserts.TryGetValue((target, ignoreConflicts), out var insert))
                {
                    _inserts[(target, ignoreConflicts)] = insert = new SqliteRows(connection, target, columns, rowsPerStatement, ignoreConflicts);
                }
                return insert;
            }

            public override async ValueTask DisposeAsync()
            {
                _findStored?.Dispose();
                foreach (var statement in new[] { _findString, _insertString, _insertStrings })
                {
                    statement?.Dispose();
                }
                foreach (var insert in _inserts.Values)
                {
                    insert.Dispose();
                }
                try
                {
                    await base.DisposeAsync();
                }
                finally
                {
                    store._writer.Release();
                }
            }
        }
    }
}
