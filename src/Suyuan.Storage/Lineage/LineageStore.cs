using System.Data.Common;
using System.Text.Json;
using Npgsql;
using Suyuan.Core.Identifiers;
using Suyuan.Storage.Indexing;
using Suyuan.Storage.Postgres;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Storage.Lineage;

/// <summary>
/// Reads the lineage written at capture: walks edges by index from a set of canonical identifiers, level by level,
/// with visited sets (cycles and diamonds end), and collects the events, parties and locations on the way.
/// </summary>
public sealed class LineageStore
{
    private const int MaxStates = 500_000;
    private readonly RelationalEventStore _store;

    private LineageStore(RelationalEventStore store) => _store = store;

    public static LineageStore Of(IEventStore store) => store switch
    {
        SqliteEventStore s => new(s.Relational),
        PostgresEventStore p => new(p.Relational),
        RelationalEventStore r => new(r),
        IEventStoreDecorator d => Of(d.Inner),
        _ => throw new NotSupportedException($"{store.GetType().Name} keeps no lineage"),
    };

    /// <summary>True when some captured event names the canonical identifier (or a commissioning ties an item to it).</summary>
    public async Task<bool> IsKnownAsync(string canonicalId, CancellationToken ct = default)
    {
        await using var connection = await _store.OpenLineageConnectionAsync(ct);
        var (ids, parameters) = StringIds(connection, LineageNodes.Forms(canonicalId).Select(StoredText.Encode).ToList());
        await using var command = Db.Command(connection, null,
            $"SELECT 1 WHERE EXISTS (SELECT 1 FROM lineage_presence WHERE node IN ({ids})) OR EXISTS (SELECT 1 FROM refs WHERE value_id IN ({ids}) AND kind IN ({PresenceKinds})) " +
            $"OR EXISTS (SELECT 1 FROM lineage_edges WHERE src IN ({ids}))", parameters);
        return await command.ExecuteScalarAsync(ct) is not null and not DBNull;
    }

    /// <summary>The whole walk upstream or downstream of the identifiers (each with the time from which it counts; null = always).</summary>
    public async Task<TraceResult> TraceAsync(IReadOnlyList<(string Id, DateTimeOffset? From)> start, TraceDirection direction, TraceOptions? options = null, CancellationToken ct = default)
    {
        options ??= TraceOptions.Default;
        await using var connection = await _store.OpenLineageConnectionAsync(ct);
        var walk = new Walk(direction, options);
        var nodes = new LineageNodeSpace();
        foreach (var (id, from) in start)
        {
            var node = nodes.Of(id);
            var (ids, parameters) = StringIds(connection, nodes.FormsOf([node]));
            if (await Db.ScalarAsync(connection, null, $"SELECT 1 WHERE EXISTS ({ids})", ct, parameters) is not null and not DBNull)
            {
                var a = from is { } f && direction == TraceDirection.Forward ? f.ToUnixTimeMilliseconds() : long.MinValue;
                var b = from is { } t && direction == TraceDirection.Backward ? t.ToUnixTimeMilliseconds() : long.MaxValue;
                walk.Seed(new State(node, Role.Product, a, b, node, null, null));
            }
        }
        var frontier = walk.TakeFrontier();
        var depth = 0;
        while (frontier.Count > 0 && (options.MaxDepth is null || depth < options.MaxDepth))
        {
            await LoadEdgesAsync(connection, nodes, walk, frontier.Select(s => s.Node).Where(n => !walk.EdgesLoaded.Contains(n)).Distinct().ToList(), ct);
            foreach (var s in frontier)
            {
                walk.Expand(s);
            }
            if (walk.States.Count > MaxStates)
            {
                throw new InvalidOperationException($"the trace reached more than {MaxStates} identifiers");
            }
            frontier = walk.TakeFrontier();
            depth++;
        }
        return await ResultAsync(connection, nodes, start.Select(s => s.Id).ToList(), direction, walk, options, ct);
    }

    /// <summary>The latest events at any of the places (canonical locations or parties, in any role), newest first.</summary>
    public async Task<IReadOnlyList<LineageEvent>> RecentEventsAtAsync(IReadOnlyCollection<string> canonicalPlaces, int limit, CancellationToken ct = default)
    {
        await using var connection = await _store.OpenLineageConnectionAsync(ct);
        var latest = new List<(long Event, long Time)>();
        foreach (var place in canonicalPlaces)
        {
            if (await NodeAsync(connection, place, ct) is not { } node)
            {
                continue;
            }
            await using var command = Db.Command(connection, null, $"SELECT DISTINCT event, time FROM lineage_places WHERE place = @p ORDER BY time DESC LIMIT {limit}", Db.P("@p", node));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                latest.Add((Db.Int64(reader, 0), Db.Int64(reader, 1)));
            }
        }
        var events = latest.DistinctBy(e => e.Event).OrderByDescending(e => e.Time).ThenByDescending(e => e.Event).Take(limit).Select(e => e.Event).ToList();
        var infos = await EventInfosAsync(connection, events, ct);
        return events.Where(infos.ContainsKey).Select(e => infos[e]).ToList();
    }

    /// <summary>Identifiers of a GTIN (lots, items, the class) with an event between from and to, canonical.</summary>
    public async Task<IReadOnlyList<(string Id, DateTimeOffset First)>> IdentifiersOfProductAsync(string gtin14, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct = default)
    {
        await using var connection = await _store.OpenLineageConnectionAsync(ct);
        var prefix = $"https://id.gs1.org/01/{gtin14}";
        // Items and lots stored as EPC URNs too: the URN prefixes of the GTIN's serials and lots and its class patterns, one per
        // company-prefix length.
        static IEnumerable<string> Urns(IEnumerable<string> forms) => forms.Where(f => f.StartsWith("urn:", StringComparison.Ordinal));
        var exact = Urns(LineageNodes.Forms(prefix)).Prepend(prefix).ToList();
        var prefixes = Urns(LineageNodes.Forms(prefix + "/21/0").Concat(LineageNodes.Forms(prefix + "/10/0"))).Select(f => f[..^1]).Prepend(prefix + "/").ToList();
        var nodes = new List<(long Id, string Value)>();
        await using (var command = StringsCommand(connection, "SELECT id, value", exact, prefixes))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                nodes.Add((Db.Int64(reader, 0), StoredText.Decode(reader.GetString(1))));
            }
        }
        var firsts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (id, value) in nodes)
        {
            var canonical = IdentifierConverter.Canonicalise(value);
            foreach (var sql in FirstPresence)
            {
                var first = await Db.ScalarAsync(connection, null, sql, ct,
                    Db.P("@n", id), Db.P("@a", from?.ToUnixTimeMilliseconds() ?? long.MinValue), Db.P("@b", to?.ToUnixTimeMilliseconds() ?? long.MaxValue));
                if (first is not null and not DBNull)
                {
                    var time = Convert.ToInt64(first);
                    firsts[canonical] = firsts.TryGetValue(canonical, out var t) ? Math.Min(t, time) : time;
                }
            }
        }
        return firsts.Select(p => (p.Key, DateTimeOffset.FromUnixTimeMilliseconds(p.Value))).ToList();
    }

    /// <summary>The refs kinds that name an identifier an event is about (EPCs, parent, children, inputs, outputs and their classes).</summary>
    private static readonly string PresenceKinds = string.Join(", ", new[]
    {
        RefKind.Epc, RefKind.ParentId, RefKind.ChildEpc, RefKind.InputEpc, RefKind.OutputEpc,
        RefKind.EpcClass, RefKind.ChildEpcClass, RefKind.InputEpcClass, RefKind.OutputEpcClass,
    }.Select(k => (int)k));

    /// <summary>The first time an identifier (a string id) is named in a window: in lineage_presence or by the refs of an event.</summary>
    private static readonly string[] FirstPresence =
    [
        "SELECT MIN(time) FROM lineage_presence WHERE node = @n AND time >= @a AND time <= @b",
        $"SELECT MIN(e.event_time) FROM refs r JOIN events e ON e.id = r.event WHERE r.value_id = @n AND r.kind IN ({PresenceKinds}) AND e.event_time >= @a AND e.event_time <= @b",
    ];

    /// <summary>Identifiers named by events at a location (an exact SGLN, or every SGLN of a GLN given as its /414/{gln} prefix) between from and to.</summary>
    public async Task<IReadOnlyList<(string Id, DateTimeOffset First)>> IdentifiersAtLocationAsync(string canonicalLocation, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct = default)
    {
        await using var connection = await _store.OpenLineageConnectionAsync(ct);
        var places = new List<long>();
        await using (var command = StringsCommand(connection, "SELECT id", [canonicalLocation], [canonicalLocation + "/"]))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                places.Add(Db.Int64(reader, 0));
            }
        }
        var events = new HashSet<long>();
        foreach (var place in places)
        {
            await using var command = Db.Command(connection, null, "SELECT event FROM lineage_places WHERE place = @p AND time >= @a AND time <= @b",
                Db.P("@p", place), Db.P("@a", from?.ToUnixTimeMilliseconds() ?? long.MinValue), Db.P("@b", to?.ToUnixTimeMilliseconds() ?? long.MaxValue));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                events.Add(Db.Int64(reader, 0));
            }
        }
        var first = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var info in (await EventInfosAsync(connection, events, ct)).Values)
        {
            foreach (var i in info.Identifiers)
            {
                if (!first.TryGetValue(i.Id, out var t) || info.Time < t)
                {
                    first[i.Id] = info.Time;
                }
            }
        }
        return first.Select(p => (p.Key, p.Value)).ToList();
    }

    /// <summary>
    /// One look-up of the dictionary rows equal to any of the values or starting with any of the prefixes (a Digital Link and
    /// those that extend its path: a GTIN's lots and items, a GLN's sites; their EPC URN forms).
    /// </summary>
    private static DbCommand StringsCommand(DbConnection connection, string select, IReadOnlyList<string> values, IReadOnlyList<string> prefixes)
    {
        var parameters = values.Select((v, i) => Db.P($"@v{i}", StoredText.Encode(v))).ToList();
        var conditions = new List<string> { $"value IN ({string.Join(", ", parameters.Select(p => p.Key))})" };
        foreach (var (from, to) in prefixes.SelectMany(StoredText.Ranges))
        {
            conditions.Add($"(value >= @lo{conditions.Count} AND value < @hi{conditions.Count})");
            parameters.Add(Db.P($"@lo{conditions.Count - 1}", from));
            parameters.Add(Db.P($"@hi{conditions.Count - 1}", to));
        }
        return Db.Command(connection, null, $"{select} FROM strings WHERE {string.Join(" OR ", conditions)}", parameters);
    }

    private static async Task<long?> NodeAsync(DbConnection connection, string value, CancellationToken ct) =>
        await Db.ScalarAsync(connection, null, "SELECT id FROM strings WHERE value = @v", ct, Db.P("@v", StoredText.Encode(value))) is { } id ? Convert.ToInt64(id) : null;

    private static async Task LoadEdgesAsync(DbConnection connection, LineageNodeSpace nodes, Walk walk, List<long> frontier, CancellationToken ct)
    {
        foreach (var chunk in frontier.Chunk(100))
        {
            var (ids, parameters) = StringIds(connection, nodes.FormsOf(chunk));
            foreach (var column in new[] { "src", "dst" })
            {
                // Edge ends come with their stored strings: each names its node, in whichever form the event sent it. In
                // time order, the same on both stores whatever their layout: a state reached twice keeps the quantity it
                // was first reached with (Walk.Offer).
                await using var command = Db.Command(connection, null,
                    "SELECT s.value, d.value, e.kind, e.event, e.time, e.src_quantity, e.src_uom, e.dst_quantity, e.dst_uom " +
                    $"FROM lineage_edges e JOIN strings s ON s.id = e.src JOIN strings d ON d.id = e.dst WHERE e.{column} IN ({ids}) " +
                    "ORDER BY e.time, e.event, e.src, e.dst, e.kind", parameters);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    walk.AddEdge(column == "src", new Edge(nodes.OfStored(reader.GetString(0)), nodes.OfStored(reader.GetString(1)),
                        (LineageRelation)Db.Int64(reader, 2), Db.Int64(reader, 3), Db.Int64(reader, 4),
                        reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                        reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
                }
            }
            foreach (var n in chunk)
            {
                walk.EdgesLoaded.Add(n);
            }
        }
    }

    /// <summary>A subquery of the dictionary ids of stored strings (already encoded), and its parameters.</summary>
    private static (string Sql, List<KeyValuePair<string, object?>> Parameters) StringIds(DbConnection connection, IReadOnlyCollection<string> storedValues)
    {
        if (connection is NpgsqlConnection)
        {
            return ("SELECT id FROM strings WHERE value = ANY(@forms)", [Db.P("@forms", storedValues.ToArray())]);
        }
        return ($"SELECT id FROM strings WHERE value IN ({string.Join(", ", storedValues.Select((_, i) => "@f" + i))})", storedValues.Select((v, i) => Db.P("@f" + i, v)).ToList());
    }

    /// <summary>
    /// The events that name the nodes, with their time and the quantity given: lineage_presence for identifiers named in
    /// another form than stored (and every event stored before refs were read for it), then the refs of events that name
    /// them as sent, in the order of each event's lists.
    /// </summary>
    private static async Task<List<(long Node, long Time, long Event, double? Quantity, string? Uom)>> PresenceAsync(DbConnection connection, LineageNodeSpace nodes,
        IEnumerable<long> of, CancellationToken ct)
    {
        var (ids, parameters) = StringIds(connection, nodes.FormsOf(of));
        var found = new List<(long Node, long Time, long Event, double? Quantity, string? Uom)>();
        await using var command = Db.Command(connection, null,
            "SELECT 0 AS part, s.value, p.time, p.event, p.quantity, p.uom, 0 AS kind, 0 AS seq FROM lineage_presence p JOIN strings s ON s.id = p.node " +
            $"WHERE p.node IN ({ids}) " +
            "UNION ALL SELECT 1, s.value, e.event_time, r.event, q.quantity, u.value, r.kind, q.seq FROM refs r JOIN strings s ON s.id = r.value_id JOIN events e ON e.id = r.event " +
            "LEFT JOIN quantities q ON q.event = r.event AND q.kind = r.kind AND q.class_id = r.value_id LEFT JOIN strings u ON u.id = q.uom " +
            $"WHERE r.value_id IN ({ids}) AND r.kind IN ({PresenceKinds}) ORDER BY 1, 4, 7, 8", parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add((nodes.OfStored(reader.GetString(1)), Db.Int64(reader, 2), Db.Int64(reader, 3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.IsDBNull(5) ? null : StoredText.Decode(reader.GetString(5))));
        }
        return found;
    }

    /// <summary>A command whose {0} becomes "column IN (...)" (SQLite) or "column = ANY(array)" (PostgreSQL).</summary>
    private static DbCommand InCommand(DbConnection connection, string sql, string column, IReadOnlyCollection<long> ids)
    {
        if (connection is NpgsqlConnection)
        {
            return Db.Command(connection, null, string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, $"{column} = ANY(@ids)"), Db.P("@ids", ids.ToArray()));
        }
        return Db.Command(connection, null, string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, $"{column} IN ({string.Join(", ", ids.Select((_, i) => "@i" + i))})"),
            ids.Select((id, i) => Db.P("@i" + i, id)));
    }

    /// <summary>
    /// The trace summaries of events (binary ones in their events rows, JSON ones written before migration 0012 as stored),
    /// their strings read in one lookup; identifiers stored in another form than the canonical one are given canonical.
    /// </summary>
    private async Task<Dictionary<long, LineageEvent>> EventInfosAsync(DbConnection connection, IReadOnlyCollection<long> events, CancellationToken ct)
    {
        var rows = new List<SummaryRow>(events.Count);
        var older = new List<long>();
        foreach (var chunk in events.Chunk(500))
        {
            var found = new HashSet<long>(chunk.Length);
            await using (var command = InCommand(connection,
                "SELECT e.id, e.lineage, e.event_id, e.event_time, e.tz_offset, e.type, e.action, e.biz_step, e.disposition FROM events e WHERE e.lineage IS NOT NULL AND {0}", "e.id", chunk))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var row = new SummaryRow(Db.Int64(reader, 0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2), Db.Int64(reader, 3), (short)Db.Int64(reader, 4),
                        Db.Int64(reader, 5), Db.NullableInt64(reader, 6), Db.NullableInt64(reader, 7), Db.NullableInt64(reader, 8));
                    rows.Add(row);
                    found.Add(row.Event);
                }
            }
            if (found.Count < chunk.Length)
            {
                older.AddRange(chunk.Where(e => !found.Contains(e)));
            }
        }

        var ids = new HashSet<long>();
        foreach (var row in rows)
        {
            ids.Add(row.Type);
            AddIfSet(ids, row.BizStep);
            AddIfSet(ids, row.Disposition);
            LineageSummary.CollectIds(row.Data, ids);
        }
        var strings = await _store.LookupStringsAsync(connection, null, ids, ct);
        var infos = new Dictionary<long, LineageEvent>(events.Count);
        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var header = new LineageHeader(EventIds.Unpack(row.EventId),
                DateTimeOffset.FromUnixTimeMilliseconds(row.Time).ToOffset(TimeSpan.FromMinutes(row.Offset)), strings[row.Type],
                LineageFacts.ActionName(row.Action),
                row.BizStep is { } b ? LineageFacts.ShortBizStep(strings[b]) : null,
                row.Disposition is { } d ? LineageFacts.ShortDisposition(strings[d]) : null);
            infos[row.Event] = Canonical(LineageSummary.Decode(row.Data, header, strings), canonical);
        }

        foreach (var chunk in older.Chunk(500))
        {
            await using var command = InCommand(connection, "SELECT event, info FROM lineage_events WHERE {0}", "event", chunk);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                infos[Db.Int64(reader, 0)] = JsonSerializer.Deserialize(reader.GetString(1), LineageJson.Default.LineageEvent)!;
            }
        }
        return infos;
    }

    private static LineageEvent Canonical(LineageEvent info, Dictionary<string, string> canonical)
    {
        string C(string id)
        {
            if (!canonical.TryGetValue(id, out var c))
            {
                canonical[id] = c = IdentifierConverter.Canonicalise(id);
            }
            return c;
        }
        foreach (var i in info.Identifiers)
        {
            if (!ReferenceEquals(C(i.Id), i.Id) && C(i.Id) != i.Id)
            {
                return info with { Identifiers = info.Identifiers.Select(x => x with { Id = C(x.Id) }).ToList() };
            }
        }
        return info;
    }

    private readonly record struct SummaryRow(long Event, byte[] Data, byte[] EventId, long Time, short Offset, long Type, long? Action, long? BizStep, long? Disposition);

    private static void AddIfSet(HashSet<long> ids, long? id)
    {
        if (id is { } value)
        {
            ids.Add(value);
        }
    }

    private async Task<TraceResult> ResultAsync(DbConnection connection, LineageNodeSpace nodes, IReadOnlyList<string> start, TraceDirection direction, Walk walk, TraceOptions options, CancellationToken ct)
    {
        // Presence of every identifier reached, kept where it falls in the window of the state that reached it.
        var statesByNode = walk.States.Values.GroupBy(s => s.Node).ToDictionary(g => g.Key, g => g.ToList());
        var subjects = new Dictionary<long, List<(State State, double? Quantity, string? Uom)>>();
        foreach (var chunk in statesByNode.Keys.Chunk(100))
        {
            var seen = new HashSet<(long Node, long Event)>();
            foreach (var p in await PresenceAsync(connection, nodes, chunk, ct))
            {
                if (!seen.Add((p.Node, p.Event)))
                {
                    continue;
                }
                foreach (var s in statesByNode[p.Node])
                {
                    if (p.Time >= s.From && p.Time <= s.To)
                    {
                        if (!subjects.TryGetValue(p.Event, out var list))
                        {
                            subjects[p.Event] = list = [];
                        }
                        list.Add((s, p.Quantity, p.Uom));
                    }
                }
            }
        }
        var eventIds = subjects.Keys.Concat(walk.Path.Select(e => e.Event)).ToHashSet();
        var infos = await EventInfosAsync(connection, eventIds, ct);
        var strings = nodes.Name;

        var events = new List<TracedEvent>();
        foreach (var (evt, info) in infos.OrderBy(p => p.Value.Time).ThenBy(p => p.Key))
        {
            var list = subjects.TryGetValue(evt, out var l) ? l : [];
            var roles = info.Identifiers.GroupBy(i => i.Id).ToDictionary(g => g.Key, g => g.First().Role, StringComparer.Ordinal);
            var traced = list.Select(x =>
            {
                var id = strings(x.State.Node);
                var role = roles.GetValueOrDefault(id, "epc");
                return x.State.Role == Role.Product
                    ? new TraceSubject(id, null, role, x.Quantity, x.Uom)
                    : new TraceSubject(strings(x.State.Content), id, role, x.State.Quantity ?? x.Quantity, x.State.Quantity is null ? x.Uom : x.State.Uom);
            }).Distinct().ToList();
            events.Add(new TracedEvent(info, traced));
        }
        var started = start.ToHashSet(StringComparer.Ordinal);
        var anchors = walk.Anchors.Where(a => infos.ContainsKey(a.Event) && !started.Contains(strings(a.Node)))
            .Select(a => new BackwardCustody.Anchor(strings(a.Node), infos[a.Event])).ToList();
        if (anchors.Count > 0)
        {
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            if (options.PlaceOwner is { } ownerOf)
            {
                foreach (var place in events.SelectMany(e => BackwardCustody.Places(e.Event)).Distinct(StringComparer.Ordinal))
                {
                    if (await ownerOf(place, ct) is { } owner)
                    {
                        owners[place] = owner;
                    }
                }
            }
            events = BackwardCustody.Narrow(events, anchors, walk.Path.Where(e => infos.ContainsKey(e.Event)).Select(e => infos[e.Event].EventId).ToHashSet(StringComparer.Ordinal), owners);
        }
        var parties = new SortedSet<string>(StringComparer.Ordinal);
        var locations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in events.Select(e => e.Event))
        {
            if (e.BizLocation is { } b)
            {
                locations.Add(b);
            }
            foreach (var p in e.Sources.Concat(e.Destinations))
            {
                if (p.Type == "location")
                {
                    locations.Add(p.Id);
                }
                else if (p.Type is "owning_party" or "possessing_party")
                {
                    parties.Add(p.Id);
                }
            }
        }
        var lots = walk.States.Values.Where(s => s.Role == Role.Product).Select(s => strings(s.Node)).Distinct().Order(StringComparer.Ordinal)
            .Select(id => new TracedIdentifier(id, IdentifierKinds.Of(id))).ToList();
        var containers = walk.States.Values.Where(s => s.Role == Role.Carrier).Select(s => strings(s.Node)).Distinct().Order(StringComparer.Ordinal)
            .Select(id => new TracedIdentifier(id, IdentifierKinds.Of(id))).ToList();
        var path = walk.Path.OrderBy(e => e.Time).ThenBy(e => e.Event)
            .Select(e => new TraceEdge(strings(e.Src), strings(e.Dst), RelationName(e.Kind), infos[e.Event].EventId, infos[e.Event].Time, e.SrcQuantity, e.SrcUom, e.DstQuantity, e.DstUom))
            .ToList();
        return new TraceResult(start, direction, lots, containers, parties.ToList(), locations.ToList(), events, path);
    }

    private static string RelationName(LineageRelation r) => r switch
    {
        LineageRelation.Transformed => "transformed",
        LineageRelation.Packed => "packed",
        LineageRelation.Unpacked => "unpacked",
        LineageRelation.LotOf => "lotOf",
        _ => r.ToString(),
    };
}

/// <summary>
/// How far a walk goes: MaxDepth 1 gives the immediate neighbours; FollowTransformations false stays with the same goods (for
/// holders). PlaceOwner names the enterprise a location or party belongs to, when known: a backward trace then treats all the
/// places of one enterprise (a market and its stalls) as one place of custody.
/// </summary>
public sealed record TraceOptions(int? MaxDepth = null, bool FollowTransformations = true, Func<string, CancellationToken, ValueTask<string?>>? PlaceOwner = null)
{
    public static readonly TraceOptions Default = new();
}

internal enum Role
{
    /// <summary>The goods themselves (lot, item, a container traced for itself): all relations are followed.</summary>
    Product,
    /// <summary>A container reached from its content: it contributes where it went while the content was inside, and its own containers.</summary>
    Carrier,
}

internal readonly record struct Edge(long Src, long Dst, LineageRelation Kind, long Event, long Time, double? SrcQuantity, string? SrcUom, double? DstQuantity, string? DstUom);

/// <summary>An identifier reached, the time window in which its events count, and for a carrier the content it carried.</summary>
internal sealed record State(long Node, Role Role, long From, long To, long Content, double? Quantity, string? Uom);

/// <summary>The in-memory side of a walk: states keyed by (node, role, content), widened windows re-expanded, edges cached per node.</summary>
internal sealed class Walk(TraceDirection direction, TraceOptions options)
{
    private readonly Dictionary<long, List<Edge>> _out = [];
    private readonly Dictionary<long, List<Edge>> _in = [];
    private List<State> _frontier = [];

    public Dictionary<(long Node, Role Role, long Content), State> States { get; } = [];
    public HashSet<long> EdgesLoaded { get; } = [];
    public HashSet<Edge> Path { get; } = [];

    /// <summary>Backward only: each upstream identifier reached, with the event (row id) of the edge it was used in.</summary>
    public HashSet<(long Node, long Event)> Anchors { get; } = [];

    /// <summary>An edge read for one endpoint: each node's edges are loaded once, so lists hold no repeats.</summary>
    public void AddEdge(bool outgoing, Edge e)
    {
        var map = outgoing ? _out : _in;
        var key = outgoing ? e.Src : e.Dst;
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }
        list.Add(e);
    }

    public void Seed(State s) => Offer(s, null);

    public List<State> TakeFrontier()
    {
        var f = _frontier;
        _frontier = [];
        return f;
    }

    private void Offer(State s, Edge? via)
    {
        if (via is { } e)
        {
            Path.Add(e);
        }
        var key = (s.Node, s.Role, s.Role == Role.Carrier ? s.Content : 0);
        if (States.TryGetValue(key, out var old))
        {
            var from = Math.Min(old.From, s.From);
            var to = Math.Max(old.To, s.To);
            if (from == old.From && to == old.To)
            {
                return;
            }
            s = old with { From = from, To = to };
        }
        States[key] = s;
        _frontier.Add(s);
    }

    public void Expand(State s)
    {
        var outs = _out.GetValueOrDefault(s.Node) ?? [];
        var ins = _in.GetValueOrDefault(s.Node) ?? [];
        bool In(long t) => t >= s.From && t <= s.To;

        // Containers it was in while the window lasts, in either direction: the places they went are places it went.
        foreach (var (container, start, end, edge, quantity, uom) in Containment(s.Node, outs, ins))
        {
            var from = Math.Max(start, s.From);
            var to = Math.Min(end, s.To);
            if (from > to)
            {
                continue;
            }
            Offer(s.Role == Role.Product
                ? new State(container, Role.Carrier, from, to, s.Node, quantity, uom)
                : new State(container, Role.Carrier, from, to, s.Content, s.Quantity, s.Uom), edge);
        }
        if (s.Role == Role.Carrier)
        {
            return;
        }
        if (direction == TraceDirection.Forward)
        {
            foreach (var e in outs)
            {
                if (!In(e.Time))
                {
                    continue;
                }
                if ((e.Kind == LineageRelation.Transformed && options.FollowTransformations) || e.Kind is LineageRelation.LotOf or LineageRelation.Unpacked)
                {
                    Offer(new State(e.Dst, Role.Product, e.Time, long.MaxValue, e.Dst, null, null), e);
                }
            }
        }
        else
        {
            foreach (var e in ins)
            {
                if (!In(e.Time))
                {
                    continue;
                }
                if ((e.Kind == LineageRelation.Transformed && options.FollowTransformations) || e.Kind is LineageRelation.LotOf or LineageRelation.Packed)
                {
                    Anchors.Add((e.Src, e.Event));
                    Offer(new State(e.Src, Role.Product, long.MinValue, e.Time, e.Src, null, null), e);
                }
            }
        }
    }

    /// <summary>Intervals during which the node was inside each container: from a Packed edge (or always) to the next Unpacked edge (or forever).</summary>
    private static IEnumerable<(long Container, long Start, long End, Edge Edge, double? Quantity, string? Uom)> Containment(long node, List<Edge> outs, List<Edge> ins)
    {
        var moves = outs.Where(e => e.Kind == LineageRelation.Packed).Select(e => (Container: e.Dst, e.Time, Pack: true, Edge: e))
            .Concat(ins.Where(e => e.Kind == LineageRelation.Unpacked && e.Src != node).Select(e => (Container: e.Src, e.Time, Pack: false, Edge: e)));
        foreach (var group in moves.GroupBy(m => m.Container))
        {
            Edge? open = null;
            var openedAt = long.MinValue;
            var any = false;
            foreach (var m in group.OrderBy(m => m.Time).ThenBy(m => m.Pack ? 0 : 1))
            {
                if (m.Pack)
                {
                    if (open is null)
                    {
                        open = m.Edge;
                        openedAt = m.Time;
                    }
                    continue;
                }
                var e = open ?? m.Edge;
                yield return (group.Key, open is null && !any ? long.MinValue : openedAt, m.Time, e, e.Kind == LineageRelation.Packed ? e.SrcQuantity : e.DstQuantity, e.Kind == LineageRelation.Packed ? e.SrcUom : e.DstUom);
                any = true;
                open = null;
                openedAt = long.MinValue;
            }
            if (open is { } last)
            {
                yield return (group.Key, openedAt, long.MaxValue, last, last.SrcQuantity, last.SrcUom);
            }
        }
    }
}
