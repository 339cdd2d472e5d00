using System.Collections;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Suyuan.Features.Rules;

/// <summary>
/// The statements of one rule batch on SQLite, each prepared once and run again with new values: a rule runs the same
/// few statements for every event of a batch, and SQLite parsing and planning each anew was a good part of the views'
/// time. Parameters come from an anonymous object as Dapper takes them (<c>new { subject, id = e.EventId }</c>), lists
/// for <c>IN @name</c> included; a value of another kind than text, integer, real, bytes or a list of text or integers returns null, and
/// the caller leaves the statement to Dapper.
/// </summary>
internal sealed partial class RuleStatements(SqliteConnection connection, SqliteTransaction transaction) : IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The prepared command with the values bound, or null when a value is of a kind this does not bind.</summary>
    public SqliteCommand? Bind(string sql, object? parameters)
    {
        var values = RuleParameters.Of(parameters);
        var bound = new List<(string Name, object Value)>(values.Length);
        foreach (var (name, value, _) in values)
        {
            if (!sql.Contains("@" + name, StringComparison.Ordinal))
            {
                continue;
            }
            if (value is null && InList(name).IsMatch(sql))
            {
                return null;
            }
            if (value is string or long or int or short or double or byte[] or null)
            {
                bound.Add(("@" + name, value ?? DBNull.Value));
                continue;
            }
            if (value is not IEnumerable list)
            {
                return null;
            }
            var items = new List<object>();
            foreach (var item in list)
            {
                if (item is not (string or long or int))
                {
                    return null;
                }
                items.Add(item);
            }
            // As Dapper expands "IN @name" for providers without array parameters.
            var names = items.Select((_, i) => $"@{name}_{i}").ToList();
            var expanded = InList(name).Replace(sql, items.Count == 0 ? "IN (SELECT NULL WHERE 0)" : "IN (" + string.Join(", ", names) + ")");
            if (ReferenceEquals(expanded, sql) || expanded == sql)
            {
                return null;
            }
            sql = expanded;
            bound.AddRange(names.Zip(items, (n, v) => (n, v)));
        }
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, _) in bound)
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }
            _commands[sql] = command;
        }
        foreach (var (name, value) in bound)
        {
            command.Parameters[name].Value = value;
        }
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }
        _commands.Clear();
    }

    private static readonly ConcurrentDictionary<string, Regex> InLists = new(StringComparer.Ordinal);

    private static Regex InList(string name) => InLists.GetOrAdd(name, n => new Regex(@"\bIN @" + Regex.Escape(n) + @"\b", RegexOptions.CultureInvariant));

}

/// <summary>The properties of an anonymous object of parameters, read by reflection once per type.</summary>
internal static class RuleParameters
{
    private static readonly ConcurrentDictionary<Type, Func<object, (string, object?, Type)[]>> Readers = new();

    /// <summary>Each property's name, value and declared type.</summary>
    public static (string Name, object? Value, Type Type)[] Of(object? parameters) => parameters is null ? [] : Readers.GetOrAdd(parameters.GetType(), static t =>
    {
        var properties = t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        return o => Array.ConvertAll(properties, p => (p.Name, p.GetValue(o), p.PropertyType));
    })(parameters);
}

/// <summary>How a row of a rule's query becomes a value: text, an integer, or a tuple of those; null for what Dapper maps.</summary>
internal static class RuleRow<T>
{
    public static readonly Func<DbDataReader, T>? Read = Make();

    private static Func<DbDataReader, T>? Make()
    {
        if (typeof(T) == typeof(string))
        {
            return r => (T)(object)(r.IsDBNull(0) ? null : r.GetString(0))!;
        }
        if (typeof(T) == typeof(long))
        {
            return r => (T)(object)r.GetInt64(0);
        }
        if (!typeof(T).IsValueType || !typeof(T).FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal))
        {
            return null;
        }
        var fields = typeof(T).GetGenericArguments();
        if (fields.Length > 7 || fields.Any(f => f != typeof(string) && f != typeof(long)))
        {
            return null;
        }
        return r =>
        {
            var values = new object?[fields.Length];
            for (var i = 0; i < fields.Length; i++)
            {
                values[i] = r.IsDBNull(i) ? null : fields[i] == typeof(long) ? r.GetInt64(i) : r.GetString(i);
            }
            return (T)Activator.CreateInstance(typeof(T), values)!;
        };
    }
}
