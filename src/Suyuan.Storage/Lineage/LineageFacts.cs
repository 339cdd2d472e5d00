using Suyuan.Core.Epcis;
using Suyuan.Core.Identifiers;
using Suyuan.Storage.Indexing;

namespace Suyuan.Storage.Lineage;

internal readonly record struct FactEdge(string Src, string Dst, LineageRelation Kind, double? SrcQuantity, string? SrcUom, double? DstQuantity, string? DstUom);

internal readonly record struct FactPresence(string Node, double? Quantity, string? Uom);

/// <summary>The lineage one event contributes: edges between canonical identifiers, presence of identifiers, places, and its summary.</summary>
internal sealed class LineageFacts
{
    private const string SdtPrefix = EpcisContext.CbvNamespace + "SDT-";

    public List<FactEdge> Edges { get; } = [];
    /// <summary>
    /// Identifiers the event names in another form than the one the lineage stores (<see cref="LineageNodes"/>); the others
    /// are found by the event's refs rows.
    /// </summary>
    public List<FactPresence> Presence { get; } = [];
    /// <summary>The locations and parties the event names (bizLocation, readPoint, source and destination locations and
    /// parties), each once: what lineage_places indexes. What each one was to the event is in <see cref="Info"/>.</summary>
    public List<string> Places { get; } = [];
    public required LineageEvent Info { get; init; }

    /// <summary>Adds the strings the facts' rows refer to.</summary>
    public void CollectStrings(ISet<string> into)
    {
        foreach (var edge in Edges)
        {
            into.Add(edge.Src);
            into.Add(edge.Dst);
        }
        foreach (var p in Presence)
        {
            into.Add(p.Node);
        }
        foreach (var place in Places)
        {
            into.Add(place);
        }
        LineageSummary.CollectStrings(Info, into);
    }

    /// <param name="forms">A cache of canonical and stored forms (see <see cref="LineageNodes"/>), shared by the events of a batch.</param>
    public static LineageFacts Extract(IndexedEvent e, Dictionary<string, (string Canonical, string Stored)> forms)
    {
        string C(string id) => FormsOf(id, forms).Canonical;

        // The logic below works on canonical ids; what is stored is each identifier's stored form. An identifier stored as
        // sent is present in the event by its refs row; one stored in another form needs a lineage_presence row.
        Dictionary<string, string>? stored = null;
        HashSet<string>? notAsSent = null;
        string Identifier(string value)
        {
            var (c, s) = FormsOf(value, forms);
            if (s != c)
            {
                (stored ??= new(StringComparer.Ordinal)).TryAdd(c, s);
            }
            if (s != value)
            {
                (notAsSent ??= new(StringComparer.Ordinal)).Add(c);
            }
            return c;
        }

        var identifiers = new List<LineageIdentifier>();
        foreach (var r in e.Refs)
        {
            var role = r.Kind switch
            {
                RefKind.Epc => "epc",
                RefKind.ParentId => "parent",
                RefKind.ChildEpc => "child",
                RefKind.InputEpc => "input",
                RefKind.OutputEpc => "output",
                _ => null,
            };
            if (role is not null)
            {
                identifiers.Add(new(Identifier(r.Value), role, null, null));
            }
        }
        foreach (var q in e.Quantities)
        {
            var role = q.Kind switch
            {
                RefKind.ChildEpcClass => "child",
                RefKind.InputEpcClass => "input",
                RefKind.OutputEpcClass => "output",
                _ => "quantity",
            };
            identifiers.Add(new(Identifier(q.EpcClass), role, q.Quantity, q.Uom));
        }

        var sources = Typed(e, RefKind.Source, forms);
        var destinations = Typed(e, RefKind.Destination, forms);
        var transactions = Typed(e, RefKind.BizTransaction, null);
        var lotNumber = e.Fields.FirstOrDefault(f => f.Kind == FieldKind.Ilmd && f.Name.EndsWith("lotNumber", StringComparison.Ordinal)).Text;
        var bizLocation = e.BizLocation is null ? null : C(e.BizLocation);
        var readPoint = e.ReadPoint is null ? null : C(e.ReadPoint);
        var facts = new LineageFacts
        {
            Info = new LineageEvent(e.EventId, e.Type,
                DateTimeOffset.FromUnixTimeMilliseconds(e.EventTime).ToOffset(TimeSpan.FromMinutes(e.EventTimeOffset)),
                ActionName(e.Action), ShortBizStep(e.BizStep), ShortDisposition(e.Disposition), readPoint, bizLocation,
                sources, destinations, transactions, identifiers, lotNumber),
        };

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in identifiers)
        {
            if (notAsSent is not null && notAsSent.Contains(i.Id) && seen.Add(i.Id))
            {
                facts.Presence.Add(new(i.Id, i.Quantity, i.Uom));
            }
        }
        AddPlace(facts.Places, bizLocation);
        AddPlace(facts.Places, readPoint);
        foreach (var party in (ReadOnlySpan<IReadOnlyList<LineagePlace>>)[sources, destinations])
        {
            foreach (var p in party)
            {
                if (IsPlaceType(p.Type))
                {
                    AddPlace(facts.Places, p.Id);
                }
            }
        }

        switch (e.Type)
        {
            case "TransformationEvent":
                var inputs = identifiers.Where(i => i.Role == "input").ToList();
                var outputs = identifiers.Where(i => i.Role == "output").ToList();
                foreach (var input in inputs)
                {
                    foreach (var output in outputs)
                    {
                        facts.Edges.Add(new(input.Id, output.Id, LineageRelation.Transformed, input.Quantity, input.Uom, output.Quantity, output.Uom));
                    }
                }
                break;
            case "AggregationEvent" or "AssociationEvent" when e.Action is 2 or 3:
                var parent = identifiers.FirstOrDefault(i => i.Role == "parent");
                if (parent is null)
                {
                    break;
                }
                foreach (var child in identifiers.Where(i => i.Role == "child"))
                {
                    facts.Edges.Add(e.Action == 2
                        ? new(child.Id, parent.Id, LineageRelation.Packed, child.Quantity, child.Uom, null, null)
                        : new(parent.Id, child.Id, LineageRelation.Unpacked, null, null, child.Quantity, child.Uom));
                }
                break;
            case "ObjectEvent" when lotNumber is not null:
                // Items commissioned with ILMD lotNumber belong to the lot of their GTIN.
                foreach (var item in identifiers.Where(i => i.Role == "epc"))
                {
                    if (IdentifierKinds.Of(item.Id) == "item" && IdentifierKinds.Gtin(item.Id) is { } gtin)
                    {
                        var lot = IdentifierConverter.Canonicalise($"{DigitalLink.CanonicalStem}/01/{gtin}/10/{DigitalLink.EscapePathComponent(lotNumber)}");
                        facts.Edges.Add(new(lot, item.Id, LineageRelation.LotOf, null, null, 1, null));
                    }
                }
                break;
            case "ObjectEvent" when e.Action == 2 || Short(e.BizStep, "BizStep-") == "retail_selling":
                // Instances issued (ADD) or sold (retail_selling) together with quantities of classes stand for portions of
                // those classes: a receipt's trace code printed for 0.88 kg of a carcass lot. The edge links the code back.
                var issued = identifiers.Where(i => i.Role == "epc").ToList();
                foreach (var lot in identifiers.Where(i => i.Role == "quantity"))
                {
                    foreach (var item in issued)
                    {
                        facts.Edges.Add(new(lot.Id, item.Id, LineageRelation.LotOf, lot.Quantity, lot.Uom, 1, null));
                    }
                }
                break;
        }
        return stored is null ? facts : facts.WithStoredForms(stored);
    }

    /// <summary>The same facts with identifiers in their stored forms where those differ from the canonical ones.</summary>
    private LineageFacts WithStoredForms(Dictionary<string, string> stored)
    {
        string S(string id) => stored.GetValueOrDefault(id, id);
        var facts = new LineageFacts { Info = Info with { Identifiers = Info.Identifiers.Select(i => i with { Id = S(i.Id) }).ToList() } };
        facts.Edges.AddRange(Edges.Select(x => x with { Src = S(x.Src), Dst = S(x.Dst) }));
        facts.Presence.AddRange(Presence.Select(p => p with { Node = S(p.Node) }));
        facts.Places.AddRange(Places);
        return facts;
    }

    /// <summary>The action as a trace shows it; the events row holds the same number (null for none).</summary>
    internal static string? ActionName(long? action) => action switch { 1 => "OBSERVE", 2 => "ADD", 3 => "DELETE", _ => null };

    internal static string? ShortBizStep(string? uri) => Short(uri, "BizStep-");

    internal static string? ShortDisposition(string? uri) => Short(uri, "Disp-");

    private static string? Short(string? uri, string cbvClass) =>
        uri is null ? null : uri.StartsWith(EpcisContext.CbvNamespace + cbvClass, StringComparison.Ordinal) ? uri[(EpcisContext.CbvNamespace.Length + cbvClass.Length)..] : uri;

    private static (string Canonical, string Stored) FormsOf(string id, Dictionary<string, (string Canonical, string Stored)> forms)
    {
        if (!forms.TryGetValue(id, out var f))
        {
            var canonical = IdentifierConverter.Canonicalise(id, out var reversible);
            forms[id] = f = (canonical, reversible ? id : canonical);
        }
        return f;
    }

    private static void AddPlace(List<string> places, string? place)
    {
        if (place is not null && !places.Contains(place))
        {
            places.Add(place);
        }
    }

    /// <summary>The event's references of one kind (canonical when a dictionary is given); most events have none.</summary>
    private static IReadOnlyList<LineagePlace> Typed(IndexedEvent e, RefKind kind, Dictionary<string, (string Canonical, string Stored)>? forms)
    {
        List<LineagePlace>? found = null;
        foreach (var r in e.Refs)
        {
            if (r.Kind == kind)
            {
                (found ??= []).Add(new LineagePlace(ShortType(r.Qualifier), forms is null ? r.Value : FormsOf(r.Value, forms).Canonical));
            }
        }
        return found ?? (IReadOnlyList<LineagePlace>)[];
    }

    private static string? ShortType(string? type)
    {
        if (type is null)
        {
            return null;
        }
        var dash = type.StartsWith(EpcisContext.CbvNamespace, StringComparison.Ordinal) ? type.IndexOf('-', EpcisContext.CbvNamespace.Length) : -1;
        return dash > 0 ? type[(dash + 1)..] : type;
    }

    private static bool IsPlaceType(string? type) => type is "location" or "owning_party" or "possessing_party";

    internal static string SdtType(string shortName) => SdtPrefix + shortName;
}
