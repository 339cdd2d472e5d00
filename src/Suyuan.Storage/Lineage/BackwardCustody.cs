namespace Suyuan.Storage.Lineage;

/// <summary>
/// Narrows a backward trace to the goods' own path. A lot reached upstream (an input of a transformation, the lot a receipt or
/// an item was cut from, a child packed into a case) counts only along the custody that led to where it was used: walking its
/// events back from that moment, an event is kept when it happened where the goods were, or moved them to such a place; its
/// own place and sources then join the custody. The lot's shipments to other buyers and its other sales are downstream of
/// someone else, not upstream of what was traced, so they and their parties and locations leave the result.
/// </summary>
internal static class BackwardCustody
{
    private static readonly HashSet<string> Sales = new(["retail_selling", "dispensing"], StringComparer.Ordinal);

    /// <summary>A use of an upstream lot: the event of the edge that reached it.</summary>
    public readonly record struct Anchor(string Node, LineageEvent Event);

    /// <param name="owners">The enterprise of a place, where the registry knows it: all of an enterprise's places are one place of custody.</param>
    public static List<TracedEvent> Narrow(List<TracedEvent> events, IReadOnlyCollection<Anchor> anchors, IReadOnlySet<string> edgeEvents,
        IReadOnlyDictionary<string, string> owners)
    {
        var places = new PlaceKeys(owners);
        var kept = new Dictionary<string, HashSet<TracedEvent>>(StringComparer.Ordinal);
        foreach (var group in anchors.GroupBy(a => a.Node, StringComparer.Ordinal))
        {
            var own = events.Where(e => e.Subjects.Any(s => s.Via is null && s.Id == group.Key))
                .OrderByDescending(e => e.Event.Time).ToList();
            var keep = new HashSet<TracedEvent>();
            foreach (var anchor in group)
            {
                Walk(own, anchor, keep, places);
            }
            kept[group.Key] = keep;
        }
        var result = new List<TracedEvent>(events.Count);
        foreach (var e in events)
        {
            var subjects = e.Subjects.Where(s => s.Via is not null || !kept.TryGetValue(s.Id, out var k) || k.Contains(e)).ToList();
            if (subjects.Count == e.Subjects.Count)
            {
                result.Add(e);
            }
            else if (subjects.Count > 0 || edgeEvents.Contains(e.Event.EventId))
            {
                result.Add(e with { Subjects = subjects });
            }
        }
        return result;
    }

    private static void Walk(List<TracedEvent> own, Anchor anchor, HashSet<TracedEvent> keep, PlaceKeys places)
    {
        var place = places.Of(anchor.Event);
        if (place is null)
        {
            // Used nowhere in particular: nothing to narrow by.
            keep.UnionWith(own.Where(e => e.Event.Time <= anchor.Event.Time));
            return;
        }
        var custody = new HashSet<string>(StringComparer.Ordinal) { place };
        var parties = false;
        var path = new List<TracedEvent>();
        var linked = false;
        var before = own.Where(e => e.Event.Time <= anchor.Event.Time).ToList();
        foreach (var e in before)
        {
            if (e.Event.EventId == anchor.Event.EventId || Creates(e, anchor.Node))
            {
                places.Bring(e.Event, custody, ref parties);
                path.Add(e);
                continue;
            }
            if (Uses(e, anchor.Node))
            {
                continue;
            }
            bool moved;
            var destinations = e.Event.Destinations.Where(IsPlace).ToList();
            if (destinations.Count > 0)
            {
                // Only parties named, none of them known yet: the custody cannot tell, so the shipment stays.
                moved = destinations.Any(d => custody.Contains(places.Key(d.Id)))
                    || (!parties && destinations.All(d => d.Type != "location"));
            }
            else
            {
                moved = places.Of(e.Event) is not { } at || custody.Contains(at);
            }
            if (moved)
            {
                places.Bring(e.Event, custody, ref parties);
                path.Add(e);
                linked = true;
            }
        }
        // When none of the goods' own moves or stays leads to where they were used (a stall inside a market under another GLN),
        // the data cannot tell their path: keep everything before the use rather than lose the way they came.
        var unlinked = !linked && before.Any(e => !path.Contains(e) && !Uses(e, anchor.Node));
        keep.UnionWith(unlinked ? before : path);
    }

    /// <summary>
    /// Where the goods come into being is always upstream: a transformation's output, or commissioning (ADD) of the lot or item
    /// itself — not an ADD that issues codes for portions of it (a receipt printed at some stall), which is a use like a sale.
    /// </summary>
    private static bool Creates(TracedEvent e, string node)
    {
        var role = e.Subjects.FirstOrDefault(s => s.Via is null && s.Id == node)?.Role;
        if (e.Event.Type == "TransformationEvent")
        {
            return role == "output";
        }
        if (e.Event.Type != "ObjectEvent" || (e.Event.Action != "ADD" && e.Event.BizStep != "commissioning"))
        {
            return false;
        }
        return role == "epc" || (role == "quantity" && !e.Event.Identifiers.Any(i => i.Role == "epc"));
    }

    /// <summary>A use of the goods by someone downstream: a sale, a dispensing, or codes issued for portions of them.</summary>
    private static bool Uses(TracedEvent e, string node) =>
        (e.Event.BizStep is { } step && Sales.Contains(step))
        || (e.Event.Type == "ObjectEvent" && e.Event.Action == "ADD" && e.Event.Identifiers.Any(i => i.Role == "epc")
            && e.Subjects.Any(s => s.Via is null && s.Id == node && s.Role == "quantity"));

    /// <summary>Every location and party an event names: what an owner is looked up for.</summary>
    public static IEnumerable<string> Places(LineageEvent e)
    {
        if (e.BizLocation is { } b)
        {
            yield return b;
        }
        if (e.ReadPoint is { } r)
        {
            yield return r;
        }
        foreach (var p in e.Sources.Concat(e.Destinations))
        {
            yield return p.Id;
        }
    }

    private sealed class PlaceKeys(IReadOnlyDictionary<string, string> owners)
    {
        public string Key(string canonical) => owners.TryGetValue(canonical, out var owner) ? "enterprise:" + owner : BackwardCustody.Key(canonical);

        public string? Of(LineageEvent e) => (e.BizLocation ?? e.ReadPoint) is { } id ? Key(id) : null;

        public void Bring(LineageEvent e, HashSet<string> custody, ref bool parties)
        {
            if (Of(e) is { } at)
            {
                custody.Add(at);
            }
            foreach (var s in e.Sources.Where(IsPlace))
            {
                custody.Add(Key(s.Id));
                parties |= s.Type != "location";
            }
        }
    }

    /// <summary>A location and a party with the same GLN are one place: https://id.gs1.org/414/{gln}[/254/…] and /417/{gln} share a key.</summary>
    internal static string Key(string canonical) => IdentifierKinds.Gln(canonical) is { } gln ? "gln:" + gln : canonical;

    /// <summary>Source and destination types that name where goods are or whose they are (not other source types).</summary>
    private static bool IsPlace(LineagePlace p) => p.Type is "location" or "owning_party" or "possessing_party";
}
