using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Suyuan.Storage.Sqlite;

/// <summary>The SQLite write session's bulk row writer, for the writers that share its transaction (the lineage).</summary>
internal interface ISqliteWriteSession
{
    /// <summary>The session's inserter for <paramref name="target"/> ("table (columns)"), created on first use and kept for the session.</summary>
    SqliteRows Rows(string target, int columns, int rowsPerStatement, bool ignoreConflicts = false);
}

/// <summary>
/// Buffers rows and inserts them many per prepared statement, bound by position through SQLitePCL: SQLite's cost is per
/// statement step, and Microsoft.Data.Sqlite binds by name (a name lookup per parameter per execution), which took more
/// time than SQLite itself on the capture path.
/// </summary>
internal sealed class SqliteRows(SqliteConnection connection, string target, int columns, int rowsPerStatement, bool ignoreConflicts) : IDisposable
{
    private readonly object?[] _values = new object?[columns * rowsPerStatement];
    private int _count;
    private sqlite3_stmt? _many, _one;

    public void Add(params ReadOnlySpan<object?> values)
    {
        if (values.Length != columns)
        {
            throw new ArgumentException($"{target} takes {columns} values, not {values.Length}", nameof(values));
        }
        values.CopyTo(_values.AsSpan(_count));
        _count += columns;
        if (_count == _values.Length)
        {
            Execute(_many ??= Prepare(rowsPerStatement), 0, rowsPerStatement);
            _count = 0;
        }
    }

    /// <summary>Inserts the rows still buffered.</summary>
    public void Flush()
    {
        for (var from = 0; from < _count; from += columns)
        {
            Execute(_one ??= Prepare(1), from, 1);
        }
        _count = 0;
    }

    private void Execute(sqlite3_stmt statement, int from, int rows)
    {
        for (var i = 0; i < rows * columns; i++)
        {
            Check(SqliteNative.Bind(statement, i + 1, _values[from + i]));
        }
        var step = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (step != raw.SQLITE_DONE)
        {
            Check(step);
        }
    }

    private void Check(int rc) => SqliteNative.Check(connection, rc);

    private sqlite3_stmt Prepare(int rows)
    {
        var row = "(" + string.Join(", ", Enumerable.Repeat("?", columns)) + ")";
        // OR FAIL, not the default ABORT: a statement that may abort halfway must be undone by itself, so SQLite would copy
        // every page each multi-row INSERT touches into a statement journal (a file in /var/tmp past 64 KiB: 9.4 KB per
        // captured event). A failure here fails the whole capture transaction anyway, which is rolled back.
        var sql = $"INSERT {(ignoreConflicts ? "OR IGNORE" : "OR FAIL")} INTO {target} VALUES {string.Join(", ", Enumerable.Repeat(row, rows))}";
        return SqliteNative.Prepare(connection, sql);
    }

    public void Dispose()
    {
        _many?.Dispose();
        _one?.Dispose();
    }
}

/// <summary>Positional binding and checked calls on SQLitePCL statements of a Microsoft.Data.Sqlite connection.</summary>
internal static class SqliteNative
{
    public static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        long v => raw.sqlite3_bind_int64(statement, index, v),
        int v => raw.sqlite3_bind_int64(statement, index, v),
        short v => raw.sqlite3_bind_int64(statement, index, v),
        double v => raw.sqlite3_bind_double(statement, index, v),
        string v => raw.sqlite3_bind_text(statement, index, v),
        // A zero-length BLOB is a value, not NULL (a pointer-less bind of length 0 would be NULL).
        byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(statement, index, 0),
        byte[] v => raw.sqlite3_bind_blob(statement, index, v),
        var v => throw new NotSupportedException(v.GetType().Name),
    };

    public static void Check(SqliteConnection connection, int rc)
    {
        if (rc is not raw.SQLITE_OK and not raw.SQLITE_DONE and not raw.SQLITE_ROW)
        {
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }
    }

    public static sqlite3_stmt Prepare(SqliteConnection connection, string sql)
    {
        Check(connection, raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement));
        return statement;
    }
}
