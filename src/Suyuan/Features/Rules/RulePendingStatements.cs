using System.Collections;
using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Suyuan.Features.Rules;

/// <summary>
/// The statements of one rule batch on PostgreSQL. Each statement is a round trip to the server, and the rules run a few
/// for every event, so a 1,000-event batch was thousands of round trips. Statements whose outcome the rule does not read
/// (inserts, deletes) are held and sent with the next statement that reads, or when the batch ends, as one
/// <see cref="NpgsqlBatch"/>: they run in the order they were issued, before the read, in the batch's transaction, so a
/// read sees every write before it. An error in a held statement surfaces at that send and fails the batch's transaction
/// as it would have at the statement itself.
/// </summary>
internal sealed class RulePendingStatements(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    /// <summary>How many statements are held at most; a rule that writes much and reads little sends them in batches of this size.</summary>
    private const int MaxHeld = 2_000;

    private readonly List<NpgsqlBatchCommand> _pending = [];

    /// <summary>Holds a statement until the next read or <see cref="FlushAsync"/>.</summary>
    public async Task AddAsync(string sql, object? parameters, CancellationToken ct)
    {
        _pending.Add(Command(sql, parameters));
        if (_pending.Count >= MaxHeld)
        {
            await FlushAsync(ct);
        }
    }

    /// <summary>Sends the held statements, if any.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        await using var batch = Take();
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs the query after the held statements, in the same round trip, and reads its rows.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var query = Command(sql, parameters);
        await using var batch = Take();
        batch.BatchCommands.Add(query);
        var rows = new List<T>();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            // The query is the batch's last statement: its rows are the last result set's.
            do
            {
                rows.Clear();
                while (await reader.ReadAsync(ct))
                {
                    rows.Add(read(reader));
                }
            }
            while (await reader.NextResultAsync(ct));
        }
        return rows;
    }

    private NpgsqlBatch Take()
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in _pending)
        {
            batch.BatchCommands.Add(command);
        }
        _pending.Clear();
        return batch;
    }

    private static NpgsqlBatchCommand Command(string sql, object? parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value, type) in RuleParameters.Of(parameters))
        {
            if (sql.Contains("@" + name, StringComparison.Ordinal))
            {
                command.Parameters.Add(Parameter(name, value, type));
            }
        }
        return command;
    }

    /// <summary>
    /// A value as Dapper would send it: text and numbers as they are, lists as arrays (for <c>= ANY(@name)</c>), a null
    /// typed by the property that holds it (so it may stand where PostgreSQL cannot infer a type).
    /// </summary>
    private static NpgsqlParameter Parameter(string name, object? value, Type type) => value switch
    {
        null => new NpgsqlParameter(name, NullType(type)) { Value = DBNull.Value },
        string or long or int or short or double or bool or byte[] => new NpgsqlParameter(name, value),
        IEnumerable<string> texts => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = texts.ToArray() },
        IEnumerable<long> numbers => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = numbers.ToArray() },
        IEnumerable<int> numbers => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = numbers.Select(n => (long)n).ToArray() },
        IEnumerable => throw new NotSupportedException($"the rule parameter '{name}' is a list of {value.GetType()}, which is not sent as an array"),
        _ => new NpgsqlParameter(name, value),
    };

    private static NpgsqlDbType NullType(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(long) || t == typeof(int) || t == typeof(short) => NpgsqlDbType.Bigint,
        var t when t == typeof(double) => NpgsqlDbType.Double,
        var t when t == typeof(bool) => NpgsqlDbType.Boolean,
        var t when t == typeof(byte[]) => NpgsqlDbType.Bytea,
        _ => NpgsqlDbType.Text,
    };
}
