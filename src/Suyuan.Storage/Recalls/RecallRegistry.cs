using System.Data.Common;
using Suyuan.Storage.Postgres;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Storage.Recalls;

/// <summary>One recall (召回): Subject is the canonical identifier recalled (a lot, item, container or trace code); EndedAt null while active.</summary>
public sealed record RecallRecord(string Id, string Subject, string GivenId, string Reason, string Department,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, DateTimeOffset CreatedAt)
{
    public bool IsActive => EndedAt is null;
}

/// <summary>The recall registry kept beside the events (migration 0005): started by a regulator, ended when the recall closes.</summary>
public sealed class RecallRegistry
{
    private const string Columns = "id, subject, given_id, reason, department, started_at, ended_at, created_at";
    private readonly RelationalEventStore _store;

    private RecallRegistry(RelationalEventStore store) => _store = store;

    public static RecallRegistry Of(IEventStore store) => store switch
    {
        SqliteEventStore s => new(s.Relational),
        PostgresEventStore p => new(p.Relational),
        RelationalEventStore r => new(r),
        IEventStoreDecorator d => Of(d.Inner),
        _ => throw new NotSupportedException($"{store.GetType().Name} keeps no recall registry"),
    };

    public async Task<RecallRecord> StartAsync(string subject, string givenId, string reason, string department, DateTimeOffset startedAt, CancellationToken ct = default)
    {
        var record = new RecallRecord(Guid.NewGuid().ToString("N"), subject, givenId, reason, department, startedAt, null, DateTimeOffset.UtcNow);
        await using var connection = await _store.OpenRecallConnectionAsync(ct);
        await Db.ExecuteAsync(connection, null,
            $"INSERT INTO recalls ({Columns}) VALUES (@id, @s, @g, @r, @d, @st, NULL, @c)", ct,
            Db.P("@id", record.Id), Db.P("@s", subject), Db.P("@g", givenId), Db.P("@r", reason), Db.P("@d", department),
            Db.P("@st", startedAt.ToUnixTimeMilliseconds()), Db.P("@c", record.CreatedAt.ToUnixTimeMilliseconds()));
        return record;
    }

    /// <summary>Ends an active recall; null when no recall has that id, the record unchanged when it had already ended.</summary>
    public async Task<RecallRecord?> EndAsync(string id, DateTimeOffset endedAt, CancellationToken ct = default)
    {
        await using var connection = await _store.OpenRecallConnectionAsync(ct);
        await Db.ExecuteAsync(connection, null, "UPDATE recalls SET ended_at = @e WHERE id = @id AND ended_at IS NULL", ct,
            Db.P("@e", endedAt.ToUnixTimeMilliseconds()), Db.P("@id", id));
        return (await ReadAsync(connection, "WHERE id = @id", [Db.P("@id", id)], ct)).FirstOrDefault();
    }

    public async Task<RecallRecord?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await _store.OpenRecallConnectionAsync(ct);
        return (await ReadAsync(connection, "WHERE id = @id", [Db.P("@id", id)], ct)).FirstOrDefault();
    }

    /// <summary>Recalls newest first; only active ones unless <paramref name="includeEnded"/>.</summary>
    public async Task<IReadOnlyList<RecallRecord>> ListAsync(bool includeEnded, int limit = 1_000, CancellationToken ct = default)
    {
        await using var connection = await _store.OpenRecallConnectionAsync(ct);
        return await ReadAsync(connection, (includeEnded ? "" : "WHERE ended_at IS NULL ") + $"ORDER BY started_at DESC, id LIMIT {limit}", [], ct);
    }

    /// <summary>Recalls entered in the registry at or after a time (ms since the epoch), oldest entry first, ended ones too.</summary>
    public async Task<IReadOnlyList<RecallRecord>> CreatedSinceAsync(long createdAtMs, int limit = 1_000, CancellationToken ct = default)
    {
        await using var connection = await _store.OpenRecallConnectionAsync(ct);
        return await ReadAsync(connection, $"WHERE created_at >= @c ORDER BY created_at, id LIMIT {limit}", [Db.P("@c", createdAtMs)], ct);
    }

    /// <summary>The active recalls naming any of the canonical identifiers (a chain's lots, items and containers).</summary>
    public async Task<IReadOnlyList<RecallRecord>> ActiveForAsync(IReadOnlyCollection<string> subjects, CancellationToken ct = default)
    {
        if (subjects.Count == 0)
        {
            return [];
        }
        await using var connection = await _store.OpenRecallConnectionAsync(ct);
        var found = new List<RecallRecord>();
        foreach (var chunk in subjects.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var names = chunk.Select((_, i) => "@s" + i).ToList();
            found.AddRange(await ReadAsync(connection, $"WHERE ended_at IS NULL AND subject IN ({string.Join(", ", names)}) ORDER BY started_at",
                chunk.Select((s, i) => Db.P(names[i], s)).ToList(), ct));
        }
        return found;
    }

    private static async Task<IReadOnlyList<RecallRecord>> ReadAsync(DbConnection connection, string tail, IReadOnlyList<KeyValuePair<string, object?>> parameters, CancellationToken ct)
    {
        await using var command = Db.Command(connection, null, $"SELECT {Columns} FROM recalls {tail}", parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var records = new List<RecallRecord>();
        while (await reader.ReadAsync(ct))
        {
            records.Add(new RecallRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(Db.Int64(reader, 5)), reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Db.Int64(reader, 6)),
                DateTimeOffset.FromUnixTimeMilliseconds(Db.Int64(reader, 7))));
        }
        return records;
    }
}
