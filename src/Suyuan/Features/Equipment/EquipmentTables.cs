using System.Data.Common;
using System.Text.Json;
using Dapper;
using Suyuan.Storage;

namespace Suyuan.Features.Equipment;

/// <summary>One unit's history line: when, what step, and the event's own summary.</summary>
internal sealed record HistoryEntry(string EventId, DateTimeOffset Time, string Step, IReadOnlyDictionary<string, string?> Facts);

/// <summary>The equipment tables (migration 0010): a JSON state per unit and a history line per event, written per batch in one transaction.</summary>
internal sealed class EquipmentTables(FeatureDatabase database)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<T>> LoadAsync<T>(string kind, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<string>(new CommandDefinition("SELECT state FROM equipment_units WHERE kind = @kind", new { kind }, cancellationToken: ct));
        return rows.Select(r => JsonSerializer.Deserialize<T>(r, Json)!).ToList();
    }

    public async Task SaveAsync<T>(string kind, IReadOnlyCollection<(string Id, long Sequence, T State)> units, IReadOnlyCollection<(string Id, HistoryEntry Entry)> history, CancellationToken ct)
    {
        if (units.Count == 0 && history.Count == 0)
        {
            return;
        }
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO equipment_units (kind, id, last_sequence, state) VALUES (@kind, @Id, @Sequence, @State) " +
                "ON CONFLICT (kind, id) DO UPDATE SET last_sequence = excluded.last_sequence, state = excluded.state",
                units.Select(u => new { kind, u.Id, u.Sequence, State = JsonSerializer.Serialize(u.State, Json) }), transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO equipment_history (kind, id, event_id, event_time, entry) VALUES (@kind, @Id, @EventId, @Time, @Entry) ON CONFLICT (kind, id, event_id) DO NOTHING",
                history.Select(h => new { kind, h.Id, h.Entry.EventId, Time = h.Entry.Time.ToUnixTimeMilliseconds(), Entry = JsonSerializer.Serialize(h.Entry, Json) }),
                transaction, cancellationToken: ct));
            return 0;
        }, ct);
    }

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string kind, string id, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT entry FROM equipment_history WHERE kind = @kind AND id = @id ORDER BY event_time, event_id", new { kind, id }, cancellationToken: ct));
        return rows.Select(r => JsonSerializer.Deserialize<HistoryEntry>(r, Json)!).ToList();
    }

    /// <summary>The units of a kind whose history names one of the events, each with every eventID of its history (in time order).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> HistoriesNamingAsync(string kind, IReadOnlyCollection<string> eventIds,
        DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var units = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var chunk in eventIds.Chunk(500))
        {
            units.UnionWith(await connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT DISTINCT id FROM equipment_history WHERE kind = @kind AND {database.In("event_id", "ids")}", new { kind, ids = chunk }, transaction, cancellationToken: ct)));
        }
        var histories = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var id in units)
        {
            histories[id] = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT event_id FROM equipment_history WHERE kind = @kind AND id = @id ORDER BY event_time, event_id", new { kind, id }, transaction, cancellationToken: ct))).ToList();
        }
        return histories;
    }

    /// <summary>
    /// Takes back what declared events left (EPCIS 2.0 error declarations): their history lines go, and each unit they touched
    /// gets the state worked out again from the rest of its history, or goes when nothing else named it. In the caller's transaction.
    /// </summary>
    public async Task RetractAsync<T>(string kind, IReadOnlyCollection<string> eventIds, IReadOnlyCollection<(string Id, long Sequence, T? State)> units,
        DbConnection connection, DbTransaction transaction, CancellationToken ct) where T : class
    {
        foreach (var chunk in eventIds.Chunk(500))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM equipment_history WHERE kind = @kind AND {database.In("event_id", "ids")}", new { kind, ids = chunk }, transaction, cancellationToken: ct));
        }
        foreach (var (id, sequence, state) in units)
        {
            await connection.ExecuteAsync(new CommandDefinition(state is null
                    ? "DELETE FROM equipment_units WHERE kind = @kind AND id = @id"
                    : "INSERT INTO equipment_units (kind, id, last_sequence, state) VALUES (@kind, @id, @sequence, @state) " +
                      "ON CONFLICT (kind, id) DO UPDATE SET last_sequence = excluded.last_sequence, state = excluded.state",
                new { kind, id, sequence, state = state is null ? null : JsonSerializer.Serialize(state, Json) }, transaction, cancellationToken: ct));
        }
    }
}
