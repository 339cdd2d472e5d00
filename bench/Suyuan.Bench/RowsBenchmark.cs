using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using Suyuan.Storage.Postgres;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Bench;

/// <summary>
/// The database's own limit for a capture: the rows the store wrote for the benchmark's events (every table and its
/// indexes), read back into memory and inserted again into an empty database of the same schema by a plain client — one
/// transaction per document, as the store commits them. No parsing, validation, hashing, indexing, interning or
/// encoding happens in the clock: what is left is the database's work of storing those rows.
/// <para>
/// SQLite: one prepared <c>INSERT</c> per table, its parameters bound again for each row (Microsoft.Data.Sqlite), with
/// the store's pragmas. PostgreSQL: binary <c>COPY</c> per table (Npgsql), the fastest way a client writes rows there.
/// </para>
/// </summary>
internal static class RowsBenchmark
{
    /// <summary>One table's rows, split into the documents that wrote them.</summary>
    private sealed record TableRows(string Name, string[] Columns, string[] Types, List<object?[]>[] PerDocument);

    /// <summary>Reads every table of <paramref name="source"/> (filled by the store), splits its rows by document.</summary>
    private static async Task<List<TableRows>> ReadAsync(DbConnection source, IReadOnlyList<string> tables, int documents, int eventsPerDocument)
    {
        // Event ids in order; document d stored the d-th run of eventsPerDocument of them.
        var ids = new List<long>();
        await using (var command = source.CreateCommand())
        {
            command.CommandText = "SELECT id FROM events ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt64(0));
            }
        }
        long[] upper = Enumerable.Range(0, documents).Select(d => ids[Math.Min(ids.Count, (d + 1) * eventsPerDocument) - 1]).ToArray();

        var result = new List<TableRows>();
        foreach (var table in tables)
        {
            await using var command = source.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToArray();
            // Rows that belong to an event go with its document; the others (the dictionary, job rows) are spread over the
            // documents in the order they were written, as each document added its own.
            var eventColumn = table == "events" ? Array.IndexOf(columns, "id") : Array.IndexOf(columns, "event");
            var rows = new List<object?[]>();
            while (await reader.ReadAsync())
            {
                var row = new object?[columns.Length];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                rows.Add(row);
            }
            var perDocument = Enumerable.Range(0, documents).Select(_ => new List<object?[]>()).ToArray();
            if (eventColumn >= 0)
            {
                foreach (var row in rows)
                {
                    var d = Array.BinarySearch(upper, Convert.ToInt64(row[eventColumn]));
                    perDocument[Math.Min(documents - 1, d >= 0 ? d : ~d)].Add(row);
                }
            }
            else
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    perDocument[(int)((long)i * documents / rows.Count)].Add(rows[i]);
                }
            }
            result.Add(new TableRows(table, columns, types, perDocument));
        }
        // The dictionary first, as the store writes it before the rows that refer to it.
        return result.OrderBy(t => t.Name == "strings" ? 0 : t.Name == "events" ? 1 : 2).ToList();
    }

    public static async Task<CaptureBenchmark.Figures> SqliteAsync(string filledDatabase, int documents, int eventsPerDocument, long total)
    {
        List<TableRows> tables;
        await using (var source = new SqliteConnection($"Data Source={filledDatabase};Mode=ReadOnly"))
        {
            await source.OpenAsync();
            tables = await ReadAsync(source, await SqliteTablesAsync(source), documents, eventsPerDocument);
        }

        // An empty database with the store's schema (its migrations), then the same rows again.
        var data = CaptureBenchmark.TempDirectory();
        try
        {
            string path;
            await using (var empty = await SqliteEventStore.OpenAsync(data))
            {
                path = empty.DatabasePath;
            }
            SqliteConnection.ClearAllPools();
            await using var target = new SqliteConnection($"Data Source={path};Pooling=False");
            await target.OpenAsync();
            await ExecuteAsync(target, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=10000");
            await ExecuteAsync(target, string.Join(';', tables.Select(t => $"DELETE FROM {t.Name}")));
            var commands = tables.ToDictionary(t => t.Name, t =>
            {
                var command = target.CreateCommand();
                command.CommandText = $"INSERT INTO {t.Name} ({string.Join(',', t.Columns)}) VALUES ({string.Join(',', t.Columns.Select((_, i) => "$p" + i))})";
                for (var i = 0; i < t.Columns.Length; i++)
                {
                    command.Parameters.Add(new SqliteParameter("$p" + i, null));
                }
                command.Prepare();
                return command;
            });

            var (seconds, cpu) = await TimedAsync(documents, async d =>
            {
                await using var tx = (SqliteTransaction)await target.BeginTransactionAsync();
                foreach (var table in tables)
                {
                    var command = commands[table.Name];
                    command.Transaction = tx;
                    foreach (var row in table.PerDocument[d])
                    {
                        for (var i = 0; i < row.Length; i++)
                        {
                            command.Parameters[i].Value = row[i] ?? DBNull.Value;
                        }
                        await command.ExecuteNonQueryAsync();
                    }
                }
                await tx.CommitAsync();
            });
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }
            await ExecuteAsync(target, "PRAGMA wal_checkpoint(TRUNCATE)");
            return new CaptureBenchmark.Figures(seconds, total / seconds, CaptureBenchmark.SqliteBytes(path) / total, cpu * 1e6 / total);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            CaptureBenchmark.TryDelete(data);
        }
    }

    public static async Task<CaptureBenchmark.Figures> PostgresAsync(string filledDatabase, string admin, int documents, int eventsPerDocument, long total)
    {
        List<TableRows> tables;
        await using (var source = new NpgsqlConnection(filledDatabase))
        {
            await source.OpenAsync();
            tables = await ReadAsync(source, await PostgresTablesAsync(source), documents, eventsPerDocument);
        }

        await using var database = await CaptureBenchmark.ScratchDatabase.CreateAsync(admin);
        await (await PostgresEventStore.OpenAsync(database.ConnectionString)).DisposeAsync();
        await using var target = new NpgsqlConnection(database.ConnectionString);
        await target.OpenAsync();
        await ExecuteAsync(target, "TRUNCATE " + string.Join(',', tables.Select(t => t.Name)));
        var sizeBefore = await database.SizeAsync();

        var (seconds, cpu) = await TimedAsync(documents, async d =>
        {
            await using var tx = await target.BeginTransactionAsync();
            foreach (var table in tables)
            {
                var rows = table.PerDocument[d];
                if (rows.Count == 0)
                {
                    continue;
                }
                await using var copy = await target.BeginBinaryImportAsync($"COPY {table.Name} ({string.Join(',', table.Columns)}) FROM STDIN (FORMAT BINARY)");
                foreach (var row in rows)
                {
                    await copy.StartRowAsync();
                    for (var i = 0; i < row.Length; i++)
                    {
                        if (row[i] is { } value)
                        {
                            await copy.WriteAsync(value, table.Types[i]);
                        }
                        else
                        {
                            await copy.WriteNullAsync();
                        }
                    }
                }
                await copy.CompleteAsync();
            }
            await tx.CommitAsync();
        });
        var bytes = await database.SizeAsync() - sizeBefore;
        await target.CloseAsync();
        NpgsqlConnection.ClearAllPools();
        return new CaptureBenchmark.Figures(seconds, total / seconds, (double)bytes / total, cpu * 1e6 / total);
    }

    private static async Task<(double Seconds, double Cpu)> TimedAsync(int documents, Func<int, Task> document)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var d = 0; d < documents; d++)
        {
            await document(d);
        }
        clock.Stop();
        return (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static Task<List<string>> SqliteTablesAsync(DbConnection connection) => NonEmptyAsync(connection,
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version' ORDER BY name");

    private static Task<List<string>> PostgresTablesAsync(DbConnection connection) => NonEmptyAsync(connection,
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_version' ORDER BY tablename");

    /// <summary>The tables the store wrote to for these events (the others keep what their migrations put there).</summary>
    private static async Task<List<string>> NonEmptyAsync(DbConnection connection, string listTables)
    {
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = listTables;
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var written = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT EXISTS (SELECT 1 FROM {table})";
            if (Convert.ToInt64(await command.ExecuteScalarAsync()) != 0)
            {
                written.Add(table);
            }
        }
        return written;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
