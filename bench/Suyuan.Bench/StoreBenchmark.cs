using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Suyuan.Storage;
using Suyuan.Storage.Postgres;
using Suyuan.Storage.Query;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Bench;

/// <summary>Inserts batches of typical ObjectEvents, then times MATCH_epc and EQ_bizStep queries; prints events/s and bytes/event.</summary>
internal static class StoreBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var batches = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        var batchSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var postgres = args.Length > 2 ? args[2] : null;
        var total = batches * batchSize;

        // Events are built one batch at a time (outside the clock) so that 1 M events fit in memory.
        var minified = Enumerable.Range(0, 1000).Average(n => System.Text.Encoding.UTF8.GetByteCount(TypicalObjectEvent(n)));
        Console.WriteLine($"typical event: {minified:F0} bytes of minified JSON, e.g.\n{TypicalObjectEvent(0)}");

        var dir = Path.Combine(Path.GetTempPath(), "suyuan-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            IEventStore store = postgres is null ? await SqliteEventStore.OpenAsync(dir) : await PostgresEventStore.OpenAsync(postgres);
            await using (store)
            {
                var clock = new Stopwatch();
                for (var b = 0; b < batches; b++)
                {
                    var inputs = Batch(b, batchSize);
                    clock.Start();
                    var result = await store.AppendAsync(inputs);
                    clock.Stop();
                    if (result.Stored != batchSize)
                    {
                        throw new InvalidOperationException($"batch {b}: {result.Stored} stored");
                    }
                }
                Console.WriteLine($"store ({(postgres is null ? "sqlite" : "postgres")}): {total:N0} events in {clock.Elapsed.TotalSeconds:F2} s = {total / clock.Elapsed.TotalSeconds:N0} events/s");

                var resend = Stopwatch.StartNew();
                var duplicates = (await store.AppendAsync(Batch(0, batchSize))).Duplicates;
                Console.WriteLine($"re-send of one batch: {duplicates} duplicates in {resend.Elapsed.TotalMilliseconds:F0} ms");

                if (store is SqliteEventStore sqlite)
                {
                    await sqlite.CheckpointAsync();
                    var bytes = new FileInfo(sqlite.DatabasePath).Length;
                    Console.WriteLine($"database file: {bytes:N0} bytes = {(double)bytes / total:F0} bytes/event (all tables and indexes)");
                    await PrintTableSizes(sqlite.DatabasePath, total);
                }
                else
                {
                    await PrintPostgresSizes(postgres!, total);
                }

                await LatencyAsync(store, "MATCH_epc", total, n => Epc(n), 1);
                // Five bizSteps spread evenly: each matches a fifth of the store; one page (30 events) is read.
                await LatencyAsync(store, "EQ_bizStep", total, n => Steps[n % Steps.Length], EpcisQuery.DefaultPerPage);
            }
            if (postgres is null)
            {
                await RawInsertAsync(batches, batchSize, Path.Combine(dir, "raw.db"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        return 0;
    }

    private static readonly string[] Steps = ["commissioning", "packing", "shipping", "receiving", "storing"];

    /// <summary>p50/p99 of 1,000 queries with one parameter, reading every event of the first page.</summary>
    private static async Task LatencyAsync(IEventStore store, string parameter, int total, Func<int, string> value, int expected)
    {
        var random = new Random(7);
        var latencies = new List<double>();
        for (var i = 0; i < 1000; i++)
        {
            var v = value(random.Next(total));
            var query = EpcisQuery.Parse([new KeyValuePair<string, string>(parameter, v)]).Query!;
            var t = Stopwatch.StartNew();
            var page = await store.QueryAsync(query);
            var found = 0;
            await foreach (var _ in page.Events)
            {
                found++;
            }
            latencies.Add(t.Elapsed.TotalMilliseconds);
            if (found != expected)
            {
                throw new InvalidOperationException($"{parameter} {v} found {found}");
            }
        }
        latencies.Sort();
        Console.WriteLine($"{parameter} at {total:N0} events: p50 {latencies[500]:F2} ms, p99 {latencies[990]:F2} ms");
    }

    private static List<EventInput> Batch(int b, int batchSize) =>
        Enumerable.Range(b * batchSize, batchSize).Select(n => new EventInput(JsonDocument.Parse(TypicalObjectEvent(n)).RootElement)).ToList();

    private static async Task PrintPostgresSizes(string connectionString, int total)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("VACUUM ANALYZE", connection);
        await command.ExecuteNonQueryAsync();
        command.CommandText = "SELECT c.relname, pg_relation_size(c.oid) + COALESCE(pg_relation_size(c.reltoastrelid), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') ORDER BY 2 DESC";
        await using var reader = await command.ExecuteReaderAsync();
        double sum = 0;
        while (await reader.ReadAsync())
        {
            sum += reader.GetInt64(1);
            Console.WriteLine($"  {reader.GetString(0),-28} {reader.GetInt64(1) / (double)total,6:F1} bytes/event");
        }
        Console.WriteLine($"  all tables and indexes       {sum / total,6:F1} bytes/event");
    }

    /// <summary>Lower bound: the same events as (eventID, JSON) rows with one unique index, prepared insert, same batches.</summary>
    private static async Task RawInsertAsync(int batches, int batchSize, string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE raw (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, json BLOB NOT NULL)";
            setup.ExecuteNonQuery();
        }
        var clock = new Stopwatch();
        for (var b = 0; b < batches; b++)
        {
            var json = Enumerable.Range(b * batchSize, batchSize).Select(TypicalObjectEvent).ToList();
            var ids = json.Select(j => JsonDocument.Parse(j).RootElement.GetProperty("eventID").GetString()!).ToList();
            clock.Start();
            using var tx = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO raw (event_id, json) VALUES (@i, @j)";
            var pi = insert.Parameters.Add("@i", SqliteType.Text);
            var pj = insert.Parameters.Add("@j", SqliteType.Blob);
            insert.Prepare();
            for (var i = 0; i < batchSize; i++)
            {
                pi.Value = ids[i];
                pj.Value = System.Text.Encoding.UTF8.GetBytes(json[i]);
                insert.ExecuteNonQuery();
            }
            tx.Commit();
            clock.Stop();
        }
        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
        var total = batches * batchSize;
        Console.WriteLine($"raw insert (eventID + JSON, unique index): {total / clock.Elapsed.TotalSeconds:N0} events/s, {(double)new FileInfo(path).Length / total:F0} bytes/event");
    }

    private static async Task PrintTableSizes(string path, int total)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC";
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                Console.WriteLine($"  {reader.GetString(0),-28} {reader.GetInt64(1) / (double)total,6:F1} bytes/event");
            }
        }
        catch (SqliteException)
        {
            // dbstat is optional in SQLite builds.
        }
    }

    private static string Epc(int n) => $"urn:epc:id:sgtin:0614141.{107346 + n % 200}.{n}";

    private static string TypicalObjectEvent(int n)
    {
        var time = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).AddSeconds(n * 3);
        var id = "ni:///sha-256;" + Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(n))) + "?ver=CBV2.0";
        string[] steps = ["commissioning", "packing", "shipping", "receiving", "storing"];
        string[] dispositions = ["active", "in_progress", "in_transit", "sellable_accessible", "sellable_not_accessible"];
        return $$$"""{"type":"ObjectEvent","eventTime":"{{{time:yyyy-MM-dd'T'HH:mm:ss.fffzzz}}}","eventTimeZoneOffset":"+08:00","eventID":"{{{id}}}","epcList":["{{{Epc(n)}}}"],"action":"OBSERVE","bizStep":"{{{steps[n % 5]}}}","disposition":"{{{dispositions[n % 5]}}}","readPoint":{"id":"urn:epc:id:sgln:0614141.{{{10000 + n % 50}}}.0"},"bizLocation":{"id":"urn:epc:id:sgln:0614141.{{{20000 + n % 50}}}.0"}}""";
    }
}
