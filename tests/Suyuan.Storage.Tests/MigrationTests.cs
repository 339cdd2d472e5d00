using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Suyuan.Storage.Indexing;
using Suyuan.Storage.Tests.Indexing;

namespace Suyuan.Storage.Tests;

/// <summary>Migrations that rewrite rows: a database at the version before, with rows in the old form, migrated.</summary>
public sealed class MigrationTests
{
    public static TheoryData<string> Providers() => TestStore.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migration13StoresEarlierStringsAsTheCodeDoes(string provider)
    {
        await AtVersionAsync(provider, 12, async (connection, migrate) =>
        {
            var values = StoredTextTests.Values;
            for (var i = 0; i < values.Length; i++)
            {
                await Db.ExecuteAsync(connection, null, "INSERT INTO strings (id, value) VALUES (@i, @v)", default, Db.P("@i", (long)i + 1), Db.P("@v", values[i]));
            }
            await migrate(13);
            for (var i = 0; i < values.Length; i++)
            {
                var stored = (string?)await Db.ScalarAsync(connection, null, "SELECT value FROM strings WHERE id = @i", default, Db.P("@i", (long)i + 1));
                Assert.Equal(StoredText.Encode(values[i]), stored);
            }
        });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migration14KeepsOnePlaceRowPerPlaceAndEvent(string provider)
    {
        await AtVersionAsync(provider, 13, async (connection, migrate) =>
        {
            // Event 10 at place 1 as bizLocation and readPoint, and at place 2 as its destination; event 11 at place 1.
            foreach (var (place, time, e, role) in new[] { (1L, 100L, 10L, 1), (1L, 100L, 10L, 2), (2L, 100L, 10L, 4), (1L, 90L, 11L, 2) })
            {
                await Db.ExecuteAsync(connection, null, "INSERT INTO lineage_places (place, time, event, role) VALUES (@p, @t, @e, @r)", default,
                    Db.P("@p", place), Db.P("@t", time), Db.P("@e", e), Db.P("@r", (short)role));
            }
            await migrate(14);
            var rows = new List<(long, long, long)>();
            await using (var command = Db.Command(connection, null, "SELECT place, time, event FROM lineage_places ORDER BY place, time, event"))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add((Db.Int64(reader, 0), Db.Int64(reader, 1), Db.Int64(reader, 2)));
                }
            }
            Assert.Equal([(1L, 90L, 11L), (1L, 100L, 10L), (2L, 100L, 10L)], rows);
            await Assert.ThrowsAnyAsync<DbException>(() => Db.ExecuteAsync(connection, null, "INSERT INTO lineage_places (place, time, event) VALUES (1, 100, 10)", default));
        });
    }

    [Fact]
    public async Task AnUpgradeSaysWhichMigrationsItAppliesAndANewDatabaseIsCreatedSilently()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var said = new List<string>();
        await Migrations.RunAsync(connection, "sqlite", null, default, said.Add);
        Assert.Empty(said);

        // As if the last migrations (0013 on) had come with a newer build.
        await Db.ExecuteAsync(connection, null, "DELETE FROM schema_version WHERE version >= 13", default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE lineage_places", default);
        await Db.ExecuteAsync(connection, null, "CREATE TABLE lineage_places (place INTEGER NOT NULL, time INTEGER NOT NULL, event INTEGER NOT NULL, role INTEGER NOT NULL, PRIMARY KEY (place, time, event, role)) WITHOUT ROWID", default);
        await Db.ExecuteAsync(connection, null, "ALTER TABLE capture_jobs DROP COLUMN proceed", default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE food_unshipped", default);
        await Db.ExecuteAsync(connection, null, "DROP INDEX capture_jobs_enterprise", default);
        await Db.ExecuteAsync(connection, null, "ALTER TABLE capture_jobs DROP COLUMN enterprise", default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE alerts", default);
        await Db.ExecuteAsync(connection, null, AlertsBefore18, default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE food_alert_waits", default);
        await Db.ExecuteAsync(connection, null, "CREATE INDEX events_record_time ON events (record_time)", default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE fields", default);
        await Db.ExecuteAsync(connection, null, FieldsBefore22, default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE event_types", default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE sensor_reports", default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE index_backfills", default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE store_secrets", default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE location_children", default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE location_attributes", default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE lineage_edges", default);
        await Db.ExecuteAsync(connection, null, EdgesBefore32, default);
        await Db.ExecuteAsync(connection, null, "ALTER TABLE events DROP COLUMN lineage", default);
        await Db.ExecuteAsync(connection, null, "CREATE TABLE lineage_summaries (event INTEGER PRIMARY KEY, data BLOB NOT NULL)", default);
        await Migrations.RunAsync(connection, "sqlite", null, default, said.Add);
        Assert.Equal(42, said.Count);
        Assert.Contains("0013_stored_text", said[0]);
        Assert.Contains("0014_places_without_roles", said[2]);
        Assert.Contains("0015_capture_error_behaviour", said[4]);
        Assert.Contains("0016_food_unshipped", said[6]);
        Assert.Contains("0017_capture_job_owner", said[8]);
        Assert.Contains("0018_compact_rule_tables", said[10]);
        Assert.Contains("0019_food_alert_waits", said[12]);
        Assert.Contains("0020_eid_hash_31_bits", said[14]);
        Assert.Contains("0021_named_query_owner", said[16]);
        Assert.Contains("0022_record_time_by_id", said[18]);
        Assert.Contains("0023_event_types", said[20]);
        Assert.Contains("0024_sensor_reports", said[22]);
        Assert.Contains("0025_sensor_report_identifiers", said[24]);
        Assert.Contains("0026_index_backfills", said[26]);
        Assert.Contains("0027_store_secrets", said[28]);
        Assert.Contains("0028_capture_jobs_by_enterprise", said[30]);
        Assert.Contains("0029_location_children", said[32]);
        Assert.Contains("0030_location_children_by_child", said[34]);
        Assert.Contains("0031_location_attributes", said[36]);
        Assert.Contains("0032_lineage_edges_by_source", said[38]);
        Assert.Contains("0033_lineage_in_events", said[40]);
        Assert.Contains(" applied in ", said[41]);
    }

    [Fact]
    public async Task ADatabaseMigratedByANewerBuildIsRefusedAndLeftAsItIs()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await Migrations.RunAsync(connection, "sqlite", null, default);
        var known = Migrations.For("sqlite")[^1].Version;
        await Db.ExecuteAsync(connection, null, "INSERT INTO schema_version (version, applied_at) VALUES (@v, 0)", default, Db.P("@v", known + 1));
        var refused = await Assert.ThrowsAsync<SchemaTooNewException>(() => Migrations.RunAsync(connection, "sqlite", null, default));
        Assert.Equal(known + 1, refused.Found);
        Assert.Contains("newer build", refused.Message);
        Assert.Equal(known + 1L, Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT MAX(version) FROM schema_version", default)));
    }

    /// <summary>The fields table as migration 0001 made it (SQLite): rows and an index on them.</summary>
    private const string FieldsBefore22 =
        "CREATE TABLE fields (event INTEGER NOT NULL, kind INTEGER NOT NULL, name_id INTEGER NOT NULL, str TEXT, num REAL, time INTEGER); " +
        "CREATE INDEX fields_name ON fields (name_id, kind, str)";

    /// <summary>The lineage_edges table as migration 0003 made it (SQLite): rows and two indexes on them.</summary>
    private const string EdgesBefore32 =
        "CREATE TABLE lineage_edges (src INTEGER NOT NULL, dst INTEGER NOT NULL, kind INTEGER NOT NULL, event INTEGER NOT NULL, time INTEGER NOT NULL, " +
        "src_quantity REAL, src_uom TEXT, dst_quantity REAL, dst_uom TEXT); " +
        "CREATE INDEX lineage_edges_src ON lineage_edges (src, time); CREATE INDEX lineage_edges_dst ON lineage_edges (dst, time)";

    /// <summary>
    /// SQLite's migration 0032 keeps lineage_edges in its source's order without a rowid: every edge stays, two edges of
    /// one event between the same nodes (an input listed twice, with two quantities) included, and each is found by src and
    /// by dst.
    /// </summary>
    [Fact]
    public async Task Migration32KeepsEveryEdgeInSourceOrder()
    {
        await AtVersionAsync("sqlite", 31, async (connection, migrate) =>
        {
            await Db.ExecuteAsync(connection, null,
                "INSERT INTO lineage_edges (src, dst, kind, event, time, src_quantity, src_uom, dst_quantity, dst_uom) VALUES " +
                "(1, 2, 1, 10, 100, 5, 'KGM', 9, 'KGM'), (1, 2, 1, 10, 100, 3, 'KGM', 9, 'KGM'), (3, 2, 1, 10, 100, NULL, NULL, NULL, NULL), " +
                "(2, 4, 2, 11, 90, NULL, NULL, NULL, NULL)", default);
            await migrate(32);
            var rows = new List<(long, long, long, long, double?)>();
            await using (var command = Db.Command(connection, null, "SELECT src, dst, event, seq, src_quantity FROM lineage_edges WHERE dst = 2 ORDER BY src, seq"))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add((Db.Int64(reader, 0), Db.Int64(reader, 1), Db.Int64(reader, 2), Db.Int64(reader, 3), reader.IsDBNull(4) ? null : reader.GetDouble(4)));
                }
            }
            Assert.Equal([(1L, 2L, 10L, 0L, 5.0), (1L, 2L, 10L, 1L, 3.0), (3L, 2L, 10L, 2L, null)], rows);
            Assert.Equal(4L, Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT dst FROM lineage_edges WHERE src = 2", default)));
            Assert.Equal(0L, Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'lineage_edges_src'", default)));
            // The key refuses a second edge at the same place among its event's edges.
            await Assert.ThrowsAnyAsync<DbException>(() => Db.ExecuteAsync(connection, null,
                "INSERT INTO lineage_edges (src, event, seq, dst, kind, time) VALUES (1, 10, 0, 7, 1, 100)", default));
        });
    }

    /// <summary>Migration 0033 moves each event's trace summary into its events row; an event without one keeps none.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migration33MovesTraceSummariesIntoTheirEvents(string provider)
    {
        await AtVersionAsync(provider, 32, async (connection, migrate) =>
        {
            foreach (var row in new[] { 1L, 2L, 3L })
            {
                await Db.ExecuteAsync(connection, null,
                    "INSERT INTO events (id, eid_hash, event_id, type, event_time, tz_offset, record_time, body) VALUES (@id, 0, @e, 1, 0, 0, @id, @b)", default,
                    Db.P("@id", row), Db.P("@e", EventIds.Pack("e" + row)), Db.P("@b", new byte[] { 1 }));
            }
            await Db.ExecuteAsync(connection, null, "INSERT INTO lineage_summaries (event, data) VALUES (1, @a), (3, @c)", default,
                Db.P("@a", new byte[] { 7, 0, 255 }), Db.P("@c", new byte[] { 9 }));
            await migrate(33);
            var summaries = new List<(long, string?)>();
            await using (var command = Db.Command(connection, null, "SELECT id, lineage FROM events ORDER BY id"))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    summaries.Add((Db.Int64(reader, 0), reader.IsDBNull(1) ? null : Convert.ToHexString((byte[])reader.GetValue(1))));
                }
            }
            Assert.Equal([(1L, "0700FF"), (2L, null), (3L, "09")], summaries);
            await Assert.ThrowsAnyAsync<DbException>(() => Db.ScalarAsync(connection, null, "SELECT COUNT(*) FROM lineage_summaries", default));
        });
    }

    /// <summary>The alerts table as migration 0006 made it (SQLite), named by the text of its dedupe key.</summary>
    private const string AlertsBefore18 =
        "CREATE TABLE alerts (id INTEGER PRIMARY KEY AUTOINCREMENT, dedupe_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, category TEXT NOT NULL, " +
        "department TEXT NOT NULL, enterprise TEXT, subjects TEXT NOT NULL, event_ids TEXT NOT NULL, message TEXT NOT NULL, occurred_at INTEGER NOT NULL, " +
        "raised_at INTEGER NOT NULL, acknowledged_at INTEGER, acknowledged_by TEXT, note TEXT)";

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migration18KeysAlertsByTheHashTheCodeComputesAndKeepsEveryRuleRow(string provider)
    {
        await AtVersionAsync(provider, 17, async (connection, migrate) =>
        {
            string[] keys = ["chain-break:ni:///sha-256;87897a869b98bd2eec0bb9a42a203a703d559e9d9baf7181827d7de91c34c2c7?ver=CBV2.0:https://id.gs1.org/01/06901234123456/21/2", "cylinder-scrapped:标签-7"];
            foreach (var (key, id) in keys.Select((k, i) => (k, i + 5L)))
            {
                await Db.ExecuteAsync(connection, null,
                    "INSERT INTO alerts (id, dedupe_key, kind, category, department, subjects, event_ids, message, occurred_at, raised_at, acknowledged_by) " +
                    "VALUES (@id, @k, 'chain-break', 'food', 'food-drug', '[]', '[]', 'm', 1, 2, @by)", default, Db.P("@id", id), Db.P("@k", key), Db.P("@by", id == 6 ? "reg" : null));
            }
            await Db.ExecuteAsync(connection, null, "INSERT INTO food_unshipped (subject, receiver, alert_key) VALUES ('s1', 'r1', @k), ('s2', 'r1', @k), ('s3', 'r2', 'gone')", default, Db.P("@k", keys[0]));
            await Db.ExecuteAsync(connection, null, "INSERT INTO food_containment (child, parent, event_id) VALUES ('c', 'p', 'e')", default);
            await Db.ExecuteAsync(connection, null, "INSERT INTO food_shipments (subject, destination, event_id) VALUES ('s', 'd', 'e')", default);
            await migrate(18);

            foreach (var (key, id) in keys.Select((k, i) => (k, i + 5L)))
            {
                Assert.Equal(Alerts.AlertStore.KeyHash(key), (byte[]?)await Db.ScalarAsync(connection, null, "SELECT dedupe FROM alerts WHERE id = @id", default, Db.P("@id", id)));
            }
            Assert.Equal("reg", await Db.ScalarAsync(connection, null, "SELECT acknowledged_by FROM alerts WHERE id = 6", default));
            var waiting = new List<(string, long)>();
            await using (var command = Db.Command(connection, null, "SELECT subject, alert_id FROM food_unshipped ORDER BY subject"))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    waiting.Add((reader.GetString(0), Db.Int64(reader, 1)));
                }
            }
            // A row whose alert is not there any more waits for nothing.
            Assert.Equal([("s1", 5L), ("s2", 5L)], waiting);
            Assert.Equal("p", await Db.ScalarAsync(connection, null, "SELECT parent FROM food_containment WHERE child = 'c'", default));
            Assert.Equal("e", await Db.ScalarAsync(connection, null, "SELECT event_id FROM food_shipments WHERE subject = 's' AND destination = 'd'", default));
            // The same fault raised again is the same alert; a new one gets an id after the highest.
            await Assert.ThrowsAnyAsync<DbException>(() => Db.ExecuteAsync(connection, null,
                "INSERT INTO alerts (dedupe, kind, category, department, subjects, event_ids, message, occurred_at, raised_at) VALUES (@d, 'k', 'food', 'd', '[]', '[]', 'm', 1, 2)",
                default, Db.P("@d", Alerts.AlertStore.KeyHash(keys[1]))));
            var fresh = await Db.ScalarAsync(connection, null,
                "INSERT INTO alerts (dedupe, kind, category, department, subjects, event_ids, message, occurred_at, raised_at) VALUES (@d, 'k', 'food', 'd', '[]', '[]', 'm', 1, 2) RETURNING id",
                default, Db.P("@d", Alerts.AlertStore.KeyHash("new")));
            if (provider == "sqlite")
            {
                Assert.Equal(7L, Convert.ToInt64(fresh)); // PostgreSQL's sequence is the table's own, untouched by the migration.
            }
        });
    }

    /// <summary>SQLite finds eventIDs through the hash's index; PostgreSQL through the packed eventID's own (no migration there).</summary>
    [Fact]
    public async Task Migration20RewritesEventIdHashesToTheBitsTheCodeComputes()
    {
        await AtVersionAsync("sqlite", 19, async (connection, migrate) =>
        {
            string[] ids = ["ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0", "urn:uuid:7d1b4b4e-0c56-4a0e-9d5b-6b1f2e9c0a01", "e1", "事件-1"];
            foreach (var (id, row) in ids.Select((id, i) => (id, i + 1L)))
            {
                // The hash as the code computed it before: all 64 bits of FNV-1a, as a signed integer.
                var h = 14695981039346656037UL;
                foreach (var c in id)
                {
                    h = (h ^ c) * 1099511628211UL;
                }
                await Db.ExecuteAsync(connection, null,
                    "INSERT INTO events (id, eid_hash, event_id, type, event_time, tz_offset, record_time, body) VALUES (@id, @h, @e, 1, 0, 0, 0, @b)", default,
                    Db.P("@id", row), Db.P("@h", unchecked((long)h)), Db.P("@e", EventIds.Pack(id)), Db.P("@b", new byte[] { 1 }));
            }
            await migrate(20);
            foreach (var (id, row) in ids.Select((id, i) => (id, i + 1L)))
            {
                var hash = Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT eid_hash FROM events WHERE id = @id", default, Db.P("@id", row)));
                Assert.Equal(EventIds.Hash(id), hash);
                Assert.InRange(hash, 0, int.MaxValue);
            }
        });
    }

    /// <summary>
    /// SQLite's migration 0022 drops the record_time index (record times are found through ids, which they never go back
    /// against: a row that did is raised to the time before it) and keeps fields once, in look-up order.
    /// </summary>
    [Fact]
    public async Task Migration22MakesRecordTimesFollowIdsAndKeepsEveryFieldRow()
    {
        await AtVersionAsync("sqlite", 21, async (connection, migrate) =>
        {
            long[] recorded = [100, 200, 150, 300, 250, 400];
            foreach (var (at, row) in recorded.Select((at, i) => (at, i + 1L)))
            {
                await Db.ExecuteAsync(connection, null,
                    "INSERT INTO events (id, eid_hash, event_id, type, event_time, tz_offset, record_time, body) VALUES (@id, 0, @e, 1, 0, 0, @at, @b)", default,
                    Db.P("@id", row * 2), Db.P("@e", EventIds.Pack("e" + row)), Db.P("@at", at), Db.P("@b", new byte[] { 1 }));
            }
            await Db.ExecuteAsync(connection, null,
                "INSERT INTO fields (event, kind, name_id, str, num, time) VALUES (2, 1, 9, 'A', NULL, NULL), (2, 1, 9, 'A', NULL, NULL), (4, 1, 9, NULL, NULL, NULL), (6, 2, 8, '7', 7.0, NULL)", default);
            await migrate(22);
            var times = new List<long>();
            await using (var read = Db.Command(connection, null, "SELECT record_time FROM events ORDER BY id"))
            await using (var rows = await read.ExecuteReaderAsync())
            {
                while (await rows.ReadAsync())
                {
                    times.Add(rows.GetInt64(0));
                }
            }
            Assert.Equal([100L, 200, 200, 300, 300, 400], times);
            Assert.Equal(0L, Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'events_record_time'", default)));
            Assert.Equal(4L, Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COUNT(*) FROM fields", default)));
            Assert.Equal(2L, Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COUNT(*) FROM fields WHERE name_id = 9 AND kind = 1 AND str IN ('A')", default)));
            Assert.Equal("blob", await Db.ScalarAsync(connection, null, "SELECT typeof(str) FROM fields WHERE event = 4", default));
            Assert.Equal(7.0, Convert.ToDouble(await Db.ScalarAsync(connection, null, "SELECT num FROM fields WHERE event = 6", default)));
        });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migration21GivesTheNamedQueriesDefinedBeforeOwnersToTheAdmins(string provider)
    {
        await AtVersionAsync(provider, 20, async (connection, migrate) =>
        {
            await Db.ExecuteAsync(connection, null, "INSERT INTO named_queries (name, query, extensions, created_at) VALUES ('shipped', '{\"EQ_bizStep\": [\"shipping\"]}', NULL, 1)", default);
            await migrate(21);
            Assert.Equal("admin", await Db.ScalarAsync(connection, null, "SELECT owner FROM named_queries WHERE name = 'shipped'", default));
            // Names are now unique per owner: another party may use the same one, the same party may not.
            await Db.ExecuteAsync(connection, null, "INSERT INTO named_queries (owner, name, query, created_at) VALUES ('enterprise:X', 'shipped', '{}', 2)", default);
            await Assert.ThrowsAnyAsync<DbException>(() => Db.ExecuteAsync(connection, null, "INSERT INTO named_queries (owner, name, query, created_at) VALUES ('admin', 'shipped', '{}', 3)", default));
        });
    }

    /// <summary>Migration 0023 keeps each stored event type once, from the events stored before it.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migration23ListsTheTypesOfTheEventsStoredBefore(string provider)
    {
        await AtVersionAsync(provider, 22, async (connection, migrate) =>
        {
            foreach (var (row, type) in new[] { (1L, 7L), (2L, 9L), (3L, 7L) })
            {
                await Db.ExecuteAsync(connection, null,
                    "INSERT INTO events (id, eid_hash, event_id, type, event_time, tz_offset, record_time, body) VALUES (@id, 0, @e, @t, 0, 0, @id, @b)", default,
                    Db.P("@id", row), Db.P("@e", EventIds.Pack("e" + row)), Db.P("@t", type), Db.P("@b", new byte[] { 1 }));
            }
            await migrate(23);
            var types = new List<long>();
            await using var read = Db.Command(connection, null, "SELECT type FROM event_types ORDER BY type");
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                types.Add(Convert.ToInt64(rows.GetValue(0)));
            }
            Assert.Equal([7L, 9L], types);
        });
    }

    /// <summary>A new database migrated up to <paramref name="version"/>; the test then migrates it further itself.</summary>
    private static async Task AtVersionAsync(string provider, int version, Func<DbConnection, Func<int, Task>, Task> test)
    {
        var migrations = Migrations.For(provider);
        async Task Run(DbConnection connection, int from, int to)
        {
            foreach (var (_, sql, _) in migrations.Where(m => m.Version > from && m.Version <= to))
            {
                await Db.ExecuteAsync(connection, null, sql, default);
            }
        }
        if (provider == "sqlite")
        {
            await using var connection = new SqliteConnection("Data Source=:memory:");
            await connection.OpenAsync();
            Migrations.Prepare(connection);
            await Run(connection, 0, version);
            await test(connection, to => Run(connection, to - 1, to));
            return;
        }
        var (connectionString, drop) = await TestStore.CreatePostgresDatabaseAsync();
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await Run(connection, 0, version);
            await test(connection, to => Run(connection, to - 1, to));
        }
        finally
        {
            await drop();
        }
    }
}
