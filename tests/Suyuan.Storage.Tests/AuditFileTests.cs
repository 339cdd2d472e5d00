using Microsoft.Data.Sqlite;
using Suyuan.Storage.Accounts;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Storage.Tests;

/// <summary>On SQLite the audit log has a file of its own (audit.db), and the rows an earlier version kept in events.db move there once.</summary>
public sealed class AuditFileTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "suyuan-audit-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task NewRowsGoToAuditDbAndNotToEventsDb()
    {
        await using (var store = await SqliteEventStore.OpenAsync(_data))
        {
            var log = new AuditLog(FeatureDatabase.Of(store));
            await log.AppendAsync(new AuditEntry("admin", "admin", "key.issue", "key:k1", "ok", "127.0.0.1"));
            var listed = await log.ListAsync(new AuditFilter());
            Assert.Equal("key:k1", Assert.Single(listed).Target);
            Assert.Equal(Path.Combine(Path.GetFullPath(_data), SqliteEventStore.AuditFileName), store.AuditDatabasePath);
        }
        Assert.Equal(1L, await CountAsync(SqliteEventStore.AuditFileName));
        Assert.Equal(0L, await CountAsync(SqliteEventStore.FileName));
    }

    [Fact]
    public async Task RowsOfAnEarlierVersionAreCopiedOnceWithTheirIds()
    {
        // A data folder as an earlier version left it: the audit rows in events.db, no audit.db.
        await (await SqliteEventStore.OpenAsync(_data)).DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(Path.Combine(_data, SqliteEventStore.AuditFileName));
        await using (var events = new SqliteConnection($"Data Source={Path.Combine(_data, SqliteEventStore.FileName)};Pooling=False"))
        {
            await events.OpenAsync();
            await Db.ExecuteAsync(events, null,
                "INSERT INTO audit_log (id, at, actor, actor_kind, action, target, outcome, remote, detail) VALUES " +
                "(7, 1000, 'admin', 'admin', 'key.issue', 'key:a', 'ok', NULL, 'regulator'), (9, 2000, 'ent', 'enterprise', 'events.capture', 'POST /capture', '202', '10.0.0.1', NULL)",
                default);
        }

        for (var open = 0; open < 2; open++)
        {
            await using var store = await SqliteEventStore.OpenAsync(_data);
            var log = new AuditLog(FeatureDatabase.Of(store));
            var rows = await log.ListAsync(new AuditFilter());
            Assert.Equal([9L, 7L], rows.Select(r => r.Id));
            Assert.Equal("regulator", rows[1].Detail);
            Assert.Equal("10.0.0.1", rows[0].Remote);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(2000), rows[0].At);
        }

        // Ids go on after the copied ones.
        await using (var store = await SqliteEventStore.OpenAsync(_data))
        {
            var log = new AuditLog(FeatureDatabase.Of(store));
            await log.AppendAsync(new AuditEntry("admin", "admin", "key.revoke", "key:a", "ok", null));
            Assert.Equal(10L, (await log.ListAsync(new AuditFilter(Limit: 1)))[0].Id);
        }
    }

    private async Task<long> CountAsync(string file)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, file)};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COUNT(*) FROM audit_log", default));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
