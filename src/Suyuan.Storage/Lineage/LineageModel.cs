using System.Text.Json.Serialization;

namespace Suyuan.Storage.Lineage;

/// <summary>A lineage edge's meaning; the numbers are stored in lineage_edges.kind, never renumber.</summary>
public enum LineageRelation : short
{
    /// <summary>TransformationEvent: an input went into an output.</summary>
    Transformed = 1,
    /// <summary>AggregationEvent/AssociationEvent ADD: the child was put into the parent.</summary>
    Packed = 2,
    /// <summary>AggregationEvent/AssociationEvent DELETE: the child was taken out of the parent.</summary>
    Unpacked = 3,
    /// <summary>Commissioning with ILMD lotNumber: the lot (class) has this item.</summary>
    LotOf = 4,
}

public enum TraceDirection
{
    /// <summary>Upstream: where it came from (一步向上 for one step).</summary>
    Backward,
    /// <summary>Downstream: where it went and what was made from it (一步向下 for one step).</summary>
    Forward,
}

/// <summary>A source or destination (type short name: owning_party, possessing_party, location) or a business transaction (type: po, desadv...).</summary>
public sealed record LineagePlace(string? Type, string Id);

/// <summary>An identifier an event names, canonical, with its role (epc, quantity, parent, child, input, output) and its quantity where given.</summary>
public sealed record LineageIdentifier(string Id, string Role, double? Quantity, string? Uom);

/// <summary>What a trace shows of one event; identifiers canonical, vocabulary as short names where they are CBV.</summary>
public sealed record LineageEvent(
    string EventId,
    string Type,
    DateTimeOffset Time,
    string? Action,
    string? BizStep,
    string? Disposition,
    string? ReadPoint,
    string? BizLocation,
    IReadOnlyList<LineagePlace> Sources,
    IReadOnlyList<LineagePlace> Destinations,
    IReadOnlyList<LineagePlace> BizTransactions,
    IReadOnlyList<LineageIdentifier> Identifiers,
    string? LotNumber);

/// <summary>A lot, item, container or trace code met on the way; Kind says which.</summary>
public sealed record TracedIdentifier(string Id, string Kind);

/// <summary>What an event says about a traced identifier: Id is the lot/item; Via is the container that carried it, if any.</summary>
public sealed record TraceSubject(string Id, string? Via, string Role, double? Quantity, string? Uom);

public sealed record TracedEvent(LineageEvent Event, IReadOnlyList<TraceSubject> Subjects);

/// <summary>One step of the path: From is upstream of To.</summary>
public sealed record TraceEdge(string From, string To, string Relation, string EventId, DateTimeOffset Time,
    double? FromQuantity, string? FromUom, double? ToQuantity, string? ToUom);

/// <summary>
/// A trace: every lot/item (Lots) and container (Containers) reached, the parties and locations of their events,
/// the events in time order and the edges walked.
/// </summary>
public sealed record TraceResult(
    IReadOnlyList<string> Start,
    TraceDirection Direction,
    IReadOnlyList<TracedIdentifier> Lots,
    IReadOnlyList<TracedIdentifier> Containers,
    IReadOnlyList<string> Parties,
    IReadOnlyList<string> Locations,
    IReadOnlyList<TracedEvent> Events,
    IReadOnlyList<TraceEdge> Path);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LineageEvent))]
internal sealed partial class LineageJson : JsonSerializerContext;

/// <summary>Kinds of canonical identifiers, read from their form.</summary>
public static class IdentifierKinds
{
    public const string TraceCodePrefix = "urn:suyuan:trace:";
    private const string Stem = "https://id.gs1.org/";

    public static string Of(string canonical)
    {
        if (canonical.StartsWith(TraceCodePrefix, StringComparison.Ordinal))
        {
            return "traceCode";
        }
        if (!canonical.StartsWith(Stem, StringComparison.Ordinal))
        {
            return "other";
        }
        var path = canonical.AsSpan(Stem.Length);
        if (path.StartsWith("01/"))
        {
            return path.Contains("/21/", StringComparison.Ordinal) ? "item" : path.Contains("/10/", StringComparison.Ordinal) ? "lot" : "product";
        }
        if (path.StartsWith("00/"))
        {
            return "container";
        }
        if (path.StartsWith("8003/"))
        {
            return "asset";
        }
        if (path.StartsWith("414/"))
        {
            return "location";
        }
        if (path.StartsWith("417/"))
        {
            return "party";
        }
        return "other";
    }

    /// <summary>The 13-digit GLN of a canonical location (/414/) or party (/417/), or null.</summary>
    public static string? Gln(string canonical) =>
        (canonical.StartsWith(Stem + "414/", StringComparison.Ordinal) || canonical.StartsWith(Stem + "417/", StringComparison.Ordinal))
        && canonical.Length >= Stem.Length + 17 ? canonical.Substring(Stem.Length + 4, 13) : null;

    /// <summary>The GTIN of a canonical /01/ identifier, or null.</summary>
    public static string? Gtin(string canonical) =>
        canonical.StartsWith(Stem + "01/", StringComparison.Ordinal) && canonical.Length >= Stem.Length + 17 ? canonical.Substring(Stem.Length + 3, 14) : null;
}
