using System.Globalization;
using System.Text;
using System.Text.Json;
using Suyuan.Core.Epcis;
using Suyuan.Storage.Indexing;

namespace Suyuan.Storage.Query;

/// <summary>What a provider's tables let a query use.</summary>
/// <param name="EventIdHashIndexed">
/// Whether the store finds an eventID through its hash's index (SQLite's <c>events_eid_hash</c>). PostgreSQL has an
/// index on the packed eventID itself, and rows it stored before migration 0020 keep 64-bit hashes there.
/// </param>
/// <param name="RecordTimeFollowsId">
/// Whether record times never decrease with the event's id, so that recordTime order is id order and a recordTime bound
/// is an id bound (SQLite: one writer at a time takes both from the file's maxima, and migration 0022 dropped the
/// record_time index). On PostgreSQL ids come from a sequence and record times from each server's own clock, so several
/// servers on one database do not promise the same order, and record_time keeps its index.
/// </param>
/// <param name="TextCollation">
/// The collation that orders text by code point: SQLite's default, <c>"C"</c> on PostgreSQL, whose <c>fields.str</c> takes
/// the database's (locale) collation.
/// </param>
/// <param name="ValuelessFieldsKeepBlob">
/// Whether a field row without a value keeps a zero-length BLOB as its text (SQLite's <c>fields</c> is keyed by it, and a key
/// column cannot be NULL); on PostgreSQL it is NULL.
/// </param>
/// <param name="ListsAsArrays">
/// How a long list of values is bound as one parameter: a PostgreSQL array (<c>unnest</c>), else a JSON array SQLite reads
/// with <c>json_each</c>. Either way a query's parameter count does not grow with its values, so no list meets the
/// providers' limits on parameters (SQLite's 32,766, PostgreSQL's 65,535).
/// </param>
/// <param name="FieldTextHashed">
/// Whether the index of field values holds the MD5 of each text rather than the text (PostgreSQL since migration 0027,
/// whose b-tree rows cannot hold long values), so that an EQ_ on a field compares the hashes first.
/// </param>
internal readonly record struct QueryLayout(bool EventIdHashIndexed, bool RecordTimeFollowsId, string TextCollation = "", bool ValuelessFieldsKeepBlob = true,
    bool ListsAsArrays = false, bool FieldTextHashed = false);

/// <summary>
/// Translates a query into SQL both providers run (their dialects agree on everything used here). Every
/// identifier filter goes through the string dictionary and the <c>refs</c> index, so EPC lookups never scan events.
/// </summary>
internal sealed class QuerySql
{
    private readonly StringBuilder _where = new();
    private readonly QueryLayout _layout;
    public List<KeyValuePair<string, object>> Parameters { get; } = [];

    public QuerySql(EpcisQuery query, QueryLayout layout)
    {
        _layout = layout;
        foreach (var filter in query.Filters)
        {
            _where.Append(" AND ");
            Append(filter);
        }
        Direction = query.Descending ? "DESC" : "ASC";
        var cmp = query.Descending ? "<" : ">";
        if (query.OrderBy == QueryOrder.Field)
        {
            OrdersByField = true;
            // Each event's smallest number or time of the field, and its smallest text that is neither: numbers and times
            // come first in their order, then texts, then events without the field (NULLS LAST in both directions).
            var name = StringIds([query.OrderField!]);
            string TextKey(string f) =>
                $"MIN(CASE WHEN {f}.num IS NULL AND {f}.time IS NULL AND {(layout.ValuelessFieldsKeepBlob ? $"typeof({f}.str) = 'text'" : $"{f}.str IS NOT NULL")} THEN {f}.str{layout.TextCollation} END)";
            string FieldRows(string f) => $"FROM fields {f} WHERE {f}.name_id IN ({name}) AND {f}.kind = {(int)FieldKind.Extension}";
            _from = $" LEFT JOIN (SELECT f.event, MIN(COALESCE(f.num, f.time)) AS kn, {TextKey("f")} AS ks {FieldRows("f")} GROUP BY f.event) o ON o.event = e.id";
            _sortKeys = "o.kn, o.ks";
            _orderBy = $"o.kn {Direction} NULLS LAST, o.ks{layout.TextCollation} {Direction} NULLS LAST, e.id {Direction}";
            if (query.Page is { Field: { } key } position)
            {
                var id = P(position.Id);
                // A text too long for the token is the last event's own, read again (NULL when it has none).
                var text = key.TextOfEvent ? $"(SELECT {TextKey("p")} {FieldRows("p")} AND p.event = {id})" : key.Text is { } t ? P(t) : null;
                var afterText = text is not null
                    ? $"(o.ks{layout.TextCollation} {cmp} {text} OR o.ks IS NULL OR (o.ks = {text} AND e.id {cmp} {id}))"
                    : $"(o.ks IS NULL AND e.id {cmp} {id})";
                _where.Append(key.Number is { } n
                    ? $" AND (o.kn {cmp} {P(n)} OR o.kn IS NULL OR (o.kn = {P(n)} AND {afterText}))"
                    : $" AND o.kn IS NULL AND {afterText}");
            }
            return;
        }
        var sort = query.OrderBy switch
        {
            QueryOrder.EventTime => "e.event_time",
            QueryOrder.RecordTime when !layout.RecordTimeFollowsId => "e.record_time",
            _ => "e.id",
        };
        _sortKeys = sort;
        _orderBy = sort == "e.id" ? $"e.id {Direction}" : $"{sort} {Direction}, e.id {Direction}";
        if (query.Page is { } page)
        {
            _where.Append(sort == "e.id"
                ? $" AND e.id {cmp} {P(page.Id)}"
                : $" AND ({sort} {cmp} {P(page.Key)} OR ({sort} = {P(page.Key)} AND e.id {cmp} {P(page.Id)}))");
        }
    }

    private readonly string _from = "";
    private readonly string _sortKeys;
    private readonly string _orderBy;

    public string Direction { get; }

    /// <summary>
    /// Whether the events are ordered by an extension field: <see cref="PageIds"/> then gives each event's number and text
    /// key (<see cref="FieldKey"/>) after its id, instead of one integer key.
    /// </summary>
    public bool OrdersByField { get; }

    /// <summary>The ids and sort keys of the next events in order.</summary>
    public string PageIds(int limit) =>
        $"SELECT e.id, {_sortKeys} FROM events e{_from} WHERE 1=1{_where} ORDER BY {_orderBy} LIMIT {limit.ToString(CultureInfo.InvariantCulture)}";

    public string CountUpTo(int limit) =>
        $"SELECT COUNT(*) FROM (SELECT 1 FROM events e WHERE 1=1{_where} LIMIT {limit.ToString(CultureInfo.InvariantCulture)}) t";

    /// <summary>
    /// The smallest id m such that every event with an id of m or more was recorded at <paramref name="bound"/> or later
    /// (MAX(id) + 1 when none was): a binary search over ids, each step one seek of the events' own b-tree, valid because
    /// record times never decrease with the id where <see cref="QueryLayout.RecordTimeFollowsId"/>. Ids may have gaps: a
    /// step reads the first event at or after its midpoint.
    /// </summary>
    private static string FirstIdRecordedAt(string bound) =>
        "WITH RECURSIVE b(lo, hi) AS (SELECT 1, (SELECT COALESCE(MAX(id), 0) + 1 FROM events) UNION ALL " +
        $"SELECT CASE WHEN COALESCE((SELECT record_time FROM events WHERE id >= (lo + hi) / 2 ORDER BY id LIMIT 1), {bound}) >= {bound} THEN lo ELSE (lo + hi) / 2 + 1 END, " +
        $"CASE WHEN COALESCE((SELECT record_time FROM events WHERE id >= (lo + hi) / 2 ORDER BY id LIMIT 1), {bound}) >= {bound} THEN (lo + hi) / 2 ELSE hi END " +
        "FROM b WHERE lo < hi) SELECT MAX(lo) FROM b";

    private string P(object value)
    {
        var name = "@p" + Parameters.Count.ToString(CultureInfo.InvariantCulture);
        Parameters.Add(new(name, value));
        return name;
    }

    /// <summary>Lists up to this long are bound value by value, where the planners know each value.</summary>
    private const int InlineListLength = 64;

    /// <summary>The values for an <c>IN (…)</c>: each a parameter, or a long list of strings or numbers as one (<see cref="QueryLayout.ListsAsArrays"/>).</summary>
    private string List(IEnumerable<object> values)
    {
        var list = values as IReadOnlyList<object> ?? values.ToList();
        if (list.Count <= InlineListLength || list[0] is byte[])
        {
            return string.Join(", ", list.Select(P));
        }
        if (!_layout.ListsAsArrays)
        {
            return $"SELECT value FROM json_each({P(JsonSerializer.Serialize(list))})";
        }
        object array = list[0] switch
        {
            string => list.Cast<string>().ToArray(),
            double => list.Cast<double>().ToArray(),
            _ => list.Select(Convert.ToInt64).ToArray(),
        };
        return $"SELECT unnest({P(array)})";
    }

    /// <summary>A field row whose text is one of <paramref name="texts"/>: through the hashes the index holds where <see cref="QueryLayout.FieldTextHashed"/>.</summary>
    private string FieldTexts(IReadOnlyList<string> texts) => _layout.FieldTextHashed
        ? $"(md5(f.str)::uuid = ANY (ARRAY(SELECT md5(t)::uuid FROM unnest({P(texts.ToArray())}) t)) AND f.str IN ({List(texts)}))"
        : $"f.str IN ({List(texts)})";

    /// <summary>The ids of the stored strings in the ranges [From, To): one range per row of a JSON or array parameter when there are many.</summary>
    private string StringsInRanges(IReadOnlyList<(string From, string To)> ranges)
    {
        if (ranges.Count <= InlineListLength)
        {
            return $"SELECT s.id FROM (VALUES {string.Join(", ", ranges.Select(x => $"({P(x.From)}, {P(x.To)})"))}) v JOIN strings s ON s.value >= v.column1 AND s.value < v.column2";
        }
        if (!_layout.ListsAsArrays)
        {
            var json = P(JsonSerializer.Serialize(ranges.Select(r => new[] { r.From, r.To })));
            return $"SELECT s.id FROM json_each({json}) v JOIN strings s ON s.value >= (v.value ->> 0) AND s.value < (v.value ->> 1)";
        }
        return $"SELECT s.id FROM unnest({P(ranges.Select(r => r.From).ToArray())}, {P(ranges.Select(r => r.To).ToArray())}) AS v(lo, hi) " +
            "JOIN strings s ON s.value >= v.lo AND s.value < v.hi";
    }

    private string StringIds(IReadOnlyList<string> values) => $"SELECT id FROM strings WHERE value IN ({List(values.Select(StoredText.Encode))})";

    /// <summary>
    /// The events that name one of the places (lineage_places holds every place and party an event names, canonical), as
    /// a subquery: <paramref name="storedPlaces"/> is the <c>IN</c> list of the places' stored forms (parameter names, or a
    /// subquery of a long list's parameter). How a reader's events are restricted.
    /// </summary>
    internal static string EventsAtPlaces(string storedPlaces) =>
        $"SELECT lp.event FROM lineage_places lp WHERE lp.place IN (SELECT id FROM strings WHERE value IN ({storedPlaces}))";

    private void Append(QueryFilter filter)
    {
        switch (filter)
        {
            case ColumnInFilter { Values.Count: 1 } c:
                // A scalar subquery lets an index on (column, id) return the matches already in id order, so LIMIT stops early.
                _where.Append($"e.{c.Column} = (SELECT id FROM strings WHERE value = {P(StoredText.Encode(c.Values[0]))})");
                break;
            case ColumnInFilter c:
                _where.Append($"e.{c.Column} IN ({StringIds(c.Values)})");
                break;
            case WithinFilter w:
                // The values themselves, then what lies below them: the canonical children followed down from the roots,
                // each found as the document wrote it and in its canonical form.
                var vocabulary = P((long)w.Vocabulary);
                var below = $"WITH RECURSIVE below(v) AS (SELECT lc.child FROM location_children lc WHERE lc.vocabulary = {vocabulary} AND lc.parent IN ({List(w.Roots.Select(StoredText.Encode))}) " +
                    $"UNION SELECT lc.child FROM location_children lc JOIN below b ON lc.parent = b.v WHERE lc.vocabulary = {vocabulary}) " +
                    $"SELECT lc.child_given FROM location_children lc WHERE lc.vocabulary = {vocabulary} AND lc.child IN (SELECT v FROM below) UNION SELECT v FROM below";
                // One IN over a union rather than an OR of two: one search of the column's index per location, where the OR
                // made SQLite search it twice and merge the row sets (either way the matches are sorted for the page).
                _where.Append($"e.{w.Column} IN ({StringIds(w.Values)} UNION SELECT s.id FROM strings s WHERE s.value IN ({below}))");
                break;
            case AttributeFilter at:
                // The elements with the attribute, in every form an event may name them in (kept beside each row).
                var attributes = $"SELECT la.element_given FROM location_attributes la WHERE la.vocabulary = {P((long)at.Vocabulary)} AND la.name IN ({List(at.Names)})" +
                    (at.Values is null ? "" : $" AND la.value IN ({List(at.Values)})");
                _where.Append($"e.{at.Column} IN (SELECT s.id FROM strings s WHERE s.value IN ({attributes}))");
                break;
            case ActionFilter a:
                _where.Append($"e.action IN ({List(a.Actions.Select(x => (object)(long)x))})");
                break;
            case TimeBoundFilter { Column: "record_time" } t when _layout.RecordTimeFollowsId:
                // record_time >= t is id >= the first id recorded at t or later, and record_time < t its complement.
                _where.Append($"e.id {(t.Lower ? ">=" : "<")} ({FirstIdRecordedAt(P(t.Bound))})");
                break;
            case TimeBoundFilter t:
                _where.Append($"e.{t.Column} {(t.Lower ? ">=" : "<")} {P(t.Bound)}");
                break;
            case ColumnExistsFilter x:
                _where.Append($"e.{x.Column} IS NOT NULL");
                break;
            case EventIdFilter ids:
                if (_layout.EventIdHashIndexed)
                {
                    _where.Append($"e.eid_hash IN ({List(ids.EventIds.Select(i => (object)EventIds.Hash(i)))}) AND ");
                }
                _where.Append($"e.event_id IN ({List(ids.EventIds.Select(i => (object)EventIds.Pack(i)))})");
                break;
            case RefFilter r:
                // Exact values by the dictionary's index; each pattern's ranges (a pattern of a company prefix is eleven, with its
                // Digital Links) as rows of a VALUES list joined to it, one index range each: an OR of every range would nest
                // as deep as there are ranges, past SQLite's limit of 1,000 for a long list of patterns.
                var sources = new List<string>();
                if (r.Values.Count > 0)
                {
                    sources.Add($"SELECT id FROM strings WHERE value IN ({List(r.Values.Select(StoredText.Encode))})");
                }
                var ranges = r.Prefixes.SelectMany(StoredText.Ranges).ToList();
                if (ranges.Count == 1)
                {
                    sources.Add($"SELECT id FROM strings WHERE value >= {P(ranges[0].From)} AND value < {P(ranges[0].To)}");
                }
                else if (ranges.Count > 1)
                {
                    sources.Add(StringsInRanges(ranges));
                }
                // Each kind and its aliases (an identifier captured in another form than canonical, found as its canonical form too).
                var kinds = string.Join(", ", r.Kinds.SelectMany(k => new[] { (int)k, (int)RefKinds.AliasOf(k) }).Select(k => k.ToString(CultureInfo.InvariantCulture)));
                var qualifier = r.Qualifier is null ? "" : $" AND r.qual IN ({StringIds([r.Qualifier])})";
                _where.Append(sources.Count == 0
                    ? "1=0"
                    : $"e.id IN (SELECT r.event FROM refs r WHERE r.value_id IN ({string.Join(" UNION ALL ", sources)}) AND r.kind IN ({kinds}){qualifier})");
                break;
            case QuantityFilter { Uom: null } q:
                _where.Append($"EXISTS (SELECT 1 FROM quantities q WHERE q.event = e.id AND {Bound("q.quantity", q.Op, q.Values, exact: true)})");
                break;
            case QuantityFilter { Uom: { } uom } q:
                // A quantity in another unit of the same measure is compared converted (GT_quantity_KGM=1 sees 1500 GRM).
                var inUnits = UnitsOfMeasure.Comparable(uom).Select(u =>
                    $"(q.uom IN ({StringIds([u])}) AND {Bound("q.quantity", q.Op, [.. q.Values.Select(v => UnitsOfMeasure.Convert(v, uom, u))], exact: u == uom)})");
                _where.Append($"EXISTS (SELECT 1 FROM quantities q WHERE q.event = e.id AND ({string.Join(" OR ", inUnits)}))");
                break;
            case SensorFilter sensor:
                _where.Append("e.has_sensor IS NOT NULL AND EXISTS (SELECT 1 FROM sensor_reports s WHERE s.event = e.id");
                foreach (var c in sensor.Conditions.Where(c => c.Uom is null))
                {
                    object Value(double n) => c.Column switch
                    {
                        "boolean_value" => n == 1,
                        "time" or "start_time" or "end_time" => (long)n,
                        _ => n,
                    };
                    _where.Append(c.Texts is { } texts
                        ? $" AND s.{c.Column} IN ({List(texts)})"
                        : c.Op == Comparison.Eq
                        ? $" AND s.{c.Column} IN ({List(c.Numbers.Select(Value))})"
                        : $" AND s.{c.Column} {Operator(c.Op)} {P(Value(c.Numbers[0]))}");
                }
                // The value conditions, met by a report in any unit of their measure, their bounds converted into it (a
                // standard deviation by the factor alone). The parser has made sure the conditions' units convert.
                var measured = sensor.Conditions.Where(c => c.Uom is not null).ToList();
                if (measured.Count > 0)
                {
                    var reportUnits = UnitsOfMeasure.Comparable(measured[0].Uom!).Select(u =>
                        $"(s.uom = {P(u)}" + string.Concat(measured.Select(c =>
                            " AND " + Bound($"s.{c.Column}", c.Op, [.. c.Numbers.Select(n => UnitsOfMeasure.Convert(n, c.Uom!, u, difference: c.Column == "sdev"))], exact: u == c.Uom))) + ")");
                    _where.Append($" AND ({string.Join(" OR ", reportUnits)})");
                }
                _where.Append(')');
                break;
            case FieldFilter f:
                var predicate = f.Op switch
                {
                    null => "",
                    Comparison.Eq => f.Numbers.Count > 0 || f.Times is { Count: > 0 }
                        ? $" AND ({FieldTexts(f.Texts)}" +
                          (f.Numbers.Count > 0 ? $" OR f.num IN ({List(f.Numbers.Select(n => (object)n))})" : "") +
                          (f.Times is { Count: > 0 } times ? $" OR f.time IN ({List(times.Select(t => (object)t))})" : "") + ")"
                        : $" AND {FieldTexts(f.Texts)}",
                    _ when f.Time is not null => $" AND f.time {Operator(f.Op.Value)} {P(f.Time.Value)}",
                    _ => $" AND f.num {Operator(f.Op.Value)} {P(f.Numbers[0])}",
                };
                _where.Append($"e.id IN (SELECT f.event FROM fields f WHERE f.name_id IN ({StringIds([f.Name])}) AND f.kind = {(int)f.Kind}{predicate})");
                break;
            case PlaceFilter { Places.Count: 0 }:
                _where.Append("1=0");
                break;
            case PlaceFilter places:
                _where.Append($"e.id IN ({EventsAtPlaces(List(places.Places.Select(StoredText.Encode)))})");
                break;
            default:
                throw new NotSupportedException(filter.GetType().Name);
        }
    }

    /// <summary>
    /// A number compared with bounds. A bound converted from another unit carries the conversion's rounding, so values
    /// within a billionth of it count as equal to it: 46.4 FAH is found by <c>EQ_value_CEL=8</c> and <c>GE_value_CEL=8</c>,
    /// not by <c>GT_value_CEL=8</c>.
    /// </summary>
    private string Bound(string column, Comparison op, IReadOnlyList<double> bounds, bool exact)
    {
        if (exact)
        {
            return op == Comparison.Eq ? $"{column} IN ({List(bounds.Select(v => (object)v))})" : $"{column} {Operator(op)} {P(bounds[0])}";
        }
        static double Slack(double bound) => 1e-9 * Math.Max(Math.Abs(bound), 1);
        // A bound near the largest double can leave the doubles when converted (1e308 CEL in FAH): no stored number equals
        // or passes it, and every one is on its side of it.
        if (op == Comparison.Eq)
        {
            bounds = [.. bounds.Where(double.IsFinite)];
            if (bounds.Count == 0)
            {
                return "1 = 0";
            }
        }
        else if (!double.IsFinite(bounds[0]))
        {
            return (op is Comparison.Gt or Comparison.Ge) == double.IsPositiveInfinity(bounds[0]) ? "1 = 0" : $"{column} IS NOT NULL";
        }
        // The bound widened by its slack, which must not leave the doubles itself.
        static double Low(double bound) => Math.Max(bound - Slack(bound), double.MinValue);
        static double High(double bound) => Math.Min(bound + Slack(bound), double.MaxValue);
        if (op == Comparison.Eq && bounds.Count > InlineListLength)
        {
            // A long list: its intervals as one parameter, as a long IN list is.
            var lows = bounds.Select(b => Low(b)).ToArray();
            var highs = bounds.Select(b => High(b)).ToArray();
            return _layout.ListsAsArrays
                ? $"EXISTS (SELECT 1 FROM unnest({P(lows)}, {P(highs)}) AS v(lo, hi) WHERE {column} >= v.lo AND {column} <= v.hi)"
                : $"EXISTS (SELECT 1 FROM json_each({P(JsonSerializer.Serialize(lows.Zip(highs, (lo, hi) => new[] { lo, hi })))}) v WHERE {column} >= (v.value ->> 0) AND {column} <= (v.value ->> 1))";
        }
        return op switch
        {
            Comparison.Eq => "(" + string.Join(" OR ", bounds.Select(b => $"({column} >= {P(Low(b))} AND {column} <= {P(High(b))})")) + ")",
            Comparison.Gt or Comparison.Le => $"{column} {Operator(op)} {P(High(bounds[0]))}",
            _ => $"{column} {Operator(op)} {P(Low(bounds[0]))}",
        };
    }

    private static string Operator(Comparison op) => op switch
    {
        Comparison.Gt => ">",
        Comparison.Ge => ">=",
        Comparison.Lt => "<",
        Comparison.Le => "<=",
        _ => "=",
    };
}
