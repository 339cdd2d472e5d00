using System.Text.Json;
using Npgsql;
using Suyuan.Core.Epcis;
using Suyuan.Storage.Postgres;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Storage.Tests;

/// <summary>A throwaway store: a fresh SQLite directory, or a fresh PostgreSQL database when SUYUAN_TEST_POSTGRES is set.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly Func<Task> _cleanup;
    private readonly Func<Action<string>?, CancellationToken, Task<IEventStore>> _open;
    private readonly List<IEventStore> _reopened = [];

    private TestStore(IEventStore store, Func<Task> cleanup, Func<Action<string>?, CancellationToken, Task<IEventStore>> open)
    {
        Store = store;
        _cleanup = cleanup;
        _open = open;
    }

    /// <summary>Another store on the same data, as a restarted server opens it (migrations and what follows them run again).</summary>
    public async Task<IEventStore> ReopenAsync(Action<string>? progress = null, CancellationToken ct = default)
    {
        var store = await _open(progress, ct);
        _reopened.Add(store);
        return store;
    }

    public IEventStore Store { get; }

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("SUYUAN_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    /// <summary>Every provider this machine can test: SQLite always, PostgreSQL when configured.</summary>
    public static TheoryData<string> Providers()
    {
        var data = new TheoryData<string> { "sqlite" };
        if (PostgresConnectionString is not null)
        {
            data.Add("postgres");
        }
        return data;
    }

    public static async Task<TestStore> OpenAsync(string provider)
    {
        if (provider == "sqlite")
        {
            var dir = Path.Combine(Path.GetTempPath(), "suyuan-store-" + Guid.NewGuid().ToString("N"));
            var sqlite = await SqliteEventStore.OpenAsync(dir);
            return new TestStore(sqlite, async () =>
            {
                await sqlite.DisposeAsync();
                Directory.Delete(dir, recursive: true);
            }, async (progress, ct) => await SqliteEventStore.OpenAsync(dir, progress, ct));
        }
        var (connectionString, drop) = await CreatePostgresDatabaseAsync();
        var postgres = await PostgresEventStore.OpenAsync(connectionString);
        return new TestStore(postgres, async () =>
        {
            await postgres.DisposeAsync();
            await drop();
        }, async (progress, ct) => await PostgresEventStore.OpenAsync(connectionString, progress, ct));
    }

    /// <summary>A new, empty PostgreSQL database on the SUYUAN_TEST_POSTGRES server, and how to drop it.</summary>
    public static async Task<(string ConnectionString, Func<Task> Drop)> CreatePostgresDatabaseAsync()
    {
        var admin = PostgresConnectionString ?? throw new InvalidOperationException("SUYUAN_TEST_POSTGRES is not set");
        var name = "suyuan_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return (new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString(), async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _reopened)
        {
            await store.DisposeAsync();
        }
        await _cleanup();
    }
}

/// <summary>Builds EPCIS events for tests.</summary>
public static class Events
{
    public static EventInput Parse(string json, EpcisContext? context = null) =>
        new(JsonDocument.Parse(json).RootElement.Clone(), context ?? EpcisContext.Default);

    public static string Object(string id, string time = "2024-05-01T08:00:00.000+08:00", string[]? epcs = null, string action = "OBSERVE",
        string? bizStep = "shipping", string? disposition = "in_transit", string? readPoint = "urn:epc:id:sgln:0614141.07346.1234",
        string? bizLocation = null, string extra = "") =>
        "{" + string.Join(",", new[]
        {
            "\"type\":\"ObjectEvent\"",
            $"\"eventTime\":\"{time}\"",
            $"\"eventTimeZoneOffset\":\"{time[^6..]}\"",
            $"\"eventID\":\"{id}\"",
            $"\"epcList\":[{string.Join(",", (epcs ?? ["urn:epc:id:sgtin:0614141.107346.2018"]).Select(e => $"\"{e}\""))}]",
            $"\"action\":\"{action}\"",
            bizStep is null ? null : $"\"bizStep\":\"{bizStep}\"",
            disposition is null ? null : $"\"disposition\":\"{disposition}\"",
            readPoint is null ? null : $"\"readPoint\":{{\"id\":\"{readPoint}\"}}",
            bizLocation is null ? null : $"\"bizLocation\":{{\"id\":\"{bizLocation}\"}}",
            extra.Length == 0 ? null : extra,
        }.Where(x => x is not null)) + "}";

    /// <summary>The GS1 context plus the example: prefix the GS1 examples use.</summary>
    public static EpcisContext ExampleContext { get; } = EpcisContext.Parse(JsonDocument.Parse(
        """["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"example":"http://ns.example.com/epcis/"}]""").RootElement);

    public static string HashId(int n) => "ni:///sha-256;" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(n))) + "?ver=CBV2.0";

    public static string Minified(string json) => System.Text.Encoding.UTF8.GetString(Storage.Indexing.EventIndexer.Minify(JsonDocument.Parse(json).RootElement));
}
