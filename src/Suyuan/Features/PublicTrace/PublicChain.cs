using System.Globalization;
using System.Text.Json;
using Suyuan.Storage;
using Suyuan.Storage.Lineage;
using Suyuan.Storage.Query;
using Suyuan.Storage.Recalls;

namespace Suyuan.Features.PublicTrace;

internal sealed record PublicFact(string Name, string Zh, string En, string Value);

/// <summary>A certificate, licence or check found on the chain, with its public members only.</summary>
internal sealed record PublicDocument(string Name, string Zh, string En, string? Number, IReadOnlyList<PublicFact> Facts, DateTimeOffset Time, string? Place);

/// <summary>One step of the chain as a shopper reads it: when, what (in words), where and by whom (by name where the chain names them).</summary>
internal sealed record PublicStep(DateTimeOffset Time, string? BizStep, string StepZh, string StepEn, string? Place, string? Location,
    string? DispositionZh, string? DispositionEn, IReadOnlyList<string> Papers, IReadOnlyList<string> PapersEn);

internal sealed record PublicRecall(string Reason, string Department, DateTimeOffset StartedAt, string Id);

/// <summary>The public view of a code: product, producer, origin, certificates, checks, the chain and any recall. Public fields only.</summary>
internal sealed record PublicChain(string Code, string Id, string Kind, string? ProductName, string? Gtin, string? Producer, IReadOnlyList<string> Origins,
    IReadOnlyList<PublicFact> Product, IReadOnlyList<PublicFact> Retail, IReadOnlyList<PublicDocument> Certificates, IReadOnlyList<PublicDocument> Inspections,
    IReadOnlyList<PublicStep> Chain, bool Recalled, IReadOnlyList<PublicRecall> Recalls);

/// <summary>
/// Reads the public view of one canonical identifier: the backward trace, narrowed to the goods' own custody path (a lot's other buyers
/// and other receipts never show), and of each event only the allow-listed fields of <see cref="PublicFields"/>.
/// </summary>
internal static class PublicChainReader
{
    private static readonly HashSet<string> Sales = new(["retail_selling", "dispensing"], StringComparer.Ordinal);

    public static async Task<PublicChain?> ReadAsync(string code, string canonical, IEventStore store, CancellationToken ct)
    {
        var lineage = LineageStore.Of(store);
        if (!await lineage.IsKnownAsync(canonical, ct))
        {
            return null;
        }
        var trace = await lineage.TraceAsync([(canonical, null)], TraceDirection.Backward, ct: ct);
        // A receipt's trace code stands for the goods sold with it (the lot in the same event's quantityList): trace those too.
        var soldWith = trace.Events.Where(e => e.Event.Identifiers.Any(i => i.Id == canonical))
            .SelectMany(e => e.Event.Identifiers).Select(i => i.Id)
            .Where(id => id != canonical && IdentifierKinds.Of(id) is "lot" or "item").Distinct(StringComparer.Ordinal).ToList();
        if (soldWith.Count > 0 && !trace.Lots.Any(l => soldWith.Contains(l.Id)))
        {
            trace = await lineage.TraceAsync([(canonical, null), .. soldWith.Select(id => (id, (DateTimeOffset?)null))], TraceDirection.Backward, ct: ct);
        }
        var bodies = await BodiesAsync(store, trace.Events.Select(e => e.Event.EventId).ToList(), ct);
        var events = trace.Events.Where(e => bodies.ContainsKey(e.Event.EventId))
            .Select(e => RawEvent.From(e, bodies[e.Event.EventId])).ToList();
        var kind = IdentifierKinds.Of(canonical);
        var kept = Custody(canonical, kind, events);
        var names = Names(kept);

        var product = new List<PublicFact>();
        var retail = new List<PublicFact>();
        var documents = new Dictionary<(string, string?), PublicDocument>();
        var inspections = new List<PublicDocument>();
        var origins = new List<string>();
        string? productName = null;
        var steps = new List<PublicStep>();
        var producerEvent = kept.Where(e => e.Traced.Event.Type == "TransformationEvent").MaxBy(e => e.Traced.Event.Time)
            ?? kept.Where(e => e.Traced.Event.BizStep == "commissioning").MinBy(e => e.Traced.Event.Time);
        var madeAt = producerEvent?.Traced.Event.Time ?? DateTimeOffset.MinValue;
        foreach (var e in kept.OrderBy(e => e.Traced.Event.Time))
        {
            var place = e.LocationKey is { } key && names.TryGetValue(key, out var name) ? name : null;
            var papers = new List<string>();
            var papersEn = new List<string>();
            foreach (var (field, value) in e.Fields)
            {
                if (!PublicFields.All.TryGetValue(field, out var spec))
                {
                    continue;
                }
                var facts = Facts(spec, value);
                switch (spec.Use)
                {
                    // Facts of raw materials (a raw milk lot's milking date) are not the product's, but an origin upstream is.
                    case FieldUse.Product when value.ValueKind != JsonValueKind.Object && (e.Traced.Event.Time >= madeAt || field == "origin"):
                        var text = Text(value);
                        if (field == "productName")
                        {
                            productName = text;
                        }
                        else if (field == "origin")
                        {
                            origins.Add(text);
                        }
                        Upsert(product, new PublicFact(field, spec.Label.Zh, spec.Label.En, text));
                        break;
                    case FieldUse.Retail when e.Traced.Event.Identifiers.Any(i => i.Id == canonical):
                        if (value.ValueKind == JsonValueKind.Object)
                        {
                            facts.ForEach(f => Upsert(retail, f));
                        }
                        break;
                    case FieldUse.Document:
                        var number = value.ValueKind == JsonValueKind.Object
                            ? facts.FirstOrDefault(f => f.Name == spec.NumberMember)?.Value
                            : Text(value);
                        if (value.ValueKind == JsonValueKind.Object && facts.FirstOrDefault(f => f.Name == "origin") is { } origin)
                        {
                            origins.Add(origin.Value);
                        }
                        // The kind beside the label, unless it says the label again (承诺达标合格证（承诺达标合格证）).
                        var zh = value.ValueKind == JsonValueKind.Object && facts.FirstOrDefault(f => f.Name == "kind") is { } k && k.Value != spec.Label.Zh
                            ? $"{spec.Label.Zh}（{k.Value}）" : spec.Label.Zh;
                        documents.TryAdd((spec.Label.Zh, number), new PublicDocument(field, zh, spec.Label.En, number, facts.Where(f => f.Name != spec.NumberMember && f.Name != "kind").ToList(), e.Traced.Event.Time, place));
                        papers.Add(number is null ? spec.Label.Zh : $"{spec.Label.Zh} {number}");
                        papersEn.Add(number is null ? spec.Label.En : $"{spec.Label.En} {number}");
                        break;
                    case FieldUse.Inspection when value.ValueKind == JsonValueKind.Object:
                        inspections.Add(new PublicDocument(field, spec.Label.Zh, spec.Label.En, null, facts, e.Traced.Event.Time, place));
                        papers.Add(spec.Label.Zh);
                        papersEn.Add(spec.Label.En);
                        break;
                }
            }
            var step = PublicVocabulary.BizStep(e.Traced.Event.BizStep, e.Traced.Event.Type);
            var disposition = PublicVocabulary.Disposition(e.Traced.Event.Disposition);
            if (e.Traced.Event.BizStep == "inspecting" && disposition is not null)
            {
                inspections.Add(new PublicDocument("inspecting", "检验检疫", "Inspection", null,
                    [new PublicFact("result", "结论", "Result", disposition.Zh)], e.Traced.Event.Time, place));
            }
            steps.Add(new PublicStep(e.Traced.Event.Time, PublicVocabulary.PublicBizStep(e.Traced.Event.BizStep), step.Zh, step.En, place, Gln(e.Traced.Event.BizLocation ?? e.Traced.Event.ReadPoint),
                disposition?.Zh, disposition?.En, papers, papersEn));
        }

        var producer = producerEvent?.LocationKey is { } producerKey && names.TryGetValue(producerKey, out var producerName) ? producerName
            : product.FirstOrDefault(f => f.Name is "maker" or "licenceHolder")?.Value;
        var gtin = IdentifierKinds.Gtin(canonical) ?? trace.Lots.Select(l => IdentifierKinds.Gtin(l.Id)).LastOrDefault(g => g is not null);

        var subjects = trace.Lots.Select(l => l.Id).Concat(trace.Containers.Select(c => c.Id)).Append(canonical).ToHashSet(StringComparer.Ordinal);
        var recalls = (await RecallRegistry.Of(store).ActiveForAsync(subjects, ct))
            .Select(r => new PublicRecall(r.Reason, r.Department, r.StartedAt, r.Subject)).ToList();
        return new PublicChain(code, canonical, kind, productName, gtin, producer, origins.Distinct(StringComparer.Ordinal).ToList(), product, retail,
            documents.Values.OrderBy(d => d.Time).ToList(), inspections, steps, recalls.Count > 0, recalls);
    }

    /// <summary>
    /// The goods' own path, walked from the newest event back: an event counts when it happened where the goods were (its business
    /// location is in custody) or, when it moved goods, when it moved them to a place in custody; each kept event brings its sources
    /// and location into custody. Sales are kept only when they name the code itself.
    /// </summary>
    private static List<RawEvent> Custody(string canonical, string kind, List<RawEvent> events)
    {
        var own = events.Where(e => e.Traced.Event.Identifiers.Any(i => i.Id == canonical)).OrderBy(e => e.Traced.Event.Time).ToList();
        // A lot's own later events include its shipments to every buyer: start from where it was made, not where it went.
        var seeds = (kind is "lot" or "product" ? own.Take(1) : own).ToHashSet();
        var latestSeed = seeds.Count == 0 ? DateTimeOffset.MaxValue : seeds.Max(s => s.Traced.Event.Time);
        var custody = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in seeds)
        {
            Bring(seed, custody);
        }
        var kept = new List<RawEvent>();
        foreach (var e in events.OrderByDescending(e => e.Traced.Event.Time))
        {
            bool keep;
            if (seeds.Contains(e))
            {
                keep = true;
            }
            else if (e.Traced.Event.Time > latestSeed || (e.Traced.Event.BizStep is { } b && Sales.Contains(b)))
            {
                keep = false;
            }
            else if (e.DestinationKeys.Count > 0)
            {
                keep = e.DestinationKeys.Any(custody.Contains);
            }
            else
            {
                keep = e.LocationKey is not null && custody.Contains(e.LocationKey);
            }
            if (keep)
            {
                kept.Add(e);
                Bring(e, custody);
            }
        }
        return kept;
    }

    private static void Bring(RawEvent e, HashSet<string> custody)
    {
        if (e.LocationKey is not null)
        {
            custody.Add(e.LocationKey);
        }
        custody.UnionWith(e.SourceKeys);
    }

    /// <summary>Enterprise names by company, from the public fields that name the enterprise at a place (issuer, market, maker, supplier).</summary>
    private static Dictionary<string, string> Names(List<RawEvent> kept)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in kept)
        {
            foreach (var (field, value) in e.Fields)
            {
                if (e.LocationKey is { } here && PublicFields.NamesAtLocation.TryGetValue(field, out var member) && Member(value, member) is { } atHere)
                {
                    names.TryAdd(here, atHere);
                }
                else if (e.LocationKey is { } made && PublicFields.MakerFields.Contains(field) && value.ValueKind == JsonValueKind.String)
                {
                    names.TryAdd(made, value.GetString()!);
                }
                else if (field == "marketEntry" && e.SourceKeys.FirstOrDefault() is { } from && (Member(value, "supplier") ?? Member(value, "seller")) is { } supplier)
                {
                    names.TryAdd(from, supplier);
                }
            }
        }
        return names;
    }

    private static string? Member(JsonElement value, string member) =>
        value.ValueKind == JsonValueKind.Object && RawEvent.Members(value, null).FirstOrDefault(m => m.Name == member) is { Name: not null } found
            && found.Value.ValueKind == JsonValueKind.String ? found.Value.GetString() : null;

    private static List<PublicFact> Facts(PublicField spec, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || spec.Members is null)
        {
            return [];
        }
        var facts = new List<PublicFact>();
        foreach (var (name, member) in RawEvent.Members(value, null))
        {
            if (name is not null && spec.Members.TryGetValue(name, out var label))
            {
                facts.Add(new PublicFact(name, label.Zh, label.En, Text(member)));
            }
        }
        return facts;
    }

    private static void Upsert(List<PublicFact> facts, PublicFact fact)
    {
        var at = facts.FindIndex(f => f.Name == fact.Name);
        if (at >= 0)
        {
            facts[at] = fact; // the step nearest the shopper wins
        }
        else
        {
            facts.Add(fact);
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array => string.Join("；", value.EnumerateArray().Select(Text)),
        _ => "",
    };

    /// <summary>A GLN to show when a place has no public name.</summary>
    private static string? Gln(string? canonicalLocation) => canonicalLocation is null ? null : IdentifierKinds.Gln(canonicalLocation);

    private static bool IsDeclaration(ReadOnlyMemory<byte> json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("errorDeclaration", out _);
    }

    private static async Task<Dictionary<string, (byte[] Json, string? Context)>> BodiesAsync(IEventStore store, IReadOnlyList<string> eventIds, CancellationToken ct)
    {
        var bodies = new Dictionary<string, (byte[], string?)>(StringComparer.Ordinal);
        foreach (var chunk in eventIds.Distinct(StringComparer.Ordinal).Chunk(1_000))
        {
            var parsed = EpcisQuery.Parse([
                new KeyValuePair<string, string>("EQ_eventID", string.Join('|', chunk)),
                // An eventID may have a second row, its error declaration: room for both.
                new KeyValuePair<string, string>("perPage", (2 * chunk.Length).ToString(CultureInfo.InvariantCulture)),
            ]);
            if (parsed.Query is null)
            {
                continue;
            }
            var page = await store.QueryAsync(parsed.Query, ct);
            await foreach (var stored in page.Events.WithCancellation(ct))
            {
                // The event itself, not its error declaration, is the body the chain shows.
                if (!bodies.ContainsKey(stored.EventId) || !IsDeclaration(stored.Json))
                {
                    bodies[stored.EventId] = (stored.Json.ToArray(), stored.Context);
                }
            }
        }
        return bodies;
    }
}

/// <summary>An event's raw JSON, read for the platform's extension fields and the companies of its places.</summary>
internal sealed class RawEvent
{
    private RawEvent(TracedEvent traced) => Traced = traced;

    public TracedEvent Traced { get; }

    /// <summary>Company of the business location (the GS1 company prefix of an SGLN, else the location id).</summary>
    public string? LocationKey { get; private init; }

    public IReadOnlyList<string> SourceKeys { get; private init; } = [];

    public IReadOnlyList<string> DestinationKeys { get; private init; } = [];

    /// <summary>The platform's extension fields by local name: ILMD first, then the event's own.</summary>
    public IReadOnlyList<(string Name, JsonElement Value)> Fields { get; private init; } = [];

    public static RawEvent From(TracedEvent traced, (byte[] Json, string? Context) body)
    {
        var prefixes = Prefixes(body.Context);
        var root = JsonDocument.Parse(body.Json).RootElement.Clone();
        var fields = new List<(string, JsonElement)>();
        if (root.TryGetProperty("ilmd", out var ilmd) && ilmd.ValueKind == JsonValueKind.Object)
        {
            fields.AddRange(Members(ilmd, prefixes).Where(m => m.Name is not null).Select(m => (m.Name!, m.Value)));
        }
        fields.AddRange(Members(root, prefixes).Where(m => m.Name is not null).Select(m => (m.Name!, m.Value)));
        return new RawEvent(traced)
        {
            LocationKey = root.TryGetProperty("bizLocation", out var location) && location.ValueKind == JsonValueKind.Object
                && location.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? CompanyKey(id.GetString()!) : null,
            SourceKeys = Places(root, "sourceList", "source"),
            DestinationKeys = Places(root, "destinationList", "destination"),
            Fields = fields,
        };
    }

    /// <summary>Members of an object by local name: an extension (prefix:name or full IRI) in the platform's namespace, or a bare name inside one.</summary>
    public static IEnumerable<(string? Name, JsonElement Value)> Members(JsonElement obj, IReadOnlyDictionary<string, string>? prefixes)
    {
        foreach (var p in obj.EnumerateObject())
        {
            yield return (LocalName(p.Name, prefixes), p.Value);
        }
    }

    private static string? LocalName(string name, IReadOnlyDictionary<string, string>? prefixes)
    {
        if (name.StartsWith(PublicFields.Namespace, StringComparison.Ordinal))
        {
            return name[PublicFields.Namespace.Length..];
        }
        var colon = name.IndexOf(':');
        if (colon > 0)
        {
            // Nested members are read with the document's prefixes unknown (null): any prefix there belongs to the field already admitted.
            return prefixes is null || (prefixes.TryGetValue(name[..colon], out var iri) && iri == PublicFields.Namespace) ? name[(colon + 1)..] : null;
        }
        return prefixes is null ? name : null;
    }

    private static Dictionary<string, string> Prefixes(string? context) => Storage.Indexing.StoredContextText.Read(context);

    private static List<string> Places(JsonElement root, string list, string member)
    {
        var keys = new List<string>();
        if (root.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.String)
                {
                    keys.Add(CompanyKey(v.GetString()!));
                }
            }
        }
        return keys;
    }

    /// <summary>urn:epc:id:sgln:6901234.00002.0 and urn:epc:id:pgln:6901234.00000 are the same company: key both by 6901234.</summary>
    public static string CompanyKey(string id)
    {
        foreach (var scheme in (string[])["urn:epc:id:sgln:", "urn:epc:id:pgln:"])
        {
            if (id.StartsWith(scheme, StringComparison.Ordinal) && id.IndexOf('.', scheme.Length) is var dot and > 0)
            {
                return id[scheme.Length..dot];
            }
        }
        return id;
    }
}
