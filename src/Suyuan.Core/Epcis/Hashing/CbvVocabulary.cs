using System.Collections.Frozen;
using System.Text.Json;

namespace Suyuan.Core.Epcis.Hashing;

/// <summary>
/// The bare-word values the GS1 EPCIS context maps to CBV / GS1 web vocabulary IRIs ("shipping" →
/// https://ref.gs1.org/cbv/BizStep-shipping), per vocabulary-typed field, read from the embedded context.
/// </summary>
internal static class CbvVocabulary
{
    public const string BizStep = "bizStep";
    public const string Disposition = "disposition";
    public const string PersistentDispositionSet = "persistentDisposition/set";
    public const string PersistentDispositionUnset = "persistentDisposition/unset";
    public const string BizTransactionType = "bizTransactionList/type";
    public const string SourceType = "sourceList/type";
    public const string DestinationType = "destinationList/type";
    public const string MeasurementType = "sensorReport/type";
    public const string SensorException = "sensorReport/exception";
    public const string Component = "sensorReport/component";

    private static readonly Lazy<FrozenDictionary<string, FrozenDictionary<string, string>>> Tables = new(Load);

    private static readonly (string Urn, string Web)[] CbvUrns =
    [
        ("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"),
        ("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"),
        ("urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"),
        ("urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"),
        ("urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-"),
    ];

    /// <summary>The web vocabulary IRI of a bare value of the given field, or null when the context does not define it.</summary>
    public static string? Expand(string field, string bare) =>
        Tables.Value.TryGetValue(field, out var table) && table.TryGetValue(bare, out var iri) ? iri : null;

    /// <summary>CBV 1.x URN vocabulary (urn:epcglobal:cbv:bizstep:shipping) → CBV 2.0 web URI; null when not one.</summary>
    public static string? FromCbvUrn(string value)
    {
        if (!value.StartsWith("urn:epcglobal:cbv:", StringComparison.Ordinal))
        {
            return null;
        }
        foreach (var (urn, web) in CbvUrns)
        {
            if (value.StartsWith(urn, StringComparison.Ordinal))
            {
                return string.Concat(web, value.AsSpan(urn.Length));
            }
        }
        return null;
    }

    private static FrozenDictionary<string, FrozenDictionary<string, string>> Load()
    {
        using var doc = JsonDocument.Parse(StandardsData.Open(StandardsData.EpcisContext));
        var root = doc.RootElement.GetProperty("@context");
        var prefixes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in root.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { } ns && ns.Length > 0 && ns[^1] is '/' or ':' or '#')
            {
                prefixes[p.Name] = ns;
            }
        }
        var tables = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Walk(root, parent: "", inherited: [], prefixes, tables);
        return tables.ToFrozenDictionary(t => t.Key, t => t.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    // JSON-LD @vocab values resolve against the terms in scope: the enclosing scoped contexts plus the term's own.
    private static void Walk(JsonElement context, string parent, Dictionary<string, string> inherited, Dictionary<string, string> prefixes,
        Dictionary<string, Dictionary<string, string>> tables)
    {
        var inScope = new Dictionary<string, string>(inherited, StringComparer.Ordinal);
        AddVocabularyTerms(context, prefixes, inScope);
        foreach (var term in Objects(context))
        {
            foreach (var p in term.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                var scoped = p.Value.TryGetProperty("@context", out var s) ? s : default;
                if (p.Value.TryGetProperty("@type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "@vocab")
                {
                    var table = new Dictionary<string, string>(inScope, StringComparer.Ordinal);
                    if (scoped.ValueKind != JsonValueKind.Undefined)
                    {
                        AddVocabularyTerms(scoped, prefixes, table);
                    }
                    tables[parent.Length == 0 ? p.Name : $"{parent}/{p.Name}"] = table;
                }
                else if (scoped.ValueKind != JsonValueKind.Undefined)
                {
                    Walk(scoped, p.Name, inScope, prefixes, tables);
                }
            }
        }
    }

    private static void AddVocabularyTerms(JsonElement context, Dictionary<string, string> prefixes, Dictionary<string, string> into)
    {
        foreach (var obj in Objects(context))
        {
            foreach (var p in obj.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { } curie)
                {
                    continue;
                }
                var colon = curie.IndexOf(':');
                if (colon > 0 && prefixes.TryGetValue(curie[..colon], out var ns))
                {
                    var iri = ns + curie[(colon + 1)..];
                    // Only CBV and GS1 web vocabulary values are vocabulary terms; epcis: terms are the schema's own names.
                    if (iri.StartsWith(EpcisContext.CbvNamespace, StringComparison.Ordinal) || iri.StartsWith("https://gs1.org/voc/", StringComparison.Ordinal))
                    {
                        into[p.Name] = iri;
                    }
                }
            }
        }
    }

    private static IEnumerable<JsonElement> Objects(JsonElement context)
    {
        if (context.ValueKind == JsonValueKind.Object)
        {
            yield return context;
        }
        else if (context.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in context.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    yield return item;
                }
            }
        }
    }
}
