using System.Data.Common;
using Microsoft.Data.Sqlite;
using Suyuan.Storage.Indexing;

namespace Suyuan.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file (events.db) in WAL mode with synchronous=NORMAL. A committed capture survives a
/// crash of the process; a power loss or OS crash may lose the last transactions (not corrupt the file) — use PostgreSQL
/// where acknowledged data must survive that too. One writer at a time; readers run alongside.
/// </summary>
public sealed partial class SqliteEventStore : IEventStore
{
    public const string FileName = "events.db";

    private readonly Store _store;

    private SqliteEventStore(Store store) => _store = store;

    public string DatabasePath => _store.Path;

    public static async Task<SqliteEventStore> OpenAsync(string dataDirectory, CancellationToken ct = default)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, FileName));
        var store = new Store(path);
        await store.InitialiseAsync(ct);
        return new SqliteEventStore(store);
    }

    public Task<AppendResult> AppendAsync(IReadOnlyList<EventInput> batch, CancellationToken ct = default) => _store.AppendAsync(batch, ct);
    public Task<ICaptureTransaction> BeginCaptureAsync(string? jobId, CancellationToken ct = default) => _store.BeginCaptureAsync(jobId, ct);
    public Task<EventPage> QueryAsync(Query.EpcisQuery query, CancellationToken ct = default) => _store.QueryAsync(query, ct);
    public Task<CaptureJob> CreateJobAsync(CancellationToken ct = default) => _store.CreateJobAsync(ct);
    public Task UpdateJobAsync(CaptureJob job, CancellationToken ct = default) => _store.UpdateJobAsync(job, ct);
    public Task<CaptureJob?> GetJobAsync(string jobId, CancellationToken ct = default) => _store.GetJobAsync(jobId, ct);
    public Task<IReadOnlyList<CaptureJob>> ListJobsAsync(int limit = 100, CancellationToken ct = default) => _store.ListJobsAsync(limit, ct);
    public ValueTask DisposeAsync() => _store.DisposeAsync();

    /// <summary>Folds the WAL into the database file (for measuring size, or before a backup).</summary>
    public Task CheckpointAsync(CancellationToken ct = default) => _store.CheckpointAsync(ct);

    internal RelationalEventStore Relational => _store;

    private sealed class Store(string path) : RelationalEventStore
    {
        private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        private readonly SemaphoreSlim _writer = new(1, 1);
        private long _nextEventId;
        private long _lastRecordTime;

        public string Path { get; } = path;

        public async Task InitialiseAsync(CancellationToken ct)
        {
            await using var connection = await OpenAsync(ct);
            await Db.ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", ct);
            await Migrations.RunAsync(connection, "sqlite", null, ct);
            _nextEventId = Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COALESCE(MAX(id), 0) + 1 FROM events", ct));
            _lastRecordTime = Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COALESCE(MAX(record_time), 0) FROM events", ct));
        }

        private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
        {
            var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(ct);
            // A larger page cache keeps the dictionary and index pages of a busy writer in memory (the default is 2 MB).
            await Db.ExecuteAsync(connection, null, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=10000", ct);
            return connection;
        }

        public async Task CheckpointAsync(CancellationToken ct)
        {
            await using var connection = await OpenAsync(ct);
            await Db.ExecuteAsync(connection, null, "PRAGMA wal_checkpoint(TRUNCATE)", ct);
        }

        protected override async ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken ct) => await OpenAsync(ct);

        protected override async Task<WriteSession> BeginWriteAsync(CancellationToken ct)
        {
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

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            return ValueTask.CompletedTask;
        }

        private sealed class Session(Store store, SqliteConnection connection, SqliteTransaction transaction) : WriteSession(connection, transaction)
        {
            private SqliteCommand? _findString, _insertString, _insertStrings, _insertEvent, _insertRef, _insertQuantity, _insertField;

            public override Task<IReadOnlyList<long>> ReserveEventIdsAsync(int count, CancellationToken ct)
            {
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
                const int chunk = 64;
                var insertMany = Prepare(ref _insertStrings,
                    "INSERT INTO strings (value) VALUES " + string.Join(", ", Enumerable.Range(0, chunk).Select(i => $"(@v{i})")) + " ON CONFLICT (value) DO NOTHING RETURNING id, value",
                    Enumerable.Range(0, chunk).Select(i => $"@v{i}").ToArray());
                var insertOne = Prepare(ref _insertString, "INSERT INTO strings (value) VALUES (@v) ON CONFLICT (value) DO NOTHING RETURNING id, value", "@v");
                var start = 0;
                for (; start + chunk <= values.Count; start += chunk)
                {
                    for (var i = 0; i < chunk; i++)
                    {
                        insertMany.Parameters[i].Value = values[start + i];
                    }
                    ReadIds(insertMany, ids);
                }
                for (; start < values.Count; start++)
                {
                    insertOne.Parameters[0].Value = values[start];
                    ReadIds(insertOne, ids);
                }
                var find = Prepare(ref _findString, "SELECT id FROM strings WHERE value = @v", "@v");
                foreach (var value in values)
                {
                    if (!ids.ContainsKey(value))
                    {
                        find.Parameters[0].Value = value;
                        ids[value] = (long)find.ExecuteScalar()!;
                    }
                }
                return Task.CompletedTask;
            }

            private static void ReadIds(SqliteCommand command, Dictionary<string, long> ids)
            {
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    ids[reader.GetString(1)] = reader.GetInt64(0);
                }
            }

            public override async Task<IReadOnlyList<StoredBody>> FindStoredAsync(IReadOnlyList<(long Hash, byte[] EventId)> keys, CancellationToken ct)
            {
                var result = new List<StoredBody>();
                foreach (var chunk in keys.Chunk(500))
                {
                    await using var command = Db.Command(connection, transaction,
                        $"SELECT event_id, event_time, tz_offset, context_id, body FROM events WHERE eid_hash IN ({string.Join(", ", chunk.Select((_, i) => "@h" + i))})",
                        chunk.Select((k, i) => Db.P("@h" + i, k.Hash)));
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    var wanted = chunk.Select(k => Convert.ToHexString(k.EventId)).ToHashSet();
                    while (await reader.ReadAsync(ct))
                    {
                        var eventId = (byte[])reader.GetValue(0);
                        if (wanted.Contains(Convert.ToHexString(eventId)))
                        {
                            result.Add(new StoredBody(eventId, reader.GetInt64(1), (short)reader.GetInt64(2), Db.NullableInt64(reader, 3), (byte[])reader.GetValue(4)));
                        }
                    }
                }
                return result;
            }

            public override Task WriteAsync(IReadOnlyList<EventRow> rows, CancellationToken ct)
            {
                var insertEvent = Prepare(ref _insertEvent,
                    "INSERT INTO events (id, eid_hash, event_id, type, event_time, tz_offset, record_time, job_id, context_id, action, biz_step, disposition, read_point, biz_location, transformation_id, error_time, error_reason, has_sensor, body) VALUES (@a0, @a1, @a2, @a3, @a4, @a5, @a6, @a7, @a8, @a9, @a10, @a11, @a12, @a13, @a14, @a15, @a16, @a17, @a18)",
                    Enumerable.Range(0, 19).Select(i => "@a" + i).ToArray());
                var insertRef = Prepare(ref _insertRef, "INSERT INTO refs (value_id, kind, event, qual) VALUES (@v, @k, @e, @q)", "@v", "@k", "@e", "@q");
                var insertQuantity = Prepare(ref _insertQuantity, "INSERT INTO quantities (event, seq, kind, class_id, quantity, uom) VALUES (@e, @s, @k, @c, @q, @u)", "@e", "@s", "@k", "@c", "@q", "@u");
                var insertField = Prepare(ref _insertField, "INSERT INTO fields (event, kind, name_id, str, num, time) VALUES (@e, @k, @n, @s, @v, @t)", "@e", "@k", "@n", "@s", "@v", "@t");
                var p = insertEvent.Parameters;
                foreach (var row in rows)
                {
                    ct.ThrowIfCancellationRequested();
                    Set(p, row.Id, row.EidHash, row.EventId, row.Type, row.EventTime, row.Offset, row.RecordTime, row.JobId, row.ContextId, row.Action,
                        row.BizStep, row.Disposition, row.ReadPoint, row.BizLocation, row.TransformationId, row.ErrorTime, row.ErrorReason,
                        row.HasSensor ? 1 : null, row.Body);
                    insertEvent.ExecuteNonQuery();
                    foreach (var r in row.Refs)
                    {
                        Set(insertRef.Parameters, r.ValueId, r.Kind, row.Id, r.Qual);
                        insertRef.ExecuteNonQuery();
                    }
                    var seq = 0;
                    foreach (var q in row.Quantities)
                    {
                        Set(insertQuantity.Parameters, row.Id, seq++, q.Kind, q.ClassId, q.Quantity, q.Uom);
                        insertQuantity.ExecuteNonQuery();
                    }
                    foreach (var f in row.Fields)
                    {
                        Set(insertField.Parameters, row.Id, f.Kind, f.NameId, f.Text, f.Number, f.Time);
                        insertField.ExecuteNonQuery();
                    }
                }
                return Task.CompletedTask;
            }

            private static void Set(SqliteParameterCollection parameters, params ReadOnlySpan<object?> values)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i] ?? DBNull.Value;
                }
            }

            public override async ValueTask DisposeAsync()
            {
                foreach (var command in new[] { _findString, _insertString, _insertStrings, _insertEvent, _insertRef, _insertQuantity, _insertField })
                {
                    command?.Dispose();
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
