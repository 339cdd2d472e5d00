using System.Data.Common;

namespace Suyuan.Storage;

// The feed: events in the order they were committed, for views derived from them (alerts, equipment state...).
internal abstract partial class RelationalEventStore
{
    public async Task<IReadOnlyList<FeedEvent>> ReadFeedAsync(long afterSequence, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenReadConnectionAsync(ct);
        var ids = new List<long>(Math.Min(limit, 10_000));
        await using (var command = Db.Command(connection, null, $"SELECT id FROM events WHERE id > @after ORDER BY id LIMIT {limit}", [Db.P("@after", afterSequence)]))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                ids.Add(Db.Int64(reader, 0));
            }
        }
        var feed = new List<FeedEvent>(ids.Count);
        var index = 0;
        // Events are never deleted, so every id read above comes back, in the same order.
        await foreach (var stored in ReadEventsAsync(connection, ids, ct))
        {
            feed.Add(new FeedEvent(ids[index++], stored));
        }
        return feed;
    }

    public async Task<long> LastFeedSequenceAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenReadConnectionAsync(ct);
        return Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COALESCE(MAX(id), 0) FROM events", ct));
    }

    internal ValueTask<DbConnection> OpenFeatureConnectionAsync(CancellationToken ct) => OpenReadConnectionAsync(ct);
}
