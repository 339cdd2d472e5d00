using Suyuan.Storage.Indexing;

namespace Suyuan.Storage.Query;

/// <summary>One condition of a query; every filter narrows the result (conditions are AND-ed, values within one are OR-ed).</summary>
internal abstract record QueryFilter;

/// <summary>An event column that holds a dictionary id (type, bizStep, readPoint...) equals one of the values.</summary>
internal sealed record ColumnInFilter(string Column, IReadOnlyList<string> Values) : QueryFilter;

/// <summary>
/// WD_: a location column is one of <paramref name="Values"/> (every form) or a direct or indirect child of one of them in
/// the vocabulary's master data hierarchy, which is followed from the values' canonical forms (<paramref name="Roots"/>).
/// </summary>
internal sealed record WithinFilter(string Column, IReadOnlyList<string> Values, IReadOnlyList<string> Roots, LocationVocabulary Vocabulary) : QueryFilter;

/// <summary>
/// HASATTR_ / EQ_ATTR_: a location column names an element whose master data (of the vocabulary) has one of the attributes
/// <paramref name="Names"/> (IRIs), with one of the stored <paramref name="Values"/> when they are given.
/// </summary>
internal sealed record AttributeFilter(string Column, LocationVocabulary Vocabulary, IReadOnlyList<string> Names, IReadOnlyList<string>? Values) : QueryFilter;

internal sealed record ActionFilter(IReadOnlyList<short> Actions) : QueryFilter;

/// <summary>A time column is ≥ (lower) or &lt; the bound, in Unix milliseconds.</summary>
internal sealed record TimeBoundFilter(string Column, bool Lower, long Bound) : QueryFilter;

/// <summary>The event holds one of the values (exact, or starting with a prefix for patterns) in one of the roles.</summary>
internal sealed record RefFilter(IReadOnlyList<RefKind> Kinds, IReadOnlyList<string> Values, IReadOnlyList<string> Prefixes, string? Qualifier) : QueryFilter;

internal enum Comparison
{
    Eq,
    Gt,
    Ge,
    Lt,
    Le,
}

/// <summary>A quantity compares with the values; with a unit, only quantities given in that unit (EQ_quantity_KGM).</summary>
internal sealed record QuantityFilter(Comparison Op, IReadOnlyList<double> Values, string? Uom = null) : QueryFilter;

/// <summary>
/// One sensor report of the event meets every condition (table <c>sensor_reports</c>): a value in a unit
/// (<c>GT_maxValue_CEL</c>), a time, a percentile rank, a boolean value. All of a query's sensor conditions are one filter,
/// so that <c>GE_value_CEL=2&amp;LT_value_CEL=8</c> asks for one reading between 2 and 8, not two readings.
/// </summary>
internal sealed record SensorFilter(IReadOnlyList<SensorCondition> Conditions) : QueryFilter;

/// <param name="Column">A column of <c>sensor_reports</c>: value, min_value, …, time, boolean_value.</param>
/// <param name="Uom">The unit the value must be given in, for the value columns that have one.</param>
/// <param name="Texts">For the type: the measurement types (EQ_type), one of which the report has.</param>
internal sealed record SensorCondition(string Column, Comparison Op, IReadOnlyList<double> Numbers, string? Uom, IReadOnlyList<string>? Texts = null);

internal sealed record EventIdFilter(IReadOnlyList<string> EventIds) : QueryFilter;

/// <summary>A nullable event column is set (errorDeclaration, sensor data).</summary>
internal sealed record ColumnExistsFilter(string Column) : QueryFilter;

/// <summary>An extension / ILMD field compares with a value (text or number for EQ; number or time for ranges) or merely exists.</summary>
/// <param name="Times">For EQ_: the values that are date-times, as Unix ms: a stored date-time equal to one is found in
/// whatever offset or digits it was written (2024-03-01T00:00:00+01:00 by 2024-02-29T23:00:00Z), as GE_/LT_ compare instants.</param>
internal sealed record FieldFilter(FieldKind Kind, string Name, Comparison? Op, IReadOnlyList<string> Texts, IReadOnlyList<double> Numbers, long? Time,
    IReadOnlyList<long>? Times = null) : QueryFilter;

/// <summary>The event names one of the places or parties (canonical ids, any role of lineage_places): what one enterprise may read.</summary>
internal sealed record PlaceFilter(IReadOnlyList<string> Places) : QueryFilter;
