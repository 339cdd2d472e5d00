using System.Data.Common;
using Suyuan.Storage.Indexing;

namespace Suyuan.Storage;

/// <summary>Named queries and the distinct values of the resources the REST binding lists.</summary>
internal abstract partial class RelationalEventStore
{
    private static readonly RefKind[] EpcRefKinds = [RefKind.Epc, RefKind.ChildEpc, RefKind.ParentId, RefKind.InputEpc, RefKind.OutputEpc];

    /// <summary>The EPC kinds as captured: what /epcs lists.</summary>
    private static readonly string EpcKinds = string.Join(", ", EpcRefKinds.Select(k => (int)k));

    /// <summary>The EPC kinds and their aliases (an EPC captured as a link on another host, by its canonical form): what finds one.</summary>
    private static readonly string EpcKindsAndAliases = string.Join(", ", EpcRefKinds.SelectMany(k => new[] { (int)k, (int)RefKinds.AliasOf(k) }));

    public async Task<bool> CreateNamedQueryAsync(NamedQuery query, CancellationToken ct = default)
    {
        await using var connection = await OpenReadConnectionAsync(ct);
        var inserted = await Db.ExecuteAsync(connection, null,
            "INSERT INTO named_queries (owner, name, query, extensions, created_at) VALUES (@o, @n, @q, @x, @c) ON CONFLICT (owner, name) DO NOTHING", ct,
            Db.P("@o", query.Owner), Db.P("@n", query.Name), Db.P("@q", query.Query), Db.P("@x", query.Extensions), Db.P("@c", query.CreatedAt.ToUnixTimeMilliseconds()));
        return inserted == 1;
    }

    public async Task<NamedQuery?> GetNamedQueryAsync(string owner, string name, CancellationToken ct = default) =>
        (await ReadNamedQueriesAsync(owner, "AND name = @n", 1, Db.P("@n", name), ct)).FirstOrDefault();

    public Task<IReadOnlyList<NamedQuery>> ListNamedQueriesAsync(string owner, string? after, int limit, CancellationToken ct = default) =>
        ReadNamedQueriesAsync(owner, after is null ? "" : "AND name > @a", limit, after is null ? null : Db.P("@a", after), ct);

    public async Task<bool> DeleteNamedQueryAsync(string owner, string name, CancellationToken ct = default)
    {
        await using var connection = await OpenReadConnectionAsync(ct);
        return await Db.ExecuteAsync(connection, null, "DELETE FROM named_queries WHERE owner = @o AND name = @n", ct, Db.P("@o", owner), Db.P("@n", name)) > 0;
    }

    private async Task<IReadOnlyList<NamedQuery>> ReadNamedQueriesAsync(string owner, string and, int limit, KeyValuePair<string, object?>? parameter, CancellationToken ct)
    {
        await using var connection = await OpenReadConnectionAsync(ct);
        await using var command = Db.Command(connection, null,
            $"SELECT owner, name, query, extensions, created_at FROM named_queries WHERE owner = @o {and} ORDER BY name LIMIT {limit}",
            parameter is { } p ? [Db.P("@o", owner), p] : [Db.P("@o", owner)]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var queries = new List<NamedQuery>();
        while (await reader.ReadAsync(ct))
        {
            queries.Add(new NamedQuery(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(Db.Int64(reader, 4))));
        }
        return queries;
    }

    public async Task<IReadOnlyList<string>> ListResourceValuesAsync(EventResource resource, string? after, int limit, IReadOnlyCollection<string>? places = null, CancellationToken ct = default)
    {
        if (places is { Count: 0 })
        {
            return [];
        }
        await using var connection = await OpenReadConnectionAsync(ct);
        var (visible, placeParameters) = VisibleEvents(places);
        if (resource == EventResource.Epc)
        {
            // EPCs are most of the dictionary, so walk it in order and keep the strings some (visible) event holds as an EPC. The
            // stored order is not the values' order (an identifier's scheme prefix is one character, StoredText), so each range
            // that is in order is read up to the limit, in one statement (a reader's visible events are gathered once), and
            // the ranges are merged. "r.event + 0" keeps the visible events a membership test on each EPC's few refs: as an
            // index term SQLite probed the refs key once per visible event and kind for every string it passed (seconds).
            var ranges = StoredText.OrderedRangesAfter(after);
            var parameters = new List<KeyValuePair<string, object?>>(placeParameters);
            var arms = new List<string>(ranges.Count);
            for (var i = 0; i < ranges.Count; i++)
            {
                var (from, inclusive, to) = ranges[i];
                parameters.Add(Db.P($"@a{i}", from));
                if (to is not null)
                {
                    parameters.Add(Db.P($"@b{i}", to));
                }
                arms.Add($"SELECT value FROM (SELECT s.value FROM strings s WHERE s.value {(inclusive ? ">=" : ">")} @a{i}{(to is null ? "" : $" AND s.value < @b{i}")} AND EXISTS (SELECT 1 FROM refs r WHERE r.value_id = s.id AND r.kind IN ({EpcKinds}){(visible is null ? "" : " AND r.event + 0 IN (SELECT event FROM visible)")}) ORDER BY s.value LIMIT {limit}) range{i}");
            }
            await using var command = Db.Command(connection, null,
                (visible is null ? "" : $"WITH visible(event) AS MATERIALIZED ({visible}) ") + string.Join(" UNION ALL ", arms), parameters);
            return (await ReadStringsAsync(command, ct)).Order(StringComparer.Ordinal).Take(limit).ToList();
        }
        var column = ColumnOf(resource);
        var ids = new List<long>();
        // Few distinct values among many events: a loose index scan (one index seek per value), then order by value. For one
        // reader, the distinct values of the events it may see.
        await using (var command = Db.Command(connection, null, places is null
            // Event types have no index on events; the writer keeps each stored one in event_types.
            ? resource == EventResource.EventType ? "SELECT type FROM event_types"
            : $"WITH RECURSIVE d(v) AS (SELECT MIN({column}) FROM events WHERE {column} > 0 UNION ALL SELECT (SELECT MIN({column}) FROM events WHERE {column} > d.v) FROM d WHERE d.v IS NOT NULL) SELECT v FROM d WHERE v IS NOT NULL"
            : $"SELECT DISTINCT e.{column} FROM events e WHERE e.{column} IS NOT NULL AND e.id IN ({visible})", placeParameters))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                ids.Add(Db.Int64(reader, 0));
            }
        }
        var values = await LookupStringsAsync(connection, null, ids, ct);
        return values.Values.Where(v => after is null || string.CompareOrdinal(v, after) > 0).Order(StringComparer.Ordinal).Take(limit).ToList();
    }

    public async Task<bool> ResourceValueExistsAsync(EventResource resource, string value, IReadOnlyCollection<string>? places = null, CancellationToken ct = default)
    {
        if (places is { Count: 0 })
        {
            return false;
        }
        await using var connection = await OpenReadConnectionAsync(ct);
        var stored = EventResources.Normalise(resource, value);
        // An identifier exists in whichever form it was captured in, as its /events finds it (EpcisQuery.IdentifierForms).
        var forms = resource is EventResource.Epc or EventResource.ReadPoint or EventResource.BizLocation ? Query.EpcisQuery.IdentifierForms(stored) : [stored];
        var valueParameters = forms.Select((f, i) => Db.P("@v" + i, StoredText.Encode(f))).ToArray();
        var (visible, placeParameters) = VisibleEvents(places);
        var held = resource == EventResource.Epc
            ? $"SELECT 1 FROM refs r WHERE r.value_id = s.id AND r.kind IN ({EpcKindsAndAliases}){(visible is null ? "" : $" AND r.event IN ({visible})")}"
            : resource == EventResource.EventType && visible is null
            ? "SELECT 1 FROM event_types t WHERE t.type = s.id"
            : $"SELECT 1 FROM events e WHERE e.{ColumnOf(resource)} = s.id{(visible is null ? "" : $" AND e.id IN ({visible})")}";
        var sql = $"SELECT 1 FROM strings s WHERE s.value IN ({string.Join(", ", valueParameters.Select(p => p.Key))}) AND EXISTS ({held})";
        return await Db.ScalarAsync(connection, null, sql, ct, [.. valueParameters, .. placeParameters]) is not null;
    }

    /// <summary>The events that name one of the places (<see cref="Query.QuerySql.EventsAtPlaces"/>); null when every event counts.</summary>
    private static (string? Sql, KeyValuePair<string, object?>[] Parameters) VisibleEvents(IReadOnlyCollection<string>? places)
    {
        if (places is null)
        {
            return (null, []);
        }
        var parameters = places.Select((p, i) => Db.P("@place" + i, StoredText.Encode(p))).ToArray();
        return (Query.QuerySql.EventsAtPlaces(string.Join(", ", parameters.Select(p => p.Key))), parameters);
    }

    private static string ColumnOf(EventResource resource) => resource switch
    {
        EventResource.BizStep => "biz_step",
        EventResource.Disposition => "disposition",
        EventResource.ReadPoint => "read_point",
        EventResource.BizLocation => "biz_location",
        EventResource.EventType => "type",
        _ => throw new ArgumentOutOfRangeException(nameof(resource)),
    };

    private static async Task<IReadOnlyList<string>> ReadStringsAsync(DbCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            values.Add(StoredText.Decode(reader.GetString(0)));
        }
        return values;
    }
}
