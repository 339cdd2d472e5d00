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

        // As if the last five migrations had come with a newer build.
        await Db.ExecuteAsync(connection, null, "DELETE FROM schema_version WHERE version >= 13", default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE lineage_places", default);
        await Db.ExecuteAsync(connection, null, "CREATE TABLE lineage_places (place INTEGER NOT NULL, time INTEGER NOT NULL, event INTEGER NOT NULL, role INTEGER NOT NULL, PRIMARY KEY (place, time, event, role)) WITHOUT ROWID", default);
        await Db.ExecuteAsync(connection, null, "ALTER TABLE capture_jobs DROP COLUMN proceed", default);
        await Db.ExecuteAsync(connection, null, "DROP TABLE food_unshipped", default);
        await Db.ExecuteAsync(connection, null, "ALTER TABLE capture_jobs DROP COLUMN enterprise", default);
        await Migrations.RunAsync(connection, "sqlite", null, default, said.Add);
        Assert.Equal(10, said.Count);
        Assert.Contains("0013_stored_text", said[0]);
        Assert.Contains("0014_places_without_roles", said[2]);
        Assert.Contains("0015_capture_error_behaviour", said[4]);
        Assert.Contains("0016_food_unshipped", said[6]);
        Assert.Contains("0017_capture_job_owner", said[8]);
        Assert.Contains(" applied in ", said[9]);
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
