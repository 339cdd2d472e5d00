using System.Text.Json;

namespace Suyuan.Core.Epcis;

/// <summary>
/// The resolved JSON-LD <c>@context</c> of an EPCIS document: the GS1 context (resolved offline) plus the
/// document's own prefixes and terms. Enough JSON-LD to expand keys and values to IRIs, which is all EPCIS needs.
/// </summary>
public sealed class EpcisContext
{
    public const string EpcisNamespace = "https://ref.gs1.org/epcis/";
    public const string CbvNamespace = "https://ref.gs1.org/cbv/";

    /// <summary>The URL of the GS1 EPCIS 2.0 JSON-LD context, as documents name it.</summary>
    public const string StandardContextUrl = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    /// <summary>Context URLs that resolve to the GS1 EPCIS 2.0 context without the network.</summary>
    public static readonly IReadOnlySet<string> KnownContextUrls = new HashSet<string>(StringComparer.Ordinal)
    {
        "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
        "https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
        "https://gs1.github.io/EPCIS/epcis-context.jsonld",
        "https://gs1.github.io/EPCIS/epcis-context-simple.jsonld",
    };

    private static readonly Lazy<(Dictionary<string, string> Prefixes, HashSet<string> Terms)> Standard = new(LoadStandard);

    private readonly Dictionary<string, string> _prefixes;
    private readonly Dictionary<string, string> _terms;

    private EpcisContext(Dictionary<string, string> prefixes, Dictionary<string, string> terms, IReadOnlyList<string> urls,
        IReadOnlyList<RemoteContext>? remote = null)
    {
        _prefixes = prefixes;
        _terms = terms;
        ContextUrls = urls;
        RemoteContexts = remote ?? [];
    }

    /// <summary>The GS1 context alone, for events given without a document.</summary>
    public static EpcisContext Default { get; } = new(new(Standard.Value.Prefixes, StringComparer.Ordinal), new(StringComparer.Ordinal), [KnownContextUrlsFirst()]);

    /// <summary>The context URLs the document named, in order.</summary>
    public IReadOnlyList<string> ContextUrls { get; }

    /// <summary>
    /// Contexts named by URL that are not resolved: a document may name its own vocabulary's context beside the GS1 one
    /// (JSON-LD allows any number), and this repository resolves none over the network. The document is taken; what such a
    /// context defines is unknown here, so names that need it stay as written (and draw the undeclared-prefix warning), and
    /// the URL is kept with the events so they come back naming it.
    /// </summary>
    public IReadOnlyList<RemoteContext> RemoteContexts { get; }

    /// <summary>Prefix → namespace IRI, standard ones first, then the document's.</summary>
    public IReadOnlyDictionary<string, string> Prefixes => _prefixes;

    /// <summary>Terms the document defined itself (name → IRI).</summary>
    public IReadOnlyDictionary<string, string> Terms => _terms;

    /// <summary>True for the names the GS1 EPCIS context defines (eventTime, bizStep, …).</summary>
    public static bool IsStandardTerm(string name) => Standard.Value.Terms.Contains(name);

    /// <summary>Reads the <c>@context</c> of a document or event. A missing context is an error in EPCIS 2.0 JSON-LD.</summary>
    public static EpcisContext FromDocument(JsonElement document, bool contextRequired = true)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new EpcisFormatException("", "an EPCIS document must be a JSON object");
        }
        if (!document.TryGetProperty("@context", out var context))
        {
            if (contextRequired)
            {
                throw new EpcisFormatException("/@context", "@context is missing; an EPCIS 2.0 JSON-LD document must name the GS1 EPCIS context");
            }
            return Default;
        }
        return Parse(context, "/@context");
    }

    /// <summary>Parses a <c>@context</c> value (string, object or array of them).</summary>
    public static EpcisContext Parse(JsonElement context, string pointer = "/@context")
    {
        var prefixes = new Dictionary<string, string>(Standard.Value.Prefixes, StringComparer.Ordinal);
        var terms = new Dictionary<string, string>(StringComparer.Ordinal);
        var urls = new List<string>();
        var remote = new List<RemoteContext>();
        var remoteUrls = new HashSet<string>(StringComparer.Ordinal);
        switch (context.ValueKind)
        {
            case JsonValueKind.Array:
                var i = 0;
                var named = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in context.EnumerateArray())
                {
                    CheckUnique(item, i, pointer, named);
                    AddEntry(item, $"{pointer}/{i++}", prefixes, terms, urls, remote, remoteUrls);
                }
                break;
            default:
                AddEntry(context, pointer, prefixes, terms, urls, remote, remoteUrls);
                break;
        }
        if (urls.Count == 0)
        {
            throw new EpcisFormatException(pointer, "@context does not name the GS1 EPCIS 2.0 context (https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld)");
        }
        return new EpcisContext(prefixes, terms, urls, remote);
    }

    /// <summary>
    /// This context with an event's own <c>@context</c> applied on top (JSON-LD scoping): its prefixes and terms win,
    /// and unlike a document context it need not name the GS1 context again.
    /// </summary>
    public EpcisContext Extend(JsonElement localContext, string pointer)
    {
        var prefixes = new Dictionary<string, string>(_prefixes, StringComparer.Ordinal);
        var terms = new Dictionary<string, string>(_terms, StringComparer.Ordinal);
        var urls = new List<string>(ContextUrls);
        var remote = new List<RemoteContext>(RemoteContexts);
        var remoteUrls = RemoteContexts.Select(r => r.Url).ToHashSet(StringComparer.Ordinal);
        if (localContext.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            var named = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in localContext.EnumerateArray())
            {
                CheckUnique(item, i, pointer, named);
                AddEntry(item, $"{pointer}/{i++}", prefixes, terms, urls, remote, remoteUrls);
            }
        }
        else
        {
            AddEntry(localContext, pointer, prefixes, terms, urls, remote, remoteUrls);
        }
        return new EpcisContext(prefixes, terms, urls, remote);
    }

    /// <summary>The schema's <c>uniqueItems</c> for a context array: a URL named twice in one array is refused at its second place.</summary>
    private static void CheckUnique(JsonElement item, int index, string pointer, HashSet<string> named)
    {
        if (item.ValueKind == JsonValueKind.String && !named.Add(item.GetString()!))
        {
            throw new EpcisFormatException($"{pointer}/{index}", $"@context names '{item.GetString()}' twice: the items of a context array are unique (EPCIS JSON schema)");
        }
    }

    private static void AddEntry(JsonElement item, string pointer, Dictionary<string, string> prefixes, Dictionary<string, string> terms, List<string> urls,
        List<RemoteContext> remote, HashSet<string> remoteUrls)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.String:
                var url = item.GetString()!;
                if (KnownContextUrls.Contains(NormaliseUrl(url)))
                {
                    urls.Add(url);
                }
                else if ((url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                    && Validation.SemanticRules.IriCharacterProblem(url) is null)
                {
                    // One an event's own context names again after its document is kept once, where the document named it.
                    if (remoteUrls.Add(url))
                    {
                        remote.Add(new RemoteContext(pointer, url));
                    }
                }
                else
                {
                    throw new EpcisFormatException(pointer, $"@context '{url}' is not a context's URL: name contexts by their absolute http(s) URL");
                }
                break;
            case JsonValueKind.Object:
                foreach (var p in item.EnumerateObject())
                {
                    if (p.Name.StartsWith('@'))
                    {
                        continue;
                    }
                    string? iri = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString(),
                        JsonValueKind.Object when p.Value.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString(),
                        // A compact-IRI key with only @type (e.g. "ex:weight": {"@type": "xsd:decimal"}) names itself.
                        JsonValueKind.Object when p.Name.Contains(':') => p.Name,
                        _ => null,
                    };
                    if (iri is null)
                    {
                        throw new EpcisFormatException($"{pointer}/{EscapePointer(p.Name)}", $"@context entry '{p.Name}' must map to an IRI");
                    }
                    if (IsNamespaceIri(iri))
                    {
                        prefixes[p.Name] = iri;
                    }
                    else
                    {
                        terms[p.Name] = iri;
                    }
                }
                break;
            default:
                throw new EpcisFormatException(pointer, "@context entries must be URLs or objects");
        }
    }

    /// <summary>
    /// Expands a JSON key or CURIE to an absolute IRI: <c>example:foo</c> → <c>http://ns.example.com/epcis/foo</c>.
    /// Standard EPCIS terms expand into the EPCIS namespace. Returns false for an undeclared prefix or a bare unknown name.
    /// </summary>
    public bool TryExpand(string name, out string iri)
    {
        if (_terms.TryGetValue(name, out var term))
        {
            return TryExpandIri(term, out iri);
        }
        var colon = name.IndexOf(':');
        if (colon > 0)
        {
            var prefix = name[..colon];
            if (_prefixes.TryGetValue(prefix, out var ns))
            {
                iri = ns + name[(colon + 1)..];
                return true;
            }
            if (IsAbsoluteIri(name))
            {
                iri = name;
                return true;
            }
            iri = name;
            return false;
        }
        if (IsStandardTerm(name))
        {
            iri = EpcisNamespace + name;
            return true;
        }
        iri = name;
        return false;
    }

    private bool TryExpandIri(string value, out string iri)
    {
        var colon = value.IndexOf(':');
        if (colon > 0 && _prefixes.TryGetValue(value[..colon], out var ns))
        {
            iri = ns + value[(colon + 1)..];
            return true;
        }
        iri = value;
        return IsAbsoluteIri(value);
    }

    /// <summary>The prefix to write for a namespace IRI, if the context declares one.</summary>
    public string? PrefixFor(string namespaceIri)
    {
        foreach (var (prefix, ns) in _prefixes)
        {
            if (ns == namespaceIri)
            {
                return prefix;
            }
        }
        return null;
    }

    /// <summary>Absolute IRI: a scheme (http, https, urn, or any RFC 3986 scheme followed by ':' and not a declared prefix).</summary>
    public static bool IsAbsoluteIri(string value) =>
        value.StartsWith("http://", StringComparison.Ordinal) || value.StartsWith("https://", StringComparison.Ordinal) ||
        value.StartsWith("urn:", StringComparison.Ordinal) || value.StartsWith("tag:", StringComparison.Ordinal) ||
        value.StartsWith("ni:", StringComparison.Ordinal);

    private static bool IsNamespaceIri(string iri) =>
        iri.Length > 0 && iri[^1] is '/' or '#' or ':' or '=' or '?';

    private static string NormaliseUrl(string url) =>
        url.StartsWith("http://", StringComparison.Ordinal) ? "https://" + url["http://".Length..] : url;

    internal static string EscapePointer(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string KnownContextUrlsFirst() => "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    private static (Dictionary<string, string>, HashSet<string>) LoadStandard()
    {
        var prefixes = new Dictionary<string, string>(StringComparer.Ordinal);
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in new[] { StandardsData.EpcisContext, StandardsData.EpcisContextSimple })
        {
            using var doc = JsonDocument.Parse(StandardsData.Open(resource));
            foreach (var p in doc.RootElement.GetProperty("@context").EnumerateObject())
            {
                if (p.Name.StartsWith('@'))
                {
                    continue;
                }
                if (p.Value.ValueKind == JsonValueKind.String && IsNamespaceIri(p.Value.GetString()!) && !p.Value.GetString()!.StartsWith('@'))
                {
                    prefixes.TryAdd(p.Name, p.Value.GetString()!);
                }
                else
                {
                    terms.Add(p.Name);
                }
                // Nested scoped contexts define more terms (e.g. sensorReport fields inside sensorElementList).
                if (p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("@context", out var scoped) && scoped.ValueKind == JsonValueKind.Object)
                {
                    foreach (var s in scoped.EnumerateObject())
                    {
                        if (!s.Name.StartsWith('@'))
                        {
                            terms.Add(s.Name);
                        }
                    }
                }
            }
        }
        return (prefixes, terms);
    }
}

/// <summary>A context a document names by URL that is not resolved here (<see cref="EpcisContext.RemoteContexts"/>), and where it was named.</summary>
public sealed record RemoteContext(string Pointer, string Url)
{
    /// <summary>The warning capture and validation give for it, at the place it was named.</summary>
    public ValidationProblem Warning => new(Pointer, Validation.SemanticRules.Context,
        $"the @context '{Url}' is not resolved (only the GS1 EPCIS 2.0 contexts are, offline): what it defines is unknown here, so names that need it are kept as written and not expanded for queries; it is kept with the events",
        IsWarning: true);
}
