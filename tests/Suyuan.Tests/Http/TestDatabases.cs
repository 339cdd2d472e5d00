using Npgsql;

namespace Suyuan.Tests.Http;

/// <summary>Which stores the HTTP tests run on: SQLite always, PostgreSQL when SUYUAN_TEST_POSTGRES holds a connection string.</summary>
public static class TestDatabases
{
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("SUYUAN_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static TheoryData<string> Providers()
    {
        var data = new TheoryData<string> { "sqlite" };
        if (PostgresConnectionString is not null)
        {
            data.Add("postgres");
        }
        return data;
    }

    /// <summary>Creates a throwaway database; returns its connection string and how to drop it.</summary>
    public static async Task<(string ConnectionString, Func<Task> Drop)> CreatePostgresAsync()
    {
        var admin = PostgresConnectionString ?? throw new InvalidOperationException("SUYUAN_TEST_POSTGRES is not set");
        var name = "suyuan_http_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return (builder.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }
}
