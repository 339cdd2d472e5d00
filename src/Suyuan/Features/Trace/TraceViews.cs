using Suyuan.Storage.Lineage;

namespace Suyuan.Features.Trace;

internal sealed record IdView(string Id, string? Kind = null);

internal sealed record EventView(string EventID, string Type, DateTimeOffset Time, string? Action, string? BizStep, string? Disposition,
    string? BizLocation, string? ReadPoint, IReadOnlyList<LineagePlace> Sources, IReadOnlyList<LineagePlace> Destinations,
    IReadOnlyList<LineagePlace> BizTransactions, IReadOnlyList<TraceSubject> Subjects)
{
    public static EventView From(TracedEvent e) => new(e.Event.EventId, e.Event.Type, e.Event.Time, e.Event.Action, e.Event.BizStep, e.Event.Disposition,
        e.Event.BizLocation, e.Event.ReadPoint, e.Event.Sources, e.Event.Destinations, e.Event.BizTransactions, e.Subjects);
}

/// <summary>The JSON of a trace: identifiers canonical, events in time order, the path as edges from upstream to downstream.</summary>
internal sealed record TraceView(string Id, string Direction, IReadOnlyList<IdView> Lots, IReadOnlyList<IdView> Containers,
    IReadOnlyList<IdView> Parties, IReadOnlyList<IdView> Locations, IReadOnlyList<EventView> Events, IReadOnlyList<TraceEdge> Path)
{
    public static TraceView From(string id, TraceResult r) => new(id, r.Direction == TraceDirection.Backward ? "backward" : "forward",
        r.Lots.Select(l => new IdView(l.Id, l.Kind)).ToList(), r.Containers.Select(c => new IdView(c.Id, c.Kind)).ToList(),
        r.Parties.Select(p => new IdView(p)).ToList(), r.Locations.Select(l => new IdView(l)).ToList(),
        r.Events.Select(EventView.From).ToList(), r.Path);
}

/// <summary>One step: the immediate neighbours only (lots, items and containers one edge away) and the edges to them.</summary>
internal sealed record StepView(string Id, string Direction, IReadOnlyList<IdView> Neighbours, IReadOnlyList<TraceEdge> Path, IReadOnlyList<EventView> Events);

/// <summary>Who holds the goods now: a location and/or party, what of it (lot/item, via which container), how much, and since which event.</summary>
internal sealed record HolderView(string? Location, string? Party, string Status, string Id, string? Via, double? Quantity, string? Uom, string EventID, DateTimeOffset Time);

internal sealed record HoldersView(string Id, IReadOnlyList<HolderView> Holders);
