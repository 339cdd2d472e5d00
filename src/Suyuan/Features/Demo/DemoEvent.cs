namespace Suyuan.Features.Demo;

/// <summary>One generated EPCIS event, written as JSON by <see cref="DemoDocumentWriter"/>.</summary>
internal sealed record DemoEvent(string Type, DateTimeOffset Time, string BizStep, string Location)
{
    /// <summary>ADD, OBSERVE or DELETE; ignored for TransformationEvents.</summary>
    public string Action { get; init; } = "OBSERVE";
    public string? Disposition { get; init; }
    public IReadOnlyList<string>? Epcs { get; init; }
    public IReadOnlyList<DemoQuantity>? Quantities { get; init; }
    public string? ParentId { get; init; }
    public IReadOnlyList<string>? InputEpcs { get; init; }
    public IReadOnlyList<DemoQuantity>? InputQuantities { get; init; }
    public IReadOnlyList<DemoQuantity>? OutputQuantities { get; init; }
    public IReadOnlyList<DemoLink>? Transactions { get; init; }
    public IReadOnlyList<DemoLink>? Sources { get; init; }
    public IReadOnlyList<DemoLink>? Destinations { get; init; }
    /// <summary>Instance/lot master data (ILMD) of commissioned objects and transformation outputs.</summary>
    public IReadOnlyList<DemoField>? Ilmd { get; init; }
    /// <summary>Event-level extension fields in the project namespace.</summary>
    public IReadOnlyList<DemoField>? Fields { get; init; }

    public static DemoEvent Object(DateTimeOffset time, string bizStep, string location) => new("ObjectEvent", time, bizStep, location);
    public static DemoEvent Aggregation(DateTimeOffset time, string bizStep, string location) => new("AggregationEvent", time, bizStep, location);
    /// <summary>CBV 2.0 has no "transforming" step: a production batch is commissioning of its output, a slaughter is killing.</summary>
    public static DemoEvent Transformation(DateTimeOffset time, string location, string bizStep = "commissioning") => new("TransformationEvent", time, bizStep, location);
}

/// <summary>A lot (EPC class) and how much of it; <see cref="Uom"/> is a UN/CEFACT code (KGM, LTR) or null for a count.</summary>
internal sealed record DemoQuantity(string EpcClass, decimal Amount, string? Uom);

/// <summary>A typed link: a business transaction, source or destination (type is a CBV term).</summary>
internal sealed record DemoLink(string Type, string Id);

/// <summary>An extension field named sy:{Name}; the value is a string, number, bool, list of strings or list of fields (an object).</summary>
internal sealed record DemoField(string Name, object Value);
