using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Suyuan.Core.Epcis;
using Suyuan.Core.Epcis.Json;
using Suyuan.Hosting;
using Suyuan.Storage;
using Suyuan.Storage.Postgres;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Bench;

/// <summary>
/// End-to-end capture: documents POSTed over HTTP to the in-process platform (2 at a time) until every job is success;
/// compared with the same events appended straight to the store (the lower bound the HTTP path can approach).
/// </summary>
internal static class CaptureBenchmark
{
    private const int ConcurrentPosts = 2;
    private const int RawBatch = 1000;

    public static async Task RunAsync(int documents, int eventsPerDocument, string? postgres, bool serverProcess = false, int warm = 0, bool replayViews = false, bool httpOnly = false, int note = 0)
    {
        var total = (long)documents * eventsPerDocument;
        Console.WriteLine($"capture: {documents} documents x {eventsPerDocument:N0} events = {total:N0} events, {ConcurrentPosts} concurrent POSTs, store {(postgres is null ? "SQLite" : "PostgreSQL")}");
        var bodies = Enumerable.Range(0, documents).Select(seed => SampleDocuments.ObjectEvents(eventsPerDocument, seed, note)).ToArray();
        Console.WriteLine($"  documents: {bodies.Sum(b => (long)b.Length) / 1024.0 / 1024.0:F1} MiB of JSON in total (held by the client in this process)");

        Figures http;
        if (serverProcess)
        {
            if (warm > 0)
            {
                Console.WriteLine($"  warm-up: the server first captures {warm} other documents of {eventsPerDocument:N0} events (not timed; its start-up JIT and caches are behind it)");
            }
            var warmBodies = Enumerable.Range(documents, warm).Select(seed => SampleDocuments.ObjectEvents(eventsPerDocument, seed, note)).ToArray();
            (http, var server) = await ServerProcess.RunAsync(bodies, total, postgres, warmBodies, (long)warm * eventsPerDocument, replayViews);
            Console.WriteLine($"  http: {http.EventsPerSecond,10:N0} events/s end to end (first POST to last job success, {http.Seconds:F1} s); {http.BytesPerEvent:N0} bytes on disk per event");
            Console.WriteLine($"  server process (suyuan serve): peak RSS {server.PeakRssMiB:N0} MiB (at the end: {server.Resident}); {server.CpuMicroseconds:N0} µs CPU per event; {server.WrittenBytes / total:N0} bytes written per event (spool, log, checkpoints); the client: {http.CpuMicroseconds:N0} µs CPU per event");
        }
        else
        {
            http = await HttpAsync(bodies, total, postgres);
            var peak = Process.GetCurrentProcess();
            peak.Refresh();
            Console.WriteLine($"  http: {http.EventsPerSecond,10:N0} events/s end to end (first POST to last job success, {http.Seconds:F1} s); {http.BytesPerEvent:N0} bytes on disk per event; {http.CpuMicroseconds:N0} µs CPU per event; {http.AllocatedPerEvent:N0} bytes allocated per event");
            Console.WriteLine($"  peak RSS of the bench process (server + client) after the HTTP run: {peak.PeakWorkingSet64 / 1024.0 / 1024.0:N0} MiB");
        }

        if (httpOnly)
        {
            return;
        }
        var (raw, rows) = await RawAsync(bodies, total, postgres, eventsPerDocument);
        Console.WriteLine($"  raw:  {raw.EventsPerSecond,10:N0} events/s (IEventStore appends in batches of {RawBatch:N0}, one capture transaction per document; {raw.Seconds:F1} s); {raw.BytesPerEvent:N0} bytes on disk per event; {raw.CpuMicroseconds:N0} µs CPU per event; {raw.AllocatedPerEvent:N0} bytes allocated per event");
        Console.WriteLine($"  rows: {rows.EventsPerSecond,10:N0} events/s (the rows the store wrote, every table, inserted raw into an empty database of the same schema, one transaction per document; {(postgres is null ? "prepared INSERTs" : "binary COPY")}; {rows.Seconds:F1} s); {rows.BytesPerEvent:N0} bytes on disk per event; {rows.CpuMicroseconds:N0} µs CPU per event (this process)");
        Console.WriteLine($"  http / raw: {http.EventsPerSecond / raw.EventsPerSecond:P0}; http / rows: {http.EventsPerSecond / rows.EventsPerSecond:P0}; raw / rows: {raw.EventsPerSecond / rows.EventsPerSecond:P0}");
    }

    /// <param name="CpuMicroseconds">Process CPU time (all threads, server and client) per event over the timed span: a shared machine's load inflates wall time, much less this.</param>
    /// <param name="AllocatedPerEvent">Bytes allocated on the managed heap per event over the timed span (this process: server and client when in-process); 0 when not measured.</param>
    internal sealed record Figures(double Seconds, double EventsPerSecond, double BytesPerEvent, double CpuMicroseconds, double AllocatedPerEvent = 0);

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private static async Task<Figures> HttpAsync(byte[][] bodies, long total, string? postgresAdmin)
    {
        var data = TempDirectory();
        await using var database = postgresAdmin is null ? null : await ScratchDatabase.CreateAsync(postgresAdmin);
        var app = SuyuanApp.Create(new ServeOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = data,
            PostgresConnectionString = database?.ConnectionString,
            CaptureEventLimit = Math.Max(10_000, bodies.Length == 0 ? 0 : (int)(total / bodies.Length)),
        });
        await app.StartAsync();
        try
        {
            var sizeBefore = database is null ? 0 : await database.SizeAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
            client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            await BenchKeys.AuthorizeAsync(app.Services, client);

            var cpu = Cpu();
            var allocated = GC.GetTotalAllocatedBytes();
            var gc = GcFigures.Now();
            var (started, seconds) = await PostAllAsync(client, bodies);
            var cpuSeconds = (Cpu() - cpu).TotalSeconds;
            allocated = GC.GetTotalAllocatedBytes() - allocated;
            Console.WriteLine($"  http: garbage collections during the run (server and client): {GcFigures.Now() - gc}");
            await CatchUpViewsAsync(client);

            double bytes;
            if (database is null)
            {
                var store = (SqliteEventStore)app.Services.GetRequiredService<IEventStore>();
                await store.CheckpointAsync();
                bytes = SqliteBytes(store.DatabasePath) + SqliteBytes(store.AuditDatabasePath);
                PrintSqliteSplit(store.DatabasePath, total);
            }
            else
            {
                bytes = await database.SizeAsync() - sizeBefore;
            }
            return new Figures(seconds, total / seconds, bytes / total, cpuSeconds * 1e6 / total, (double)allocated / total);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            TryDelete(data);
        }
    }

    /// <summary>POSTs every document (2 at a time) and waits for every job; the end is the last job's own finishedAt.</summary>
    internal static async Task<(DateTimeOffset Started, double Seconds)> PostAllAsync(HttpClient client, byte[][] bodies)
    {
            var jobs = new string[bodies.Length];
            var next = -1;
            var started = DateTimeOffset.UtcNow;
            await Task.WhenAll(Enumerable.Range(0, ConcurrentPosts).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < bodies.Length)
                {
                    using var content = new ByteArrayContent(bodies[i]);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await client.PostAsync("capture", content);
                    if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
                    {
                        throw new InvalidOperationException($"POST /capture: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                    jobs[i] = response.Headers.Location!.OriginalString;
                }
            }));
            var accepted = DateTimeOffset.UtcNow;

            // The end is the last job's own finishedAt, so polling does not blur it.
            var finished = started;
            foreach (var job in jobs)
            {
                while (true)
                {
                    using var view = JsonDocument.Parse(await client.GetStringAsync(job.TrimStart('/')));
                    var status = view.RootElement.GetProperty("status").GetString();
                    if (status == "running")
                    {
                        await Task.Delay(20);
                        continue;
                    }
                    if (status != "success")
                    {
                        throw new InvalidOperationException($"{job}: {view.RootElement}");
                    }
                    var at = view.RootElement.GetProperty("finishedAt").GetDateTimeOffset();
                    finished = at > finished ? at : finished;
                    break;
                }
            }
            var seconds = (finished - started).TotalSeconds;
            Console.WriteLine($"  http: all {bodies.Length} documents accepted (spooled + validated, 202) after {(accepted - started).TotalSeconds:F1} s; last job stored after {seconds:F1} s");

            return (started, seconds);
    }

    /// <summary>
    /// Reading the alerts brings every derived view (the food rules' tables, alerts) up to the last stored event; the time
    /// it takes is the backlog the views had when the last job ended. Not part of the capture's time; the bytes on disk are
    /// measured after it, so they include the views' rows.
    /// </summary>
    internal static async Task CatchUpViewsAsync(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("api/alerts?limit=1");
        response.EnsureSuccessStatusCode();
        Console.WriteLine($"  derived views (food rules, alerts) caught up {clock.Elapsed.TotalSeconds:F1} s after the last job ended");
    }

    /// <summary>Tables the event repository writes; every other table is the platform's (derived views, registry, accounts).</summary>
    private static readonly HashSet<string> RepositoryTables =
        ["events", "strings", "refs", "quantities", "fields", "sensor_reports", "event_types", "lineage_edges", "lineage_presence", "lineage_places", "lineage_events",
         "location_children", "location_attributes", "capture_jobs"];

    /// <summary>The SQLite file's bytes per event, split into the event repository's tables and the platform's (dbstat, through the sqlite3 shell when it is installed).</summary>
    internal static void PrintSqliteSplit(string path, double events)
    {
        // dbstat is optional in SQLite builds and the bundled library has none: the sqlite3 shell, where installed, has it.
        const string Sql = "SELECT COALESCE(m.tbl_name, d.name), SUM(d.pgsize) FROM dbstat d LEFT JOIN sqlite_schema m ON m.name = d.name GROUP BY 1 ORDER BY 2 DESC";
        string output;
        try
        {
            var start = new ProcessStartInfo("sqlite3", ["-readonly", "-separator", "\t", path, Sql]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var shell = Process.Start(start)!;
            output = shell.StandardOutput.ReadToEnd();
            shell.WaitForExit();
            if (shell.ExitCode != 0)
            {
                return;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return;
        }
        var repository = new List<(string Table, long Bytes)>();
        var platform = new List<(string Table, long Bytes)>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cells = line.Split('\t');
            (RepositoryTables.Contains(cells[0]) ? repository : platform).Add((cells[0], long.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture)));
        }
        static string List(List<(string Table, long Bytes)> tables, double events) =>
            string.Join(", ", tables.Where(t => t.Bytes / events >= 1).Select(t => $"{t.Table} {t.Bytes / events:F0}"));
        Console.WriteLine($"  bytes per event by part (tables with their indexes): event repository {repository.Sum(t => t.Bytes) / events:F0} ({List(repository, events)}); " +
            $"the platform's derived views and registry {platform.Sum(t => t.Bytes) / events:F0} ({List(platform, events)})");
    }

    internal static TimeSpan ClientCpu() => Cpu();

    /// <summary>Collections per generation and the time the runtime was paused for them, this process.</summary>
    private readonly record struct GcFigures(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
    {
        public static GcFigures Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public static GcFigures operator -(GcFigures a, GcFigures b) => new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused);

        public override string ToString() =>
            $"{Gen0:N0} (gen0 and above), {Gen1:N0} (gen1 and above), {Gen2:N0} (gen2); paused {Paused.TotalMilliseconds:N0} ms";
    }

    /// <summary>The store's appends of the same events; then the rows they wrote, inserted raw (<see cref="RowsBenchmark"/>).</summary>
    private static async Task<(Figures Raw, Figures Rows)> RawAsync(byte[][] bodies, long total, string? postgresAdmin, int eventsPerDocument)
    {
        var data = TempDirectory();
        await using var database = postgresAdmin is null ? null : await ScratchDatabase.CreateAsync(postgresAdmin);
        IEventStore store = database is null
            ? await SqliteEventStore.OpenAsync(data)
            : await PostgresEventStore.OpenAsync(database.ConnectionString);
        try
        {
            var sizeBefore = database is null ? 0 : await database.SizeAsync();
            var clock = new Stopwatch();
            var cpu = TimeSpan.Zero;
            long allocated = 0;
            foreach (var body in bodies)
            {
                // Parsing and identity are the capture path's work, not the store's: prepared outside the clock.
                var inputs = await InputsAsync(body);
                var cpuBefore = Cpu();
                var allocatedBefore = GC.GetTotalAllocatedBytes();
                clock.Start();
                await using (var tx = await store.BeginCaptureAsync(null))
                {
                    for (var offset = 0; offset < inputs.Count; offset += RawBatch)
                    {
                        var result = await tx.AppendAsync(inputs.GetRange(offset, Math.Min(RawBatch, inputs.Count - offset)));
                        if (result.Refused > 0)
                        {
                            throw new InvalidOperationException($"the store refused {result.Refused} events");
                        }
                    }
                    await tx.CommitAsync();
                }
                clock.Stop();
                cpu += Cpu() - cpuBefore;
                allocated += GC.GetTotalAllocatedBytes() - allocatedBefore;
            }
            double bytes;
            Figures rows;
            if (store is SqliteEventStore sqlite)
            {
                await sqlite.CheckpointAsync();
                bytes = SqliteBytes(sqlite.DatabasePath);
                rows = await RowsBenchmark.SqliteAsync(sqlite.DatabasePath, bodies.Length, eventsPerDocument, total);
            }
            else
            {
                bytes = await database!.SizeAsync() - sizeBefore;
                rows = await RowsBenchmark.PostgresAsync(database.ConnectionString, postgresAdmin!, bodies.Length, eventsPerDocument, total);
            }
            return (new Figures(clock.Elapsed.TotalSeconds, total / clock.Elapsed.TotalSeconds, bytes / total, cpu.TotalSeconds * 1e6 / total, (double)allocated / total), rows);
        }
        finally
        {
            await store.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            TryDelete(data);
        }
    }

    /// <summary>The events as the capture path hands them to the store: eventID set (the CBV hash when absent).</summary>
    private static async Task<List<EventInput>> InputsAsync(byte[] body)
    {
        var inputs = new List<EventInput>();
        using var events = new EpcisEventStream(new MemoryStream(body));
        await foreach (var entry in events.ReadEventsAsync())
        {
            var evt = entry.Json;
            var context = entry.DocumentContext;
            if (evt.TryGetProperty("eventID", out _))
            {
                inputs.Add(new EventInput(evt.Clone(), context));
                continue;
            }
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("eventID", EventHash.Compute(evt, context));
                foreach (var property in evt.EnumerateObject())
                {
                    property.WriteTo(writer);
                }
                writer.WriteEndObject();
            }
            using var doc = JsonDocument.Parse(buffer.ToArray());
            inputs.Add(new EventInput(doc.RootElement.Clone(), context));
        }
        return inputs;
    }

    internal static double SqliteBytes(string path) =>
        new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => (double)new FileInfo(p).Length);

    internal static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "suyuan-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    internal static void TryDelete(string path)
    {
        // SUYUAN_BENCH_KEEP=1 leaves the databases for inspection (sqlite3's dbstat gives the bytes of each table and index).
        if (Environment.GetEnvironmentVariable("SUYUAN_BENCH_KEEP") == "1")
        {
            Console.WriteLine("  kept " + path);
            return;
        }
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A fresh PostgreSQL database for one run, dropped afterwards.</summary>
    internal sealed class ScratchDatabase(string admin, string name) : IAsyncDisposable
    {
        public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;

        public static async Task<ScratchDatabase> CreateAsync(string admin)
        {
            var name = "suyuan_bench_" + Guid.NewGuid().ToString("N")[..12];
            await ExecuteAsync(admin, $"CREATE DATABASE {name}");
            return new ScratchDatabase(admin, name);
        }

        public async Task<long> SizeAsync()
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }

        private static async Task ExecuteAsync(string connectionString, string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
