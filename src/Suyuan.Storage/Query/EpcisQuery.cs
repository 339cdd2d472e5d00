using Vocabulary = Suyuan.Storage.Indexing.Vocabulary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Suyuan.Core.Epcis;
using Suyuan.Core.Identifiers;
using Suyuan.Storage.Indexing;
using Suyuan.Storage.Lineage;

namespace Suyuan.Storage.Query;

/// <summary>A bad query parameter: its name and what is wrong (the EPCIS QueryParameterException).</summary>
public sealed record QueryProblem(string Parameter, string Message);

public sealed record QueryParseResult(EpcisQuery? Query, IReadOnlyList<QueryProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

public enum QueryOrder
{
    /// <summary>No orderBy given: the order events were recorded in (stable, and what pagination needs).</summary>
    Recorded,
    EventTime,
    RecordTime,
    /// <summary>By a top-level extension field (<see cref="EpcisQuery.OrderField"/>): numbers and times by value, then strings.</summary>
    Field,
}

/// <summary>
/// A parsed EPCIS 2.0 SimpleEventQuery (REST binding: multiple values separated by '|' or given as repeated parameters).
/// </summary>
/// <remarks>
/// Supported: eventType, GE_/LT_eventTime, GE_/LT_recordTime, EQ_action, EQ_bizStep, EQ_disposition,
/// EQ_persistentDisposition_set/unset, EQ_readPoint, WD_readPoint, EQ_bizLocation, WD_bizLocation, HASATTR_ and EQ_ATTR_ of readPoint and bizLocation, EQ_transformationID,
/// MATCH_epc/parentID/inputEPC/outputEPC/anyEPC, MATCH_epcClass/inputEPCClass/outputEPCClass/anyEPCClass (a trailing '*'
/// of a urn:epc:idpat: pattern matches by prefix; in urn:epc:id: and urn:epc:class: URNs '*' is a character), EQ_/GT_/GE_/LT_/LE_quantity, EQ_eventID, EXISTS_errorDeclaration, GE_/LT_errorDeclarationTime,
/// EQ_errorReason, EQ_correctiveEventID, EQ_bizTransaction_{type}, EQ_source_{type}, EQ_destination_{type},
/// EQ_/GT_/GE_/LT_/LE_/EXISTS_ with optional INNER_, ILMD_, INNER_ILMD_, ERROR_DECLARATION_, INNER_ERROR_DECLARATION_ on extension
/// fields named prefix:local (prefix from GS1-Extensions or the GS1 context) or {namespace}local, EXISTS_sensorElementList,
/// EQ_type, EQ_deviceID, EQ_dataProcessingMethod, EQ_microorganism, EQ_chemicalSubstance, EQ_bizRules, EQ_stringValue,
/// EQ_uriValue, EQ_hexBinaryValue, GE_/LT_time, startTime and endTime of sensor reports, EQ_booleanValue, GT_/GE_/LT_/LE_percRank,
/// EQ_/GT_/GE_/LT_/LE_ of value, minValue, maxValue, meanValue, sDev and percValue in a unit (GT_maxValue_CEL: one report of
/// the event meets all of a query's sensor conditions), EQ_/GT_/GE_/LT_/LE_quantity_{uom}, orderBy (eventTime, recordTime, or a
/// top-level extension field named as for EQ_fieldname: numbers and date-times in order of value, then strings in code-point
/// order, then events without the field; an event holding the field more than once is placed by its smallest value),
/// orderDirection, eventCountLimit, maxEventCount, perPage, nextPageToken.
/// Left out, each answered with a problem naming it rather than silently ignored:
/// SENSORELEMENT_/SENSORMETADATA_/SENSORREPORT_ extension fields
/// (not indexed); a value in a unit <see cref="UnitsOfMeasure"/> does not know is compared only in that unit;
/// HASATTR_ and EQ_ATTR_ of fields other than readPoint and bizLocation (only locations' master data is kept);
/// EQ_readPoint_{field}/EQ_bizLocation_{field} (extension fields inside locations are not indexed).
/// </remarks>
public sealed class EpcisQuery
{
    public const int DefaultPerPage = 30;
    public const int MaxPerPage = 10_000;

    internal IReadOnlyList<QueryFilter> Filters { get; }
    public QueryOrder OrderBy { get; }
    /// <summary>The expanded name of the extension field the events are ordered by, when <see cref="OrderBy"/> is <see cref="QueryOrder.Field"/>.</summary>
    public string? OrderField { get; }
    public bool Descending { get; }
    public int? EventCountLimit { get; }
    public int? MaxEventCount { get; }
    public int PerPage { get; }
    internal PageToken? Page { get; }
    /// <summary>Identifies the query's conditions and order, so a page token is not reused on another query.</summary>
    internal string Fingerprint { get; }

    private EpcisQuery(IReadOnlyList<QueryFilter> filters, QueryOrder order, string? orderField, bool descending, int? eventCountLimit, int? maxEventCount, int perPage,
        PageToken? page, string fingerprint)
    {
        Filters = filters;
        OrderBy = order;
        OrderField = orderField;
        Descending = descending;
        EventCountLimit = eventCountLimit;
        MaxEventCount = maxEventCount;
        PerPage = perPage;
        Page = page;
        Fingerprint = fingerprint;
    }

    /// <summary>
    /// The same query limited to events that name one of <paramref name="places"/> (canonical ids of locations and parties) as
    /// bizLocation, readPoint, source or destination; the condition is part of the SQL, so pages and counts stay right. The page
    /// token is unchanged: it is a position, and the condition applies to every page.
    /// </summary>
    public EpcisQuery RestrictedToPlaces(IReadOnlyCollection<string> places) =>
        new([.. Filters, new PlaceFilter([.. places])], OrderBy, OrderField, Descending, EventCountLimit, MaxEventCount, PerPage, Page, Fingerprint);

    /// <summary>Every event, in recorded order, <paramref name="perPage"/> at a time.</summary>
    public static EpcisQuery All(int perPage = DefaultPerPage) =>
        Parse([new KeyValuePair<string, string>("perPage", perPage.ToString(CultureInfo.InvariantCulture))]).Query!;

    /// <param name="listed">
    /// The values are a list's items already (a named query's JSON arrays), each one value: a '|' inside one is a character
    /// of it, not a separator.
    /// </param>
    public static QueryParseResult Parse(IEnumerable<KeyValuePair<string, string>> parameters, IReadOnlyDictionary<string, string>? namespaces = null,
        KeyValuePair<string, string>? resource = null, bool listed = false) =>
        Parse(parameters.Select(p => new KeyValuePair<string, IEnumerable<string?>>(p.Key, [p.Value])), namespaces, resource, listed);

    /// <summary>
    /// Parses query-string parameters (e.g. ASP.NET's IQueryCollection, whose values are StringValues). A list parameter
    /// given more than once means its values joined by '|' (any of them); any other parameter given twice is a problem.
    /// </summary>
    /// <param name="namespaces">Extension prefixes the client declared (GS1-Extensions header: prefix → namespace IRI).</param>
    /// <param name="resource">The value of a resource path (/epcs/{epc}/events): a condition of its own, which the parameters narrow.</param>
    public static QueryParseResult Parse<TValues>(IEnumerable<KeyValuePair<string, TValues>> parameters, IReadOnlyDictionary<string, string>? namespaces = null,
        KeyValuePair<string, string>? resource = null, bool listed = false)
        where TValues : IEnumerable<string?>
    {
        var parser = new Parser(ContextFor(namespaces));
        var given = new Dictionary<string, (List<string> Values, int Times)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (name, values) in parameters)
        {
            if (!given.TryGetValue(name, out var entry))
            {
                entry = ([], 0);
                order.Add(name);
            }
            foreach (var value in values)
            {
                if (listed)
                {
                    entry.Values.Add(value ?? "");
                }
                else
                {
                    entry.Values.AddRange(Split(value));
                }
                entry.Times++;
            }
            given[name] = entry;
        }
        foreach (var name in order)
        {
            var (values, times) = given[name];
            if (times > 1 && !IsListParameter(name))
            {
                parser.Problem(name, $"is given {times} times; it takes one value (only list parameters take several, separated by '|' or repeated)");
                continue;
            }
            parser.Add(name, values);
        }
        if (resource is { } path)
        {
            parser.Add(path.Key, Split(path.Value));
        }
        return parser.Build();
    }

    /// <summary>A value as its '|'-separated list, untrimmed: an extension field's value is compared exactly ("e " is not "e").</summary>
    private static List<string> Split(string? value) => [.. (value ?? "").Split('|')];

    /// <summary>The parameters whose value is a list (OpenAPI: pipeDelimited arrays): eventType, EQ_…, MATCH_…, WD_…, HASATTR_….</summary>
    private static bool IsListParameter(string name) =>
        name == "eventType" || name.StartsWith("EQ_", StringComparison.Ordinal) || name.StartsWith("MATCH_", StringComparison.Ordinal)
        || name.StartsWith("WD_", StringComparison.Ordinal) || name.StartsWith("HASATTR_", StringComparison.Ordinal);

    /// <summary>The standard context with a client's extension prefixes (GS1-Extensions) beside it.</summary>
    public static EpcisContext ContextFor(IReadOnlyDictionary<string, string>? namespaces)
    {
        if (namespaces is null || namespaces.Count == 0)
        {
            return PlatformContext.Value;
        }
        var declared = new Dictionary<string, string>(namespaces, StringComparer.Ordinal);
        declared.TryAdd(Core.Domain.SuyuanVocabulary.Prefix, Core.Domain.SuyuanVocabulary.Namespace);
        return ContextOf(declared);
    }

    /// <summary>The standard context and the platform's own prefix (sy), which GS1-Extensions advertises: known undeclared.</summary>
    private static readonly Lazy<EpcisContext> PlatformContext = new(() =>
        ContextOf(new Dictionary<string, string> { [Core.Domain.SuyuanVocabulary.Prefix] = Core.Domain.SuyuanVocabulary.Namespace }));

    private static EpcisContext ContextOf(IReadOnlyDictionary<string, string> namespaces)
    {
        var json = JsonSerializer.Serialize(new object[] { EpcisContext.StandardContextUrl, namespaces });
        using var doc = JsonDocument.Parse(json);
        return EpcisContext.Parse(doc.RootElement);
    }

    /// <summary>An identifier in every form it may have been captured in (as given first): see <c>Parser.AddForms</c>.</summary>
    internal static IReadOnlyList<string> IdentifierForms(string value)
    {
        var forms = new Parser.IdentifierForms();
        Parser.AddForms(forms, value);
        return forms;
    }

    private sealed class Parser(EpcisContext context)
    {
        private readonly List<QueryFilter> _filters = [];
        private readonly List<QueryProblem> _problems = [];
        private readonly SortedDictionary<string, string> _canonical = new(StringComparer.Ordinal);
        private QueryOrder _order = QueryOrder.Recorded;
        private string? _orderField;
        private bool _descending = true;
        private bool _directionGiven;
        private int? _eventCountLimit;
        private int? _maxEventCount;
        private int _perPage = DefaultPerPage;
        private string? _token;

        private static readonly Dictionary<string, RefKind[]> EpcMatches = new(StringComparer.Ordinal)
        {
            ["MATCH_epc"] = [RefKind.Epc, RefKind.ChildEpc],
            ["MATCH_parentID"] = [RefKind.ParentId],
            ["MATCH_inputEPC"] = [RefKind.InputEpc],
            ["MATCH_outputEPC"] = [RefKind.OutputEpc],
            ["MATCH_anyEPC"] = [RefKind.Epc, RefKind.ChildEpc, RefKind.ParentId, RefKind.InputEpc, RefKind.OutputEpc],
            ["MATCH_epcClass"] = [RefKind.EpcClass, RefKind.ChildEpcClass],
            ["MATCH_inputEPCClass"] = [RefKind.InputEpcClass],
            ["MATCH_outputEPCClass"] = [RefKind.OutputEpcClass],
            ["MATCH_anyEPCClass"] = [RefKind.EpcClass, RefKind.ChildEpcClass, RefKind.InputEpcClass, RefKind.OutputEpcClass],
        };

        private static readonly Dictionary<string, RefKind> SensorEquals = new(StringComparer.Ordinal)
        {
            ["EQ_deviceID"] = RefKind.SensorDeviceId,
            ["EQ_dataProcessingMethod"] = RefKind.SensorDataProcessingMethod,
            ["EQ_microorganism"] = RefKind.SensorMicroorganism,
            ["EQ_chemicalSubstance"] = RefKind.SensorChemicalSubstance,
            ["EQ_bizRules"] = RefKind.SensorBizRules,
            ["EQ_stringValue"] = RefKind.SensorStringValue,
            ["EQ_uriValue"] = RefKind.SensorUriValue,
            ["EQ_hexBinaryValue"] = RefKind.SensorHexBinaryValue,
        };

        private static readonly (string Prefix, FieldKind Kind)[] FieldScopes =
        [
            ("INNER_ILMD_", FieldKind.InnerIlmd), ("ILMD_", FieldKind.Ilmd), ("INNER_ERROR_DECLARATION_", FieldKind.InnerErrorDeclaration),
            ("ERROR_DECLARATION_", FieldKind.ErrorDeclaration), ("INNER_", FieldKind.InnerExtension),
        ];

        private static readonly string[] UnsupportedPrefixes =
        [
            "EQ_readPoint_", "EQ_INNER_readPoint_", "EQ_bizLocation_", "EQ_INNER_bizLocation_",
        ];

        /// <summary>The sensor report times a query bounds: GE_/LT_ time, startTime and endTime.</summary>
        private static readonly Dictionary<string, string> SensorTimes = new(StringComparer.Ordinal)
        {
            ["time"] = "time", ["startTime"] = "start_time", ["endTime"] = "end_time",
        };

        /// <summary>The sensor report values a query compares in a unit ({op}_{name}_{uom}), and percRank without one.</summary>
        private static readonly Dictionary<string, string> SensorValues = new(StringComparer.Ordinal)
        {
            ["value"] = "value", ["minValue"] = "min_value", ["maxValue"] = "max_value", ["meanValue"] = "mean_value",
            ["sDev"] = "sdev", ["percValue"] = "perc_value",
        };

        private readonly List<SensorCondition> _sensor = [];

        /// <summary>EQ_type, EQ_deviceID and the other sensor identifiers: one report's too when value conditions are given.</summary>
        private readonly List<SensorCondition> _sensorNames = [];

        /// <param name="given">The values as given; an extension field compares them exactly, every other parameter trims them.</param>
        public void Add(string name, List<string> given)
        {
            // An extension field may hold the empty string, which EQ_ then finds; an EXISTS_ parameter's value is void in the
            // query schema (?EXISTS_errorDeclaration alone asks it); no other parameter takes an empty value.
            var values = given.Select(v => v.Trim()).ToList();
            if (given.Count == 0 || (values.Any(v => v.Length == 0) && !(name.StartsWith("EQ_", StringComparison.Ordinal) && IsFieldParameter(name))
                && !(name.StartsWith("EXISTS_", StringComparison.Ordinal) && values.Count == 1)))
            {
                Problem(name, "a value is empty");
                return;
            }
            if (values.Count > 1 && !IsListParameter(name))
            {
                Problem(name, $"'{string.Join('|', values)}': takes one value");
                return;
            }
            if (name is "nextPageToken")
            {
                _token = values[0];
                return;
            }
            if (name is not "perPage")
            {
                _canonical[name] = string.Join('|', _canonical.TryGetValue(name, out var prior) ? [prior, .. given] : given);
            }
            switch (name)
            {
                case "eventType":
                    // An extension type as a CURIE of a declared prefix (GS1-Extensions) is its IRI, as captured events' types are.
                    _filters.Add(new ColumnInFilter("type", [.. values.SelectMany(v => EpcisEvents.ExpandedType(v, context) is var iri && iri != v ? [v, iri] : new[] { v })]));
                    return;
                case "GE_eventTime" or "LT_eventTime":
                    Time(name, values, "event_time");
                    return;
                case "GE_recordTime" or "LT_recordTime":
                    Time(name, values, "record_time");
                    return;
                case "GE_errorDeclarationTime" or "LT_errorDeclarationTime" or "GE_errorDeclaration_Time" or "LT_errorDeclaration_Time":
                    Time(name, values, "error_time");
                    return;
                case "EQ_action":
                    var actions = values.Select(EventIndexer.ActionCode).ToList();
                    if (actions.Contains((short)0))
                    {
                        Problem(name, "action must be OBSERVE, ADD or DELETE");
                        return;
                    }
                    _filters.Add(new ActionFilter(actions));
                    return;
                case "EQ_bizStep":
                    _filters.Add(new ColumnInFilter("biz_step", Vocab(values, Vocabulary.BizStep)));
                    return;
                case "EQ_disposition":
                    _filters.Add(new ColumnInFilter("disposition", Vocab(values, Vocabulary.Disposition)));
                    return;
                case "EQ_persistentDisposition_set":
                    _filters.Add(new RefFilter([RefKind.PersistentDispositionSet], Vocab(values, Vocabulary.Disposition), [], null));
                    return;
                case "EQ_persistentDisposition_unset":
                    _filters.Add(new RefFilter([RefKind.PersistentDispositionUnset], Vocab(values, Vocabulary.Disposition), [], null));
                    return;
                case "EQ_readPoint" or "WD_readPoint":
                    if (Forms(name, values) is { } readPoints)
                    {
                        _filters.Add(name[0] == 'W' ? Within("read_point", readPoints, values, LocationVocabulary.ReadPoint) : new ColumnInFilter("read_point", readPoints));
                    }
                    return;
                case "EQ_bizLocation" or "WD_bizLocation":
                    if (Forms(name, values) is { } bizLocations)
                    {
                        _filters.Add(name[0] == 'W' ? Within("biz_location", bizLocations, values, LocationVocabulary.BusinessLocation) : new ColumnInFilter("biz_location", bizLocations));
                    }
                    return;
                case "EQ_transformationID":
                    // Often a GDTI: found in the form it was captured in whichever form is asked (urn:epc:id:gdti:… or …/253/…).
                    if (Forms(name, values) is { } transformations)
                    {
                        _filters.Add(new ColumnInFilter("transformation_id", transformations));
                    }
                    return;
                case "EQ_errorReason":
                    _filters.Add(new ColumnInFilter("error_reason", Vocab(values, Vocabulary.ErrorReason)));
                    return;
                case "EQ_correctiveEventID":
                    // A UUID URN in any case, as EQ_eventID (indexed in lower case; as given, for rows indexed before).
                    _filters.Add(new RefFilter([RefKind.CorrectiveEventId], [.. values.Concat(values.Select(EventIdText.Canonical)).Distinct(StringComparer.Ordinal)], [], null));
                    return;
                case "EQ_eventID":
                    // A UUID URN in any case finds the event (capture stores it in lower case; as given, for rows stored before).
                    _filters.Add(new EventIdFilter([.. values.Concat(values.Select(EventIdText.Canonical)).Distinct(StringComparer.Ordinal)]));
                    return;
                case "EXISTS_errorDeclaration":
                    if (Flag(name, values))
                    {
                        _filters.Add(new ColumnExistsFilter("error_time"));
                    }
                    return;
                case "EXISTS_sensorElementList":
                    if (Flag(name, values))
                    {
                        _filters.Add(new ColumnExistsFilter("has_sensor"));
                    }
                    return;
                case "EQ_type":
                    var types = Vocab(values, Vocabulary.MeasurementType);
                    _filters.Add(new RefFilter([RefKind.SensorType], types, [], null));
                    _sensorNames.Add(new SensorCondition("type", Comparison.Eq, [], null, types));
                    return;
                case "EQ_quantity" or "GT_quantity" or "GE_quantity" or "LT_quantity" or "LE_quantity":
                    var numbers = Numbers(name, values);
                    if (numbers is not null)
                    {
                        _filters.Add(new QuantityFilter(ComparisonOf(name[..2]), numbers));
                    }
                    return;
                case "orderBy":
                    if (values[0] is "eventTime" or "recordTime")
                    {
                        _order = values[0] == "eventTime" ? QueryOrder.EventTime : QueryOrder.RecordTime;
                    }
                    else if (TryFieldName(values[0], out var field))
                    {
                        _order = QueryOrder.Field;
                        _orderField = field;
                        _canonical[name] = "{" + field + "}";
                    }
                    else
                    {
                        Problem(name, $"'{values[0]}' is neither eventTime, recordTime nor an extension field named prefix:local (prefix declared in GS1-Extensions) or {{namespace}}local");
                    }
                    return;
                case "orderDirection":
                    _directionGiven = true;
                    if (values[0] is not ("ASC" or "DESC"))
                    {
                        Problem(name, "orderDirection must be ASC or DESC");
                    }
                    _descending = values[0] == "DESC";
                    return;
                case "eventCountLimit":
                    _eventCountLimit = PositiveInt(name, values);
                    return;
                case "maxEventCount":
                    _maxEventCount = PositiveInt(name, values);
                    return;
                case "perPage":
                    _perPage = Math.Min(PositiveInt(name, values) ?? DefaultPerPage, MaxPerPage);
                    return;
            }
            if (EpcMatches.TryGetValue(name, out var kinds))
            {
                Match(name, kinds, values);
                return;
            }
            if (SensorEquals.TryGetValue(name, out var sensorKind))
            {
                // Hex binary in either case; as given too, for values indexed before they were kept in upper case.
                // A device (a GIAI, say) in every identifier form, as the EPCs are.
                IReadOnlyList<string>? sought = sensorKind == RefKind.SensorHexBinaryValue
                    ? [.. values.Select(v => v.ToUpperInvariant()).Concat(values).Distinct(StringComparer.Ordinal)]
                    : sensorKind == RefKind.SensorDeviceId ? Forms(name, values) : values;
                if (sought is null)
                {
                    return;
                }
                _filters.Add(new RefFilter([sensorKind], sought, [], null));
                _sensorNames.Add(new SensorCondition(EventIndexer.SensorColumn(sensorKind), Comparison.Eq, [], null, sought));
                return;
            }
            foreach (var (prefix, kind, vocabulary) in new[]
            {
                ("EQ_bizTransaction_", RefKind.BizTransaction, Vocabulary.BizTransactionType),
                ("EQ_source_", RefKind.Source, Vocabulary.SourceDestinationType),
                ("EQ_destination_", RefKind.Destination, Vocabulary.SourceDestinationType),
            })
            {
                // The type in any form capture accepts (bare CBV word, CBV URI or URN, declared prefix, any URI), normalised alike.
                if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length)
                {
                    var type = CbvVocabulary.Normalise(name[prefix.Length..], vocabulary, context);
                    // A party or location in every form it may have been captured in, as EQ_readPoint takes it.
                    if (Forms(name, values) is { } forms)
                    {
                        _filters.Add(new RefFilter([kind], forms, [], type));
                    }
                    return;
                }
            }
            if (TrySensor(name, values))
            {
                return;
            }
            if (name.Contains("SENSORELEMENT_") || name.Contains("SENSORMETADATA_") || name.Contains("SENSORREPORT_"))
            {
                Problem(name, "extension fields inside sensor elements are not indexed by this repository; the standard sensor parameters (EQ_type, GT_value_{uom}, GE_time…) are");
                return;
            }
            if (TryAttribute(name, values, given))
            {
                return;
            }
            if (UnsupportedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                Problem(name, "extension fields inside locations are not indexed by this repository; their master data attributes are (HASATTR_, EQ_ATTR_)");
                return;
            }
            if (TryField(name, given))
            {
                return;
            }
            Problem(name, "unknown query parameter");
        }

        /// <summary>Whether a parameter names an extension field (EQ_ex:v, GT_ILMD_{ns}n…) rather than a standard one: its values are not trimmed.</summary>
        private static bool IsFieldParameter(string name) => name.IndexOf('_') is > 0 and var u && (name.Contains(':', StringComparison.Ordinal) || name.Contains('{', StringComparison.Ordinal))
            && name[..u] is "EQ" or "GT" or "GE" or "LT" or "LE"
            && !name.StartsWith("EQ_bizTransaction_", StringComparison.Ordinal) && !name.StartsWith("EQ_source_", StringComparison.Ordinal)
            && !name.StartsWith("EQ_destination_", StringComparison.Ordinal);

        /// <summary>
        /// The sensor parameters (GE_/LT_time, startTime, endTime; EQ_booleanValue; GT_/GE_/LT_/LE_percRank;
        /// EQ_/GT_/GE_/LT_/LE_ of value, minValue, maxValue, meanValue, sDev and percValue in a unit, e.g. GT_maxValue_CEL) and
        /// the quantities in a unit (EQ_/GT_/GE_/LT_/LE_quantity_KGM); false for any other name.
        /// </summary>
        private bool TrySensor(string name, List<string> values)
        {
            var parts = name.Split('_');
            if (parts.Length is < 2 or > 3 || parts[0] is not ("EQ" or "GT" or "GE" or "LT" or "LE"))
            {
                return false;
            }
            var op = ComparisonOf(parts[0]);
            if (parts.Length == 2)
            {
                if (SensorTimes.TryGetValue(parts[1], out var timeColumn) && op is Comparison.Ge or Comparison.Lt)
                {
                    if (values.Count != 1 || !TryTime(values[0], out var t))
                    {
                        Problem(name, $"'{string.Join('|', values)}' is not one RFC 3339 date-time with offset (e.g. 2024-05-01T08:00:00.000+08:00)");
                        return true;
                    }
                    _sensor.Add(new SensorCondition(timeColumn, op, [CeilingMilliseconds(t)], null));
                    return true;
                }
                if (parts[1] == "booleanValue" && op == Comparison.Eq)
                {
                    if (values.Count != 1 || values[0] is not ("true" or "false"))
                    {
                        Problem(name, "must be true or false");
                        return true;
                    }
                    _sensor.Add(new SensorCondition("boolean_value", op, [values[0] == "true" ? 1 : 0], null));
                    return true;
                }
                if (parts[1] == "percRank" && op != Comparison.Eq)
                {
                    if (Numbers(name, values) is { } rank)
                    {
                        _sensor.Add(new SensorCondition("perc_rank", op, rank, null));
                    }
                    return true;
                }
                return false;
            }
            var uom = parts[2];
            if (uom.Length is < 2 or > 4 || !uom.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)))
            {
                return false;
            }
            if (parts[1] == "quantity")
            {
                if (Numbers(name, values) is { } quantities)
                {
                    _filters.Add(new QuantityFilter(op, quantities, uom));
                }
                return true;
            }
            if (!SensorValues.TryGetValue(parts[1], out var column))
            {
                return false;
            }
            if (Numbers(name, values) is { } numbers)
            {
                // One report has one unit: conditions in units of two measures (or in two units this repository cannot convert)
                // could never hold together, so that is said, not answered empty.
                if (_sensor.FirstOrDefault(c => c.Uom is not null && !UnitsOfMeasure.AreComparable(c.Uom, uom)) is { } other)
                {
                    Problem(name, $"sensor conditions hold for one report, which has one unit: {uom} here, {other.Uom} in another condition, which do not convert into each other");
                    return true;
                }
                _sensor.Add(new SensorCondition(column, op, numbers, uom));
            }
            return true;
        }

        private bool TryField(string name, List<string> values)
        {
            var underscore = name.IndexOf('_');
            if (underscore <= 0)
            {
                return false;
            }
            Comparison? op = name[..underscore] switch
            {
                "EQ" => Comparison.Eq,
                "GT" => Comparison.Gt,
                "GE" => Comparison.Ge,
                "LT" => Comparison.Lt,
                "LE" => Comparison.Le,
                _ => null,
            };
            var exists = name[..underscore] == "EXISTS";
            if (op is null && !exists)
            {
                return false;
            }
            var rest = name[(underscore + 1)..];
            var kind = FieldKind.Extension;
            var scopePrefix = "";
            foreach (var (prefix, scope) in FieldScopes)
            {
                if (rest.StartsWith(prefix, StringComparison.Ordinal))
                {
                    kind = scope;
                    scopePrefix = prefix;
                    rest = rest[prefix.Length..];
                    break;
                }
            }
            if (!TryFieldName(rest, out var iri))
            {
                if (rest.Contains(':') || rest.StartsWith('{'))
                {
                    Problem(name, $"'{rest}' names no known namespace: declare its prefix (GS1-Extensions) or write {{namespace}}{rest[(rest.IndexOf(':') + 1)..]}");
                    return true;
                }
                return false;
            }
            Canonicalise(name, name[..(underscore + 1)] + scopePrefix + "{" + iri + "}");
            if (exists)
            {
                if (Flag(name, values))
                {
                    _filters.Add(new FieldFilter(kind, iri, null, [], [], null));
                }
                return true;
            }
            if (op == Comparison.Eq)
            {
                // A value that is no finite number (text, NaN, 1e400) compares as text only: JSON has no such number.
                var numbers = values.Select(v => TryNumber(v.Trim(), out var d) ? d : (double?)null)
                    .Where(d => d is not null).Select(d => d!.Value).ToList();
                // A date-time is equal to the same instant written otherwise; one finer than the stored milliseconds equals
                // none of them exactly, so it is compared as text only.
                var times = values.Select(v => TryTime(v.Trim(), out var t) && t.Ticks % TimeSpan.TicksPerMillisecond == 0 ? t.ToUnixTimeMilliseconds() : (long?)null)
                    .Where(t => t is not null).Select(t => t!.Value).ToList();
                _filters.Add(new FieldFilter(kind, iri, op, values, numbers, null, times));
                return true;
            }
            var value = values[0].Trim();
            if (values.Count > 1)
            {
                Problem(name, "takes one value");
                return true;
            }
            if (TryTime(value, out var time))
            {
                _filters.Add(new FieldFilter(kind, iri, op, [], [], op is Comparison.Ge or Comparison.Lt ? CeilingMilliseconds(time) : time.ToUnixTimeMilliseconds()));
            }
            else if (TryNumber(value, out var number))
            {
                _filters.Add(new FieldFilter(kind, iri, op, [], [number], null));
            }
            else
            {
                Problem(name, $"'{value}' is neither a finite number nor a date-time");
            }
            return true;
        }

        /// <summary>
        /// Files a field parameter's values under its name with the field's IRI, for the page token's fingerprint: a token
        /// stays good for the same query whether a field is written <c>prefix:local</c> or <c>{namespace}local</c>.
        /// </summary>
        private void Canonicalise(string written, string canonical)
        {
            if (written != canonical && _canonical.Remove(written, out var value))
            {
                _canonical[canonical] = _canonical.TryGetValue(canonical, out var prior) ? prior + "|" + value : value;
            }
        }

        /// <summary>
        /// HASATTR_{field} (values: attribute names) and EQ_ATTR_{field}_{attribute} (values: attribute values) for the
        /// readPoint and bizLocation fields, whose master data capture documents give. An attribute is named as an extension
        /// field is: <c>cbvmda:sst</c>, <c>{urn:epcglobal:cbv:mda:}sst</c> or its whole IRI.
        /// </summary>
        private bool TryAttribute(string name, List<string> values, List<string> given)
        {
            var has = name.StartsWith("HASATTR_", StringComparison.Ordinal);
            if (!has && !name.StartsWith("EQ_ATTR_", StringComparison.Ordinal))
            {
                return false;
            }
            var rest = name[(has ? "HASATTR_" : "EQ_ATTR_").Length..];
            var underscore = rest.IndexOf('_');
            var field = has ? rest : underscore > 0 ? rest[..underscore] : rest;
            var (column, vocabulary) = field switch
            {
                "readPoint" => ("read_point", LocationVocabulary.ReadPoint),
                "bizLocation" => ("biz_location", LocationVocabulary.BusinessLocation),
                _ => ((string?)null, default(LocationVocabulary)),
            };
            if (column is null)
            {
                Problem(name, $"'{field}': this repository keeps the master data attributes of readPoint and bizLocation only ({(has ? "HASATTR_readPoint, HASATTR_bizLocation" : "EQ_ATTR_readPoint_{attribute}, EQ_ATTR_bizLocation_{attribute}")})");
                return true;
            }
            if (!has && (underscore <= 0 || underscore == rest.Length - 1))
            {
                Problem(name, "names no attribute: EQ_ATTR_{field}_{attribute}, such as EQ_ATTR_bizLocation_cbvmda:sst");
                return true;
            }
            var names = new List<string>();
            foreach (var attribute in has ? values : [rest[(underscore + 1)..]])
            {
                if (!TryFieldName(attribute, out var iri))
                {
                    Problem(name, $"'{attribute}' is no attribute name: write prefix:local (a prefix of the GS1 context or declared in GS1-Extensions), {{namespace}}local or the attribute's IRI");
                    return true;
                }
                names.Add(LocationAttributeValues.Name(iri));
            }
            // A page token stays good for the same query whatever spelling names the attributes.
            if (has)
            {
                _canonical[name] = string.Join('|', names);
            }
            else
            {
                Canonicalise(name, $"EQ_ATTR_{field}_{{{names[0]}}}");
            }
            _filters.Add(new AttributeFilter(column, vocabulary, names, has ? null : [.. given.SelectMany(LocationAttributeValues.Matching).Distinct(StringComparer.Ordinal)]));
            return true;
        }

        /// <summary>Resolves <c>prefix:local</c> or <c>{namespace}local</c> to the field's IRI.</summary>
        private bool TryFieldName(string field, out string iri)
        {
            iri = "";
            if (field.StartsWith('{'))
            {
                var close = field.IndexOf('}');
                if (close <= 1 || close == field.Length - 1)
                {
                    return false;
                }
                iri = field[1..close] + field[(close + 1)..];
                return true;
            }
            var colon = field.IndexOf(':');
            if (colon <= 0)
            {
                return false;
            }
            if (context.Prefixes.ContainsKey(field[..colon]) && context.TryExpand(field, out iri))
            {
                return true;
            }
            // A declared name whose IRI ends in no '/', '#' or the like is no prefix in JSON-LD 1.1 (the EPCIS context's
            // version): capture keeps such a CURIE as written (example:myField), so the query names the field that way too.
            if (context.Terms.ContainsKey(field[..colon]) || EpcisContext.IsAbsoluteIri(field))
            {
                iri = field;
                return true;
            }
            return false;
        }

        private void Match(string name, RefKind[] kinds, List<string> values)
        {
            if (TooManyIdentifiers(name, values))
            {
                return;
            }
            var exact = new IdentifierForms();
            var prefixes = new List<string>();
            foreach (var value in values)
            {
                var star = value.IndexOf('*');
                // In a pure-identity or class URN (urn:epc:id:upui:…SDB*, a lot "A*") a '*' is a character of the identifier:
                // only urn:epc:idpat: URNs, and Digital Links ending in "/*", are patterns.
                var idpat = value.StartsWith("urn:epc:idpat:", StringComparison.Ordinal);
                if (idpat && EpcUri.IsValidPattern(value) is false)
                {
                    Problem(name, $"'{value}' is not a valid EPC pattern: its scheme's fields, with '*' for all of them, for all after the company prefix, " +
                        "or for the last alone (Tag Data Standard), e.g. urn:epc:idpat:sgtin:0614141.107346.* or urn:epc:idpat:sgtin:0614141.*.*");
                    return;
                }
                if (star < 0 || (!idpat && value.StartsWith("urn:", StringComparison.OrdinalIgnoreCase)))
                {
                    AddForms(exact, value);
                    continue;
                }
                // A pattern may only wildcard whole trailing components (urn:epc:idpat:sgtin:0614141.*.* or …/21/*).
                var tail = value[star..];
                if (star == 0 || value[star - 1] is not ('.' or ':' or '/') || tail.Any(c => c is not ('*' or '.' or '/')) || tail.Contains("**"))
                {
                    if (idpat)
                    {
                        Problem(name, $"'{value}': '*' may only stand for whole trailing components of an EPC pattern");
                    }
                    else
                    {
                        AddForms(exact, value);
                    }
                    continue;
                }
                // A stored class may itself be a pattern (quantityList epcClass urn:epc:idpat:…): it matches literally too.
                exact.AddOnce(value);
                var prefix = value[..star];
                if (idpat)
                {
                    var rest = prefix["urn:epc:idpat:".Length..];
                    if (kinds[0] >= RefKind.EpcClass)
                    {
                        // As a class pattern: the classes it covers, written as lot URNs (an SGTIN pattern's lgtin) or as
                        // patterns themselves (a quantityList's urn:epc:idpat:sgtin:4012345.098765.* within …4012345.*.*).
                        if (rest.StartsWith("sgtin:", StringComparison.Ordinal))
                        {
                            prefixes.Add("urn:epc:class:lgtin:" + rest["sgtin:".Length..]);
                        }
                        prefixes.Add(prefix);
                    }
                    prefix = (kinds[0] >= RefKind.EpcClass ? "urn:epc:class:" : "urn:epc:id:") + rest;
                    // The same identifiers captured as Digital Links.
                    var links = IdentifierConverter.DigitalLinkPattern(value, classes: kinds[0] >= RefKind.EpcClass);
                    foreach (var link in links.Exact)
                    {
                        exact.AddOnce(link);
                    }
                    prefixes.AddRange(links.Prefixes);
                }
                else
                {
                    // A Digital Link's serials or lots (…/01/{gtin}/21/* or …/10/*): the same identifiers captured as URNs.
                    prefixes.AddRange(UrnPrefixesOfLinkPattern(prefix, classes: kinds[0] >= RefKind.EpcClass));
                }
                prefixes.Add(prefix);
            }
            _filters.Add(new RefFilter(kinds, exact, prefixes, null));
        }

        /// <summary>
        /// The EPC URN prefixes of a Digital Link pattern open after a GTIN's serial (AI 21) or lot (AI 10): the pure-identity
        /// (<c>urn:epc:id:sgtin:CP.IR.</c>) or lot (<c>urn:epc:class:lgtin:CP.IR.</c>) prefix for each company-prefix length
        /// the GTIN allows, as an identifier is matched in every form it may have been captured in. None for other patterns.
        /// </summary>
        private static IEnumerable<string> UrnPrefixesOfLinkPattern(string prefix, bool classes)
        {
            var ai = classes ? "/10/" : "/21/";
            if (!prefix.EndsWith(ai, StringComparison.Ordinal))
            {
                return [];
            }
            var key = prefix[..^ai.Length];
            if (!key.Contains("/01/", StringComparison.Ordinal))
            {
                return [];
            }
            const string Pattern = "urn:epc:idpat:sgtin:";
            return IdentifierConverter.EpcUriForms(key)
                .Where(f => f.StartsWith(Pattern, StringComparison.Ordinal) && f.EndsWith(".*", StringComparison.Ordinal))
                .Select(f => (classes ? "urn:epc:class:lgtin:" : "urn:epc:id:sgtin:") + f[Pattern.Length..^1]);
        }

        /// <summary>
        /// The most identifiers one parameter takes: each is looked up in up to nine forms (<see cref="AddForms"/>), and a
        /// statement has a bounded number of parameters (SQLite 32,766).
        /// </summary>
        public const int MaxIdentifiers = 1_000;

        private bool TooManyIdentifiers(string name, List<string> values)
        {
            if (values.Count <= MaxIdentifiers)
            {
                return false;
            }
            Problem(name, $"{values.Count} identifiers: a parameter takes at most {MaxIdentifiers}; split the query");
            return true;
        }

        private static WithinFilter Within(string column, List<string> forms, List<string> values, LocationVocabulary vocabulary) =>
            new(column, forms, [.. values.Select(IdentifierConverter.Canonicalise).Distinct(StringComparer.Ordinal)], vocabulary);

        private List<string>? Forms(string name, List<string> values)
        {
            if (TooManyIdentifiers(name, values))
            {
                return null;
            }
            var forms = new IdentifierForms();
            foreach (var value in values)
            {
                AddForms(forms, value);
            }
            return forms;
        }

        /// <summary>
        /// An identifier and every form it may have been captured in: its canonical GS1 Digital Link and that link's EPC URNs
        /// (one per company-prefix length), so a URN finds events captured with the Digital Link and the other way round.
        /// </summary>
        internal static void AddForms(IdentifierForms forms, string value)
        {
            forms.AddOnce(value);
            // A key with a wrong check digit (or a URN missing a field) names nothing that exists: it finds what was captured
            // with exactly it, as capture's warning says, never the valid key it resembles.
            if (Gs1Identifiers.Problem(value) is not null)
            {
                return;
            }
            foreach (var form in LineageNodes.Forms(IdentifierConverter.Canonicalise(value)))
            {
                forms.AddOnce(form);
            }
        }

        /// <summary>Identifier forms in the order found, each once.</summary>
        internal sealed class IdentifierForms : List<string>
        {
            private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

            public void AddOnce(string value)
            {
                if (_seen.Add(value))
                {
                    Add(value);
                }
            }
        }

        private List<string> Vocab(List<string> values, Vocabulary vocabulary) => values.Select(v => CbvVocabulary.Normalise(v, vocabulary, context)).ToList();

        private void Time(string name, List<string> values, string column)
        {
            if (values.Count != 1 || !TryTime(values[0], out var t))
            {
                Problem(name, $"'{string.Join('|', values)}' is not one RFC 3339 date-time with offset (e.g. 2024-05-01T08:00:00.000+08:00)");
                return;
            }
            _filters.Add(new TimeBoundFilter(column, name.StartsWith("GE_", StringComparison.Ordinal), CeilingMilliseconds(t)));
        }

        /// <summary>
        /// Times are stored to the millisecond (a finer time is stored as the millisecond it falls in; the event keeps it all).
        /// A bound finer than that is rounded up for "at or after" and "before", so that every event stored to the millisecond
        /// (nearly all) is compared exactly: t ≥ 10.0005 is t ≥ 10.001 and t &lt; 10.0005 is t &lt; 10.001. ("After" and "at or
        /// before" round down, which ToUnixTimeMilliseconds does.)
        /// </summary>
        private static long CeilingMilliseconds(DateTimeOffset time)
        {
            var ms = time.ToUnixTimeMilliseconds();
            return time.UtcTicks % TimeSpan.TicksPerMillisecond == 0 ? ms : ms + 1;
        }

        /// <summary>Also accepts a '+' offset that URL decoding turned into a space.</summary>
        private static bool TryTime(string value, out DateTimeOffset time)
        {
            if (value.Length > 6 && value[^6] == ' ')
            {
                value = value[..^6] + "+" + value[^5..];
            }
            return EpcisTime.TryParse(value, out time);
        }

        private bool Flag(string name, List<string> values)
        {
            switch (values[0])
            {
                case "true" or "1" or "":
                    return true;
                case "false" or "0":
                    return false;
                default:
                    Problem(name, "must be true or false");
                    return false;
            }
        }

        private List<double>? Numbers(string name, List<string> values)
        {
            var result = new List<double>();
            foreach (var v in values)
            {
                if (!TryNumber(v, out var d))
                {
                    Problem(name, $"'{v}' is not a finite number");
                    return null;
                }
                result.Add(d);
            }
            if (result.Count > 1 && !name.StartsWith("EQ_", StringComparison.Ordinal))
            {
                Problem(name, "takes one value");
                return null;
            }
            return result;
        }

        /// <summary>A finite number: NaN, Infinity and overflowing values (1e400) are none (no JSON number is, and no database stores them alike).</summary>
        private static bool TryNumber(string value, out double number) =>
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

        private int? PositiveInt(string name, List<string> values)
        {
            if (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                return n;
            }
            Problem(name, $"'{string.Join('|', values)}' is not a whole number from 1 to {int.MaxValue}");
            return null;
        }

        private static Comparison ComparisonOf(string op) => op switch
        {
            "GT" => Comparison.Gt,
            "GE" => Comparison.Ge,
            "LT" => Comparison.Lt,
            "LE" => Comparison.Le,
            _ => Comparison.Eq,
        };

        public void Problem(string name, string message) => _problems.Add(new QueryProblem(name, message));

        public QueryParseResult Build()
        {
            if (_eventCountLimit is not null && _maxEventCount is not null)
            {
                Problem("eventCountLimit", "eventCountLimit and maxEventCount are mutually exclusive");
            }
            if (_eventCountLimit is not null && _order == QueryOrder.Recorded)
            {
                Problem("eventCountLimit", "eventCountLimit needs orderBy");
            }
            var order = _order;
            var descending = _order == QueryOrder.Recorded ? _directionGiven && _descending : _descending;
            var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('&', _canonical.Select(p => p.Key + "=" + p.Value)))))[..16];
            PageToken? page = null;
            if (_token is not null)
            {
                page = PageToken.TryDecode(_token, fingerprint);
                if (page is not null && (page.Field is null) != (_order != QueryOrder.Field))
                {
                    page = null;
                }
                if (page is null)
                {
                    Problem("nextPageToken", "the token is malformed, expired or belongs to another query");
                }
            }
            if (_sensor.Count > 0)
            {
                // With other sensor conditions, EQ_type and the identifiers are the report's: EQ_type=Temperature&GT_value_CEL=8.
                _sensor.AddRange(_sensorNames);
                _filters.Add(new SensorFilter(_sensor));
            }
            return _problems.Count > 0
                ? new QueryParseResult(null, _problems)
                : new QueryParseResult(new EpcisQuery(_filters, order, _orderField, descending, _eventCountLimit, _maxEventCount, _perPage, page, fingerprint), []);
        }
    }
}

/// <summary>
/// Keyset position: the sort key and id of the last event returned, how many were returned, and the query it belongs to. An
/// order by an extension field keeps that event's field value instead of <see cref="Key"/> (<see cref="Field"/>).
/// </summary>
internal sealed record PageToken(long Key, long Id, long Returned, string Fingerprint, FieldKey? Field = null)
{
    public string Encode()
    {
        var text = Field is not { } f
            ? $"1.{Key}.{Id}.{Returned}.{Fingerprint}"
            // The number as its bits and the text as base64url, so neither can hold the separator.
            : $"2.{Id}.{Returned}.{Fingerprint}.{(f.Number is { } n ? BitConverter.DoubleToInt64Bits(n).ToString(CultureInfo.InvariantCulture) : "")}." +
              (f.Text is { } t ? (t.Length > MaxTokenText ? "#" : "~" + Base64Url(Encoding.UTF8.GetBytes(t))) : "");
        return Base64Url(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>A longer text is not carried in the token (it would outgrow a URL): the next page reads it from the event again.</summary>
    private const int MaxTokenText = 512;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64 + new string('=', (4 - base64.Length % 4) % 4));
    }

    public static PageToken? TryDecode(string token, string fingerprint)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(FromBase64Url(token)).Split('.');
            if (parts.Length == 5 && parts[0] == "1" && parts[4] == fingerprint)
            {
                return new PageToken(long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture),
                    long.Parse(parts[3], CultureInfo.InvariantCulture), parts[4]);
            }
            if (parts.Length == 6 && parts[0] == "2" && parts[3] == fingerprint && (parts[5] is "" or "#" || parts[5][0] == '~'))
            {
                double? number = parts[4].Length == 0 ? null : BitConverter.Int64BitsToDouble(long.Parse(parts[4], CultureInfo.InvariantCulture));
                string? text = parts[5] is "" or "#" ? null : new UTF8Encoding(false, true).GetString(FromBase64Url(parts[5][1..]));
                if (number is { } n && !double.IsFinite(n))
                {
                    return null;
                }
                return new PageToken(0, long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture), parts[3],
                    new FieldKey(number, text, TextOfEvent: parts[5] == "#"));
            }
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>
/// An event's sort key under an order by an extension field: its smallest number or time, and its smallest text; neither
/// when it lacks the field. <see cref="TextOfEvent"/>: the text was too long for a page token, and is read from the event again.
/// </summary>
internal readonly record struct FieldKey(double? Number, string? Text, bool TextOfEvent = false);
