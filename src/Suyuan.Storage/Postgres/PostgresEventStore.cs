using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Suyuan.Storage.Indexing;

namespace Suyuan.Storage.Postgres;

/// <summary>
/// The production store on PostgreSQL: the same tables as SQLite, written by binary COPY; several writers may run at
/// once (the unique eventID index settles races: the losing transaction fails and its capture is retried or reported).
/// </summary>
public sealed partial class PostgresEventStore : IEventStore
{
    private readonly Store _store;

    private PostgresEventStore(Store store) => _store = store;

    public static Task<PostgresEventStore> OpenAsync(string connectionString, CancellationToken ct = default) => OpenAsync(connectionString, null, ct);

    /// <param name="progress">Told of the migrations an upgrade applies (they may take a while on a large database).</param>
    public static async Task<PostgresEventStore> OpenAsync(string connectionString, Action<string>? progress, CancellationToken ct = default)
    {
        var store = new Store(NpgsqlDataSource.Create(WithDefaults(connectionString)));
        await store.InitialiseAsync(progress, ct);
        return new PostgresEventStore(store);
    }

    /// <summary>
    /// The connection string with the store's defaults for what it leaves unsaid: statements run twice on a connection are
    /// prepared on the server (Npgsql's automatic preparation; the derived views run the same few statements for every
    /// event, and preparing them cut a capturing server's CPU per event). Setting <c>Max Auto Prepare</c> in the
    /// connection string overrides it (<c>Max Auto Prepare=0</c> behind a pooler that cannot keep prepared statements).
    /// </summary>
    internal static string WithDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 };
        if (!given.ContainsKey("Auto Prepare Min Usages") && !given.ContainsKey("AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }
        return builder.ConnectionString;
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

    internal RelationalEventStore Relational => _store;

    private sealed class Store(NpgsqlDataSource dataSource) : RelationalEventStore
    {
        // event_id has an index of its own here (not unique since 0022: an error declaration shares its event's eventID);
        // eid_hash has none (and rows stored before 0020 keep 64-bit hashes). Ids come from a sequence and record times from
        // each server's clock, so with several servers on one database their orders may differ: record_time keeps its index.
        internal override Query.QueryLayout Layout => new(EventIdHashIndexed: false, RecordTimeFollowsId: false, TextCollation: " COLLATE \"C\"", ValuelessFieldsKeepBlob: false,
            ListsAsArrays: true, FieldTextHashed: true);

        public async Task InitialiseAsync(Action<string>? progress, CancellationToken ct)
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            // Concurrent starts serialise on an advisory lock held by each migration's transaction.
            await Migrations.RunAsync(connection, "postgres", "SELECT pg_advisory_xact_lock(7275847361)", ct, progress);
            await BackfillAsync(connection, "SELECT pg_advisory_xact_lock(7275847361)", progress, ct);
        }

        protected override async ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken ct) => await dataSource.OpenConnectionAsync(ct);

        protected override async Task<WriteSession> BeginWriteAsync(CancellationToken ct)
        {
            var connection = await dataSource.OpenConnectionAsync(ct);
            try
            {
                var transaction = await connection.BeginTransactionAsync(ct);
                // Writers take turns so event ids become visible in increasing order: the feed of derived views never skips one.
                await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7275847362)", connection, transaction))
                {
                    await lockCommand.ExecuteNonQueryAsync(ct);
                }
                return new Session(connection, transaction);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public override ValueTask DisposeAsync() => dataSource.DisposeAsync();

        private sealed class Session(NpgsqlConnection connection, NpgsqlTransaction transaction) : WriteSession(connection, transaction)
        {
            public override async Task<IReadOnlyList<long>> ReserveEventIdsAsync(int count, CancellationToken ct)
            {
                // One round trip for the batch's ids; they need not be contiguous, only unique and increasing.
                await using var command = new NpgsqlCommand("SELECT nextval('events_id_seq') FROM generate_series(1, @n)", connection, transaction);
                command.Parameters.AddWithValue("n", count);
                await using var reader = await command.ExecuteReaderAsync(ct);
                var ids = new List<long>(count);
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetInt64(0));
                }
                ids.Sort();
                return ids;
            }

            public override long RecordTime() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

            public override async Task InternAsync(IReadOnlyList<string> values, Dictionary<string, long> ids, CancellationToken ct)
            {
                var array = values.Select(StoredText.Encode).ToArray();
                await using (var insert = new NpgsqlCommand("INSERT INTO strings (value) SELECT unnest(@v) ON CONFLICT (value) DO NOTHING", connection, transaction))
                {
                    insert.Parameters.AddWithValue("v", array);
                    await insert.ExecuteNonQueryAsync(ct);
                }
                await using var select = new NpgsqlCommand("SELECT id, value FROM strings WHERE value = ANY(@v)", connection, transaction);
                select.Parameters.AddWithValue("v", array);
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    ids[StoredText.Decode(reader.GetString(1))] = reader.GetInt64(0);
                }
            }

            public override async Task<IReadOnlyList<StoredBody>> FindStoredAsync(IReadOnlyList<(long Hash, byte[] EventId)> keys, CancellationToken ct)
            {
                var result = new List<StoredBody>();
                if (keys.Count == 0)
                {
                    return result;
                }
                await using var command = new NpgsqlCommand("SELECT event_id, event_time, tz_offset, context_id, body, id FROM events WHERE event_id = ANY(@ids)", connection, transaction);
                command.Parameters.AddWithValue("ids", keys.Select(k => k.EventId).ToArray());
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    result.Add(new StoredBody((byte[])reader.GetValue(0), reader.GetInt64(1), reader.GetInt16(2), reader.IsDBNull(3) ? null : reader.GetInt64(3), (byte[])reader.GetValue(4), reader.GetInt64(5)));
                }
                return result;
            }

            public override async Task WriteAsync(IReadOnlyList<EventRow> rows, CancellationToken ct)
            {
                await using (var events = await connection.BeginBinaryImportAsync(
                    "COPY events (id, eid_hash, event_id, type, event_time, tz_offset, record_time, job_id, context_id, action, biz_step, disposition, read_point, biz_location, transformation_id, error_time, error_reason, has_sensor, body, lineage) FROM STDIN (FORMAT BINARY)", ct))
                {
                    foreach (var r in rows)
                    {
                        await events.StartRowAsync(ct);
                        await events.WriteAsync(r.Id, NpgsqlDbType.Bigint, ct);
                        await events.WriteAsync(r.EidHash, NpgsqlDbType.Bigint, ct);
                        await events.WriteAsync(r.EventId, NpgsqlDbType.Bytea, ct);
                        await events.WriteAsync(r.Type, NpgsqlDbType.Bigint, ct);
                        await events.WriteAsync(r.EventTime, NpgsqlDbType.Bigint, ct);
                        await events.WriteAsync(r.Offset, NpgsqlDbType.Smallint, ct);
                        await events.WriteAsync(r.RecordTime, NpgsqlDbType.Bigint, ct);
                        await WriteOrNull(events, r.JobId, ct);
                        await WriteOrNull(events, r.ContextId, ct);
                        if (r.Action is { } a)
                        {
                            await events.WriteAsync(a, NpgsqlDbType.Smallint, ct);
                        }
                        else
                        {
                            await events.WriteNullAsync(ct);
                        }
                        await WriteOrNull(events, r.BizStep, ct);
                        await WriteOrNull(events, r.Disposition, ct);
                        await WriteOrNull(events, r.ReadPoint, ct);
                        await WriteOrNull(events, r.BizLocation, ct);
                        await WriteOrNull(events, r.TransformationId, ct);
                        await WriteOrNull(events, r.ErrorTime, ct);
                        await WriteOrNull(events, r.ErrorReason, ct);
                        if (r.HasSensor)
                        {
                            await events.WriteAsync((short)1, NpgsqlDbType.Smallint, ct);
                        }
                        else
                        {
                            await events.WriteNullAsync(ct);
                        }
                        await events.WriteAsync(r.Body, NpgsqlDbType.Bytea, ct);
                        if (r.Lineage is { } lineage)
                        {
                            await events.WriteAsync(lineage, NpgsqlDbType.Bytea, ct);
                        }
                        else
                        {
                            await events.WriteNullAsync(ct);
                        }
                    }
                    await events.CompleteAsync(ct);
                }
                await using (var refs = await connection.BeginBinaryImportAsync("COPY refs (value_id, kind, event, qual) FROM STDIN (FORMAT BINARY)", ct))
                {
                    foreach (var r in rows)
                    {
                        foreach (var x in r.Refs)
                        {
                            await refs.WriteRowAsync(ct, x.ValueId, x.Kind, r.Id, x.Qual);
                        }
                    }
                    await refs.CompleteAsync(ct);
                }
                if (rows.Any(r => r.Quantities.Count > 0))
                {
                    await using var quantities = await connection.BeginBinaryImportAsync("COPY quantities (event, seq, kind, class_id, quantity, uom) FROM STDIN (FORMAT BINARY)", ct);
                    foreach (var r in rows)
                    {
                        var seq = 0;
                        foreach (var q in r.Quantities)
                        {
                            await quantities.StartRowAsync(ct);
                            await quantities.WriteAsync(r.Id, NpgsqlDbType.Bigint, ct);
                            await quantities.WriteAsync(seq++, NpgsqlDbType.Integer, ct);
                            await quantities.WriteAsync(q.Kind, NpgsqlDbType.Smallint, ct);
                            await quantities.WriteAsync(q.ClassId, NpgsqlDbType.Bigint, ct);
                            await WriteOrNull(quantities, q.Quantity, NpgsqlDbType.Double, ct);
                            await WriteOrNull(quantities, q.Uom, ct);
                        }
                    }
                    await quantities.CompleteAsync(ct);
                }
                if (rows.Any(r => r.Fields.Count > 0))
                {
                    await using var fields = await connection.BeginBinaryImportAsync("COPY fields (event, kind, name_id, str, num, time) FROM STDIN (FORMAT BINARY)", ct);
                    foreach (var r in rows)
                    {
                        foreach (var f in r.Fields)
                        {
                            await fields.StartRowAsync(ct);
                            await fields.WriteAsync(r.Id, NpgsqlDbType.Bigint, ct);
                            await fields.WriteAsync(f.Kind, NpgsqlDbType.Smallint, ct);
                            await fields.WriteAsync(f.NameId, NpgsqlDbType.Bigint, ct);
                            await WriteOrNull(fields, f.Text, ct);
                            await WriteOrNull(fields, f.Number, NpgsqlDbType.Double, ct);
                            await WriteOrNull(fields, f.Time, ct);
                        }
                    }
                    await fields.CompleteAsync(ct);
                }
                if (rows.Any(r => r.Sensors.Count > 0))
                {
                    await using var sensors = await connection.BeginBinaryImportAsync(
                        $"COPY sensor_reports ({SensorReportColumns}) FROM STDIN (FORMAT BINARY)", ct);
                    foreach (var r in rows)
                    {
                        var seq = 0;
                        foreach (var s in r.Sensors)
                        {
                            await sensors.StartRowAsync(ct);
                            await sensors.WriteAsync(r.Id, NpgsqlDbType.Bigint, ct);
                            await sensors.WriteAsync(seq++, NpgsqlDbType.Integer, ct);
                            await WriteOrNull(sensors, s.Type, ct);
                            await WriteOrNull(sensors, s.Uom, ct);
                            foreach (var number in new[] { s.Value, s.MinValue, s.MaxValue, s.MeanValue, s.SDev, s.PercRank, s.PercValue })
                            {
                                await WriteOrNull(sensors, number, NpgsqlDbType.Double, ct);
                            }
                            await WriteOrNull(sensors, s.BooleanValue, NpgsqlDbType.Boolean, ct);
                            await WriteOrNull(sensors, s.Time, ct);
                            await WriteOrNull(sensors, s.StartTime, ct);
                            await WriteOrNull(sensors, s.EndTime, ct);
                            for (var n = 0; n < EventIndexer.SensorNameColumns.Length; n++)
                            {
                                await WriteOrNull(sensors, s.Names?[n], ct);
                            }
                        }
                    }
                    await sensors.CompleteAsync(ct);
                }
                // Concurrent writers may add the same new type: the first one's row stays.
                await using (var types = new NpgsqlCommand("INSERT INTO event_types (type) SELECT unnest(@types) ON CONFLICT DO NOTHING", connection, transaction))
                {
                    types.Parameters.AddWithValue("types", rows.Select(r => r.Type).Distinct().ToArray());
                    await types.ExecuteNonQueryAsync(ct);
                }
            }

            private static Task WriteOrNull<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct)
                where T : struct =>
                value is { } v ? importer.WriteAsync(v, type, ct) : importer.WriteNullAsync(ct);

            private static Task WriteOrNull(NpgsqlBinaryImporter importer, string? value, CancellationToken ct) =>
                value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, NpgsqlDbType.Text, ct);

            private static Task WriteOrNull(NpgsqlBinaryImporter importer, long? value, CancellationToken ct) => WriteOrNull(importer, value, NpgsqlDbType.Bigint, ct);
        }
    }
}
