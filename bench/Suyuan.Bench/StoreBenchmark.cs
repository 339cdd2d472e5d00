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

/// <summary>Inserts batches of typical ObjectEvents, then times MATCH_epc lookups; prints events/s and bytes/event.</summary>
internal static class StoreBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var batches = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        var batchSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var postgres = args.Length > 2 ? args[2] : null;
        var total = batches * batchSize;

        Console.WriteLine($"building {total:N0} ObjectEvents…");
        var json = Enumerable.Range(0, total).Select(TypicalObjectEvent).ToList();
        var inputs = json.Select(j => new EventInput(JsonDocument.Parse(j).RootElement)).ToList();
        var minified = json.Average(j => System.Text.Encoding.UTF8.GetByteCount(j));
        Console.WriteLine($"typical event: {minified:F0} bytes of minified JSON, e.g.\n{json[0]}");

        var dir = Path.Combine(Path.GetTempPath(), "suyuan-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            IEventStore store = postgres is null ? await SqliteEventStore.OpenAsync(dir) : await PostgresEventStore.OpenAsync(postgres);
            await using (store)
            {
                var clock = Stopwatch.StartNew();
                for (var b = 0; b < batches; b++)
                {
                    var result = await store.AppendAsync(inputs.GetRange(b * batchSize, batchSize));
                    if (result.Stored != batchSize)
                    {
                        throw new InvalidOperationException($"batch {b}: {result.Stored} stored");
                    }
                }
                clock.Stop();
                Console.WriteLine($"store ({(postgres is null ? "sqlite" : "postgres")}): {total:N0} events in {clock.Elapsed.TotalSeconds:F2} s = {total / clock.Elapsed.TotalSeconds:N0} events/s");

                var resend = Stopwatch.StartNew();
                var duplicates = (await store.AppendAsync(inputs.GetRange(0, batchSize))).Duplicates;
                Console.WriteLine($"re-send of one batch: {duplicates} duplicates in {resend.Elapsed.TotalMilliseconds:F0} ms");

                if (store is SqliteEventStore sqlite)
                {
                    await sqlite.CheckpointAsync();
                    var bytes = new FileInfo(sqlite.DatabasePath).Length;
                    Console.WriteLine($"database file: {bytes:N0} bytes = {(double)bytes / total:F0} bytes/event (all tables and indexes)");
                    await PrintTableSizes(sqlite.DatabasePath, total);
                }

                var random = new Random(7);
                var latencies = new List<double>();
                for (var i = 0; i < 1000; i++)
                {
                    var n = random.Next(total);
                    var query = EpcisQuery.Parse([new KeyValuePair<string, string>("MATCH_epc", Epc(n))]).Query!;
                    var t = Stopwatch.StartNew();
                    var page = await store.QueryAsync(query);
                    var found = 0;
                    await foreach (var _ in page.Events)
                    {
                        found++;
                    }
                    latencies.Add(t.Elapsed.TotalMilliseconds);
                    if (found != 1)
                    {
                        throw new InvalidOperationException($"MATCH_epc {Epc(n)} found {found}");
                    }
                }
                latencies.Sort();
                Console.WriteLine($"MATCH_epc at {total:N0} events: p50 {latencies[500]:F2} ms, p99 {latencies[990]:F2} ms");
            }
            if (postgres is null)
            {
                await RawInsertAsync(json, batches, batchSize, Path.Combine(dir, "raw.db"));
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

    /// <summary>Lower bound: the same events as (eventID, JSON) rows with one unique index, prepared insert, same batches.</summary>
    private static async Task RawInsertAsync(List<string> json, int batches, int batchSize, string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE raw (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, json BLOB NOT NULL)";
            setup.ExecuteNonQuery();
        }
        var ids = json.Select(j => JsonDocument.Parse(j).RootElement.GetProperty("eventID").GetString()!).ToList();
        var clock = Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            using var tx = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO raw (event_id, json) VALUES (@i, @j)";
            var pi = insert.Parameters.Add("@i", SqliteType.Text);
            var pj = insert.Parameters.Add("@j", SqliteType.Blob);
            insert.Prepare();
            for (var i = b * batchSize; i < (b + 1) * batchSize; i++)
            {
                pi.Value = ids[i];
                pj.Value = System.Text.Encoding.UTF8.GetBytes(json[i]);
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        clock.Stop();
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
