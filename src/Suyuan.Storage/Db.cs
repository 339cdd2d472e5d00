using System.Data.Common;

namespace Suyuan.Storage;

/// <summary>Small ADO.NET conveniences shared by both providers.</summary>
internal static class Db
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }
        return command;
    }

    public static DbParameter Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return p;
    }

    public static KeyValuePair<string, object?> P(string name, object? value) => new(name, value);

    public static long? NullableInt64(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal));

    public static long Int64(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal));

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }
}

/// <summary>Runs the numbered SQL migrations embedded for one provider, each in its own transaction, recording them in schema_version.</summary>
internal static class Migrations
{
    /// <summary>Gives a SQLite connection the functions the migrations call (PostgreSQL has them built in).</summary>
    public static void Prepare(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            sqlite.CreateFunction(Alerts.AlertStore.KeyHashFunction, (string key) => Alerts.AlertStore.KeyHash(key), isDeterministic: true);
        }
    }

    public static IReadOnlyList<(int Version, string Sql, string Name)> For(string provider)
    {
        var assembly = typeof(Migrations).Assembly;
        var prefix = provider + "/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                var name = n[prefix.Length..^".sql".Length];
                return (int.Parse(name.Split('_')[0], System.Globalization.CultureInfo.InvariantCulture), reader.ReadToEnd(), name);
            })
            .OrderBy(m => m.Item1)
            .ToList();
    }

    /// <param name="lockSql">Run first inside each migration transaction so concurrent starts apply a migration once.</param>
    /// <param name="progress">Told of each migration applied to a database that already had data (an upgrade, which may
    /// rewrite many rows and take a while); a new database is created silently.</param>
    public static async Task RunAsync(DbConnection connection, string provider, string? lockSql, CancellationToken ct, Action<string>? progress = null)
    {
        Prepare(connection);
        // CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin on PostgreSQL (both may pass the check and one
        // then fails on the catalogue's unique index), so it runs under the same lock as the migrations.
        await using (var create = await connection.BeginTransactionAsync(ct))
        {
            if (lockSql is not null)
            {
                await Db.ExecuteAsync(connection, create, lockSql, ct);
            }
            await Db.ExecuteAsync(connection, create, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", ct);
            await create.CommitAsync(ct);
        }
        var upgrade = Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COUNT(*) FROM schema_version", ct)) > 0;
        var migrations = For(provider);
        // A build older than the database would write rows the newer schema reads differently (eventID hashes since 0020).
        var newest = Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_version", ct));
        if (newest > migrations[^1].Version)
        {
            throw new SchemaTooNewException(newest, migrations[^1].Version);
        }
        foreach (var (version, sql, name) in migrations)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            if (lockSql is not null)
            {
                await Db.ExecuteAsync(connection, tx, lockSql, ct);
            }
            var applied = await Db.ScalarAsync(connection, tx, "SELECT COUNT(*) FROM schema_version WHERE version = @v", ct, Db.P("@v", version));
            if (Convert.ToInt64(applied) > 0)
            {
                continue;
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (upgrade)
            {
                progress?.Invoke($"storage: applying migration {name} to the existing database…");
            }
            await Db.ExecuteAsync(connection, tx, sql, ct);
            await Db.ExecuteAsync(connection, tx, "INSERT INTO schema_version (version, applied_at) VALUES (@v, @t)", ct,
                Db.P("@v", version), Db.P("@t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            await tx.CommitAsync(ct);
            if (upgrade)
            {
                progress?.Invoke($"storage: migration {name} applied in {clock.Elapsed.TotalSeconds:F1} s");
            }
        }
    }
}

/// <summary>The database was migrated by a newer build than this one: this build refuses to use it rather than write rows the newer schema reads differently.</summary>
public sealed class SchemaTooNewException(long found, int known)
    : InvalidOperationException($"the database is at schema version {found}, from a newer build of Suyuan; this build knows versions up to {known}. Run the newer build, or restore a backup taken before it ran.")
{
    public long Found { get; } = found;
    public int Known { get; } = known;
}
