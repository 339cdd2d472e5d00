using Suyuan.Features.Trace;
using Suyuan.Storage.Lineage;

namespace Suyuan.Features.Recall;

/// <summary>
/// Received (or made), shipped onward and on hand per location, lot and unit, where the events give quantities (an EPC counts
/// as 1 EA). Stock is never negative: what a location shipped beyond what its recorded events brought there is
/// <see cref="Unrecorded"/>, goods whose arrival was not recorded (a missing receipt is a break in the chain).
/// </summary>
internal sealed record StockLine(string Location, string Lot, string? Uom, double Received, double Shipped, double OnHand, double Unrecorded);

/// <summary>One shipment of the affected goods: what, how much, from where to whom.</summary>
internal sealed record ShipmentLine(string EventID, DateTimeOffset Time, string Lot, string? Via, double? Quantity, string? Uom,
    string? FromLocation, string? ToLocation, string? ToParty);

/// <summary>Mass balance over the events of a trace: which events bring goods to a location and which take them away.</summary>
internal static class StockLedger
{
    private static readonly HashSet<string> Shipping = new(StringComparer.Ordinal) { "shipping", "departing" };
    private static readonly HashSet<string> Receiving = new(StringComparer.Ordinal) { "receiving", "arriving", "accepting" };

    private enum Move { None, Ship, Receive, Produce, Consume }

    /// <summary>The largest amount a movement may carry to count in a balance (10^15 in any unit).</summary>
    private const double MaxQuantity = 1e15;

    private sealed record Movement(TracedEvent Event, TraceSubject Subject, string Lot, Move Kind, double Quantity, string? Uom, string? At, string? To);

    private static IEnumerable<Movement> Movements(TraceResult r)
    {
        var lotOf = LotsOfItems(r);
        foreach (var e in r.Events)
        {
            foreach (var s in e.Subjects)
            {
                var lot = lotOf.GetValueOrDefault(s.Id, s.Id);
                var instance = IdentifierKinds.Of(s.Id) is not ("lot" or "product");
                double? q = s.Quantity ?? (instance ? 1 : null);
                // EPCIS takes any JSON number: an amount beyond any stock (1.7e308) is no record of goods, and summed it would
                // make a balance infinite, which JSON cannot carry.
                if (q is not { } quantity || !double.IsFinite(quantity) || Math.Abs(quantity) > MaxQuantity)
                {
                    continue;
                }
                var uom = s.Quantity is null ? "EA" : s.Uom;
                var info = e.Event;
                var sourceLocation = info.Sources.FirstOrDefault(p => p.Type == "location")?.Id;
                var destinationLocation = info.Destinations.FirstOrDefault(p => p.Type == "location")?.Id;
                var step = info.BizStep ?? "";
                var kind = info.Type == "TransformationEvent"
                    ? s.Role == "input" ? Move.Consume : s.Role == "output" ? Move.Produce : Move.None
                    : Shipping.Contains(step) ? Move.Ship
                    : Receiving.Contains(step) ? Move.Receive
                    : info.Type is "ObjectEvent" && info.Action == "ADD" ? Move.Produce
                    : Move.None;
                var at = kind == Move.Ship ? sourceLocation ?? info.BizLocation : info.BizLocation ?? destinationLocation;
                yield return new Movement(e, s, lot, kind, quantity, uom, at, kind == Move.Ship ? destinationLocation : null);
            }
        }
    }

    /// <summary>Items whose lot is known from their commissioning (ILMD lotNumber) → that lot, the traceability lot code.</summary>
    public static Dictionary<string, string> LotsOfItems(TraceResult r) =>
        r.Path.Where(p => p.Relation == "lotOf").GroupBy(p => p.To).ToDictionary(g => g.Key, g => g.First().From, StringComparer.Ordinal);

    public static IReadOnlyList<StockLine> Balance(TraceResult r)
    {
        var lines = new Dictionary<(string Location, string Lot, string? Uom), (double In, double Out)>();
        foreach (var m in Movements(r))
        {
            if (m.At is null || m.Kind == Move.None)
            {
                continue;
            }
            var key = (m.At, m.Lot, m.Uom);
            var (i, o) = lines.GetValueOrDefault(key);
            lines[key] = m.Kind is Move.Receive or Move.Produce ? (i + m.Quantity, o) : (i, o + m.Quantity);
        }
        return lines.OrderBy(l => l.Key.Location, StringComparer.Ordinal).ThenBy(l => l.Key.Lot, StringComparer.Ordinal)
            .Select(l => new StockLine(l.Key.Location, l.Key.Lot, l.Key.Uom, l.Value.In, l.Value.Out,
                Math.Max(0, l.Value.In - l.Value.Out), Math.Max(0, l.Value.Out - l.Value.In))).ToList();
    }

    public static IReadOnlyList<ShipmentLine> Shipments(TraceResult r) =>
        Movements(r).Where(m => m.Kind == Move.Ship)
            .Select(m => new ShipmentLine(m.Event.Event.EventId, m.Event.Event.Time, m.Lot, m.Subject.Via, m.Quantity, m.Uom, m.At, m.To, PartyOf(m.Event.Event.Destinations)))
            .ToList();

    /// <summary>Holders now: locations with stock on hand, and goods shipped to a location that has not received them yet (in transit).</summary>
    public static IReadOnlyList<HolderView> Holders(TraceResult r)
    {
        var movements = Movements(r).ToList();
        var holders = new List<HolderView>();
        var balance = Balance(r);
        foreach (var line in balance.Where(l => l.OnHand > 0))
        {
            var last = movements.Where(m => m.At == line.Location && m.Lot == line.Lot && m.Kind is Move.Receive or Move.Produce).MaxBy(m => m.Event.Event.Time);
            // A receiving event seldom names the receiver; the shipment that brought the goods there does.
            var shipped = movements.Where(m => m.Kind == Move.Ship && m.To == line.Location && m.Lot == line.Lot).MaxBy(m => m.Event.Event.Time);
            var party = (last is { } l ? PartyOf(l.Event.Event.Destinations) : null) ?? (shipped is { } s ? PartyOf(s.Event.Event.Destinations) : null);
            holders.Add(new HolderView(line.Location, party, "on_hand", line.Lot, null, line.OnHand, line.Uom,
                last?.Event.Event.EventId ?? "", last?.Event.Event.Time ?? default));
        }
        var received = movements.Where(m => m.Kind == Move.Receive && m.At is not null).GroupBy(m => (m.At!, m.Lot, m.Uom)).ToDictionary(g => g.Key, g => g.Sum(m => m.Quantity));
        // What a destination shipped on beyond what it recorded receiving arrived there unrecorded: not in transit any more.
        var unrecorded = balance.Where(l => l.Unrecorded > 0).ToDictionary(l => (l.Location, l.Lot, l.Uom), l => l.Unrecorded);
        foreach (var g in movements.Where(m => m.Kind == Move.Ship && m.To is not null).GroupBy(m => (m.To!, m.Lot, m.Uom)))
        {
            var transit = g.Sum(m => m.Quantity) - received.GetValueOrDefault(g.Key) - unrecorded.GetValueOrDefault(g.Key);
            if (transit > 0)
            {
                var last = g.MaxBy(m => m.Event.Event.Time)!;
                holders.Add(new HolderView(g.Key.Item1, PartyOf(last.Event.Event.Destinations), "in_transit", g.Key.Lot, last.Subject.Via, transit, g.Key.Uom,
                    last.Event.Event.EventId, last.Event.Event.Time));
            }
        }
        return holders;
    }

    private static string? PartyOf(IReadOnlyList<LineagePlace> places) =>
        places.FirstOrDefault(p => p.Type == "possessing_party")?.Id ?? places.FirstOrDefault(p => p.Type == "owning_party")?.Id;
}
