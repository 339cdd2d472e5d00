namespace Suyuan.Core.Epcis;

/// <summary>ADD, OBSERVE or DELETE: how the event relates to the lifecycle of what it names.</summary>
public enum EpcisAction
{
    Add,
    Observe,
    Delete,
}

/// <summary>
/// The fields all EPCIS 2.0 events share: when, why and where. Identifiers and vocabulary values are kept exactly
/// as written (bare CBV terms, CURIEs and URIs alike); times are instants with their written offset.
/// </summary>
public abstract record EpcisEvent
{
    /// <summary>The event type as written: <c>ObjectEvent</c>, …, or an extension event type IRI.</summary>
    public abstract string Type { get; }

    /// <summary>The event's own <c>@context</c>, when it has one.</summary>
    public JsonLiteral? Context { get; init; }

    public string? EventId { get; init; }

    public required DateTimeOffset EventTime { get; init; }

    public DateTimeOffset? RecordTime { get; init; }

    /// <summary>The offset in force where the event happened, as written (<c>+08:00</c>).</summary>
    public string? EventTimeZoneOffset { get; init; }

    /// <summary>One or more certificate URIs.</summary>
    public ValueList<string>? CertificationInfo { get; init; }

    public ErrorDeclaration? ErrorDeclaration { get; init; }

    public string? BizStep { get; init; }

    public string? Disposition { get; init; }

    public PersistentDisposition? PersistentDisposition { get; init; }

    public EpcisLocation? ReadPoint { get; init; }

    public EpcisLocation? BizLocation { get; init; }

    public ValueList<BizTransaction>? BizTransactionList { get; init; }

    public ValueList<SourceOrDestination>? SourceList { get; init; }

    public ValueList<SourceOrDestination>? DestinationList { get; init; }

    public ValueList<SensorElement>? SensorElementList { get; init; }

    /// <summary>User extension fields at the event's top level, in document order.</summary>
    public ValueList<EpcisExtension> Extensions { get; init; } = ValueList<EpcisExtension>.Empty;
}

/// <summary>Something was observed, created, or retired: the objects in <see cref="EpcList"/> and <see cref="QuantityList"/>.</summary>
public sealed record ObjectEvent : EpcisEvent
{
    public override string Type => "ObjectEvent";

    public required EpcisAction Action { get; init; }

    public ValueList<string>? EpcList { get; init; }

    public ValueList<QuantityElement>? QuantityList { get; init; }

    /// <summary>Instance/lot master data (extension fields), when given.</summary>
    public ValueList<EpcisExtension>? Ilmd { get; init; }
}

/// <summary>Objects were physically put into, observed in, or taken out of a parent (pallet, case).</summary>
public sealed record AggregationEvent : EpcisEvent
{
    public override string Type => "AggregationEvent";

    public required EpcisAction Action { get; init; }

    public string? ParentId { get; init; }

    public ValueList<string>? ChildEpcs { get; init; }

    public ValueList<QuantityElement>? ChildQuantityList { get; init; }
}

/// <summary>Objects were associated with or dissociated from a parent that is not a container (e.g. a sensor, a machine).</summary>
public sealed record AssociationEvent : EpcisEvent
{
    public override string Type => "AssociationEvent";

    public required EpcisAction Action { get; init; }

    public string? ParentId { get; init; }

    public ValueList<string>? ChildEpcs { get; init; }

    public ValueList<QuantityElement>? ChildQuantityList { get; init; }
}

/// <summary>Objects were tied to or released from business transactions (orders, invoices, despatch advices).</summary>
public sealed record TransactionEvent : EpcisEvent
{
    public override string Type => "TransactionEvent";

    public required EpcisAction Action { get; init; }

    public string? ParentId { get; init; }

    public ValueList<string>? EpcList { get; init; }

    public ValueList<QuantityElement>? QuantityList { get; init; }
}

/// <summary>Inputs were consumed and outputs produced (processing, mixing, repacking).</summary>
public sealed record TransformationEvent : EpcisEvent
{
    public override string Type => "TransformationEvent";

    public ValueList<string>? InputEpcList { get; init; }

    public ValueList<QuantityElement>? InputQuantityList { get; init; }

    public ValueList<string>? OutputEpcList { get; init; }

    public ValueList<QuantityElement>? OutputQuantityList { get; init; }

    public string? TransformationId { get; init; }

    public ValueList<EpcisExtension>? Ilmd { get; init; }
}

/// <summary>An event of an extension type (its <c>type</c> is an IRI); fields beyond the common ones are kept as extensions.</summary>
public sealed record ExtensionEvent(string EventType) : EpcisEvent
{
    public override string Type => EventType;
}

/// <summary>A class-level quantity: so much of an EPC class (lot, product), optionally in a unit of measure.</summary>
public sealed record QuantityElement(string EpcClass, decimal? Quantity = null, string? Uom = null);

/// <summary>A business transaction reference: its type (<c>po</c>, <c>cbv:BTT-inv</c>, …) and identifier.</summary>
public sealed record BizTransaction(string? Type, string Value);

/// <summary>A source or destination: its type (<c>owning_party</c>, <c>location</c>, …) and identifier.</summary>
public sealed record SourceOrDestination(string Type, string Value);

/// <summary>A read point or business location: its identifier and extension fields.</summary>
public sealed record EpcisLocation(string Id)
{
    public ValueList<EpcisExtension> Extensions { get; init; } = ValueList<EpcisExtension>.Empty;
}

/// <summary>Dispositions that persist beyond the event: set and unset ones.</summary>
public sealed record PersistentDisposition(ValueList<string>? Set, ValueList<string>? Unset);

/// <summary>Declares an earlier event erroneous; optionally names the events that correct it.</summary>
public sealed record ErrorDeclaration(DateTimeOffset DeclarationTime)
{
    public string? Reason { get; init; }

    public ValueList<string>? CorrectiveEventIds { get; init; }

    public ValueList<EpcisExtension> Extensions { get; init; } = ValueList<EpcisExtension>.Empty;
}

/// <summary>Sensor data attached to an event: optional metadata and one or more reports.</summary>
public sealed record SensorElement(ValueList<SensorReport> SensorReport)
{
    public SensorMetadata? SensorMetadata { get; init; }

    public ValueList<EpcisExtension> Extensions { get; init; } = ValueList<EpcisExtension>.Empty;
}

/// <summary>What applies to all reports of a sensor element: device, time span, processing.</summary>
public sealed record SensorMetadata
{
    public DateTimeOffset? Time { get; init; }

    public string? DeviceId { get; init; }

    public string? DeviceMetadata { get; init; }

    public string? RawData { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public string? DataProcessingMethod { get; init; }

    public string? BizRules { get; init; }

    public ValueList<EpcisExtension> Extensions { get; init; } = ValueList<EpcisExtension>.Empty;
}

/// <summary>One measurement (or statistic, or alert) of a sensor.</summary>
public sealed record SensorReport
{
    /// <summary>The measurement type (<c>Temperature</c>, <c>gs1:Angle</c>, …); required by the schema, kept null when absent.</summary>
    public string? Type { get; init; }

    public string? Exception { get; init; }

    public string? DeviceId { get; init; }

    public string? DeviceMetadata { get; init; }

    public string? RawData { get; init; }

    public string? DataProcessingMethod { get; init; }

    public string? BizRules { get; init; }

    public DateTimeOffset? Time { get; init; }

    public string? Microorganism { get; init; }

    public string? ChemicalSubstance { get; init; }

    public string? CoordinateReferenceSystem { get; init; }

    public decimal? Value { get; init; }

    public string? Component { get; init; }

    public string? StringValue { get; init; }

    public bool? BooleanValue { get; init; }

    public string? HexBinaryValue { get; init; }

    public string? UriValue { get; init; }

    public decimal? MinValue { get; init; }

    public decimal? MaxValue { get; init; }

    public decimal? MeanValue { get; init; }

    public decimal? SDev { get; init; }

    public decimal? PercRank { get; init; }

    public decimal? PercValue { get; init; }

    public string? Uom { get; init; }

    public ValueList<EpcisExtension> Extensions { get; init; } = ValueList<EpcisExtension>.Empty;
}
