using System.Data.Common;
using Dapper;
using Suyuan.Storage.Postgres;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Storage;

public enum StoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The database behind an event store, for the platform's other tables (registry, accounts, alerts, equipment...).
/// Their schema comes from the same numbered migrations; queries use plain SQL both providers accept (Dapper on the connection).
/// </summary>
public sealed class FeatureDatabase
{
    private readonly Func<CancellationToken, ValueTask<DbConnection>> _open;
    private readonly Func<CancellationToken, ValueTask<IDisposable?>> _turn;
    private readonly FeatureDatabase? _audit;

    private FeatureDatabase(RelationalEventStore store, StoreProvider provider)
        : this(store.OpenFeatureConnectionAsync, store.EnterWriteAsync, provider) =>
        _audit = new(store.OpenAuditConnectionAsync, store.EnterAuditWriteAsync, provider);

    private FeatureDatabase(Func<CancellationToken, ValueTask<DbConnection>> open, Func<CancellationToken, ValueTask<IDisposable?>> turn, StoreProvider provider)
    {
        _open = open;
        _turn = turn;
        Provider = provider;
    }

    public StoreProvider Provider { get; }

    /// <summary>"column IN list" for a list parameter: Npgsql binds a list as one array (= ANY), Dapper expands it for SQLite (IN).</summary>
    public static string In(StoreProvider provider, string column, string parameter) =>
        provider == StoreProvider.Postgres ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";

    /// <inheritdoc cref="In(StoreProvider, string, string)"/>
    public string In(string column, string parameter) => In(Provider, column, parameter);

    /// <summary>
    /// The database of the audit log. On SQLite that is a file of its own (audit.db beside events.db), so an audit row
    /// never waits for a capture that holds the events' write lock; on PostgreSQL it is this database.
    /// </summary>
    internal FeatureDatabase Audit => _audit ?? this;

    public static FeatureDatabase Of(IEventStore store) => store switch
    {
        SqliteEventStore s => new(s.Relational, StoreProvider.Sqlite),
        PostgresEventStore p => new(p.Relational, StoreProvider.Postgres),
        IEventStoreDecorator d => Of(d.Inner),
        _ => throw new NotSupportedException($"{store.GetType().Name} has no relational database"),
    };

    /// <summary>
    /// An open connection; the caller disposes it. Write with <see cref="ExecuteAsync"/> or <see cref="InTransactionAsync{T}"/>:
    /// on SQLite a write on this connection waits for the other writers in SQLite's busy handler (up to 30 s), not in turn.
    /// </summary>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken ct = default) => await _open(ct);

    /// <summary>One write statement (Dapper parameters), committed on its own, in turn with this process's other writers.</summary>
    public async Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken ct = default)
    {
        using var turn = await _turn(ct);
        await using var connection = await OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns and rolled back when it throws.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        using var turn = await _turn(ct);
        await using var connection = await OpenConnectionAsync(ct);
        // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the write lock is taken up front, so writers never deadlock.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var value = await work(connection, transaction);
        await transaction.CommitAsync(ct);
        return value;
    }
}
