using System.Text;

namespace Suyuan.Core.Identifiers;

/// <summary>Conversions between EPC URNs and GS1 Digital Link URIs, and the platform's one canonical form of an identifier.</summary>
public static class IdentifierConverter
{
    // Canonicalisation accepts what real documents carry: short names ("gtin") and zero-suppressed GTINs.
    private static readonly DigitalLinkOptions Lenient = new() { PermitConvenienceAlphas = true, PermitZeroSuppressedGtin = true };

    /// <summary>EPC pure-identity or class URN → canonical GS1 Digital Link URI on https://id.gs1.org; null when not convertible.</summary>
    public static string? EpcUriToDigitalLink(string epcUri)
    {
        var elements = EpcUri.ToElements(epcUri);
        return elements is null ? null : CanonicalUri(elements);
    }

    /// <summary>GS1 Digital Link URI (any host) → EPC URN; null when the key has no EPC URN form. Assumes a 7-digit company prefix.</summary>
    public static string? DigitalLinkToEpcUri(string uri) => DigitalLinkToEpcUri(uri, _ => EpcUri.DefaultCompanyPrefixLength);

    /// <summary>GS1 Digital Link URI → EPC URN, with the GS1 company prefix length of the key (given the primary key's value) from the caller.</summary>
    public static string? DigitalLinkToEpcUri(string uri, Func<string, int> companyPrefixLength)
    {
        var parsed = DigitalLink.Parse(uri, Lenient);
        if (!parsed.Success)
        {
            return null;
        }
        var path = parsed.Value!.Path;
        return EpcUri.FromElements(path, companyPrefixLength(path[0].Value));
    }

    /// <summary>
    /// The EPC URNs of a Digital Link, one for each GS1 company-prefix length (6 to 12) its key allows: every URN form an
    /// identifier may have been sent in. Empty when the key has no EPC URN form.
    /// </summary>
    public static IReadOnlyList<string> EpcUriForms(string uri)
    {
        IReadOnlyList<AiElement> path;
        if (IsCanonical(uri, out var elements))
        {
            path = elements;
        }
        else if (DigitalLink.Parse(uri, Lenient) is { Success: true } parsed)
        {
            path = parsed.Value!.Path;
        }
        else
        {
            return [];
        }
        var forms = new List<string>(7);
        for (var length = 6; length <= 12; length++)
        {
            if (SafeFromElements(path, length) is { } urn && !forms.Contains(urn))
            {
                forms.Add(urn);
            }
        }
        return forms;
    }

    /// <summary>
    /// What an EPC pattern (<c>urn:epc:idpat:scheme:…</c>, '*' for whole trailing fields) matches among canonical Digital
    /// Links on id.gs1.org: links equal to one of <see cref="PatternLinks.Exact"/> or starting with one of
    /// <see cref="PatternLinks.Prefixes"/>. Only the serial open (<c>sgtin:0614141.107346.*</c>): the class's link and
    /// everything below it. The company prefix alone (<c>sgtin:0614141.*.*</c>): the keys whose digits start with it, after
    /// the indicator or extension digit where the key has one (GS1 company prefixes are prefix-free, so no other company's
    /// key starts with the same digits). Everything open: the scheme's key. Empty for a scheme without a Digital Link.
    /// SGTINs and UPUIs share AI 01, so a GTIN pattern open beyond the item reference also covers UPUIs of that company.
    /// </summary>
    /// <param name="classes">Whether the pattern is matched against classes (a GTIN's lots) rather than instances.</param>
    public static PatternLinks DigitalLinkPattern(string idpat, bool classes = false)
    {
        const string Pattern = "urn:epc:idpat:";
        var none = new PatternLinks([], []);
        var colon = idpat.StartsWith(Pattern, StringComparison.Ordinal) ? idpat.IndexOf(':', Pattern.Length) : -1;
        if (colon < 0)
        {
            return none;
        }
        var scheme = idpat[Pattern.Length..colon];
        var fields = idpat[(colon + 1)..].Split('.');
        if (!PatternKeys.TryGetValue(scheme, out var key) || fields.Length != key.Fields)
        {
            return none;
        }
        var open = Array.IndexOf(fields, "*");
        if (open < 0 || fields.Skip(open).Any(f => f != "*"))
        {
            return none;
        }
        var root = "https://id.gs1.org/" + key.Ai + "/";
        if (open == 0)
        {
            return new([], [root]);
        }
        if (open == 1)
        {
            var prefix = fields[0];
            if (prefix.Length is < 6 or > 12 || !Gs1CheckDigit.IsAllDigits(prefix))
            {
                return none;
            }
            return key.LeadingDigit
                ? new([], [.. Enumerable.Range(0, 10).Select(d => root + key.Lead + (char)('0' + d) + prefix)])
                : new([], [root + key.Lead + prefix]);
        }
        if (open != fields.Length - 1)
        {
            return none;
        }
        // Only the last field open: the class's own link, and the links that add the open field to it.
        var classUrn = scheme == "sgln"
            ? "urn:epc:id:sgln:" + string.Join('.', fields[..^1]) + ".0"
            : idpat;
        if (EpcUriToDigitalLink(classUrn) is not { } link)
        {
            return none;
        }
        // A class pattern (MATCH_epcClass) of GTINs covers their lots; an instance pattern their serials.
        var below = classes && key.Ai == "01" ? "10" : key.Serial;
        return below is null ? new([], [link]) : new([link], [link + "/" + below + "/"]);
    }

    /// <summary>The Digital Link key of each pattern scheme: its AI, its number of fields, and what precedes the company prefix.</summary>
    /// <remarks>Serial: the AI of the last field when it is a key qualifier of its own; null when it is part of the key's value.</remarks>
    private static readonly Dictionary<string, (string Ai, int Fields, bool LeadingDigit, string Lead, string? Serial)> PatternKeys = new(StringComparer.Ordinal)
    {
        ["sgtin"] = ("01", 3, true, "", "21"),
        ["upui"] = ("01", 3, true, "", "235"),
        ["sscc"] = ("00", 2, true, "", null),
        ["sgln"] = ("414", 3, false, "", "254"),
        ["pgln"] = ("417", 2, false, "", null),
        ["grai"] = ("8003", 3, false, "0", null),
        ["giai"] = ("8004", 2, false, "", null),
        ["gsrn"] = ("8018", 2, false, "", null),
        ["gsrnp"] = ("8017", 2, false, "", null),
        ["gsin"] = ("402", 2, false, "", null),
        ["gdti"] = ("253", 3, false, "", null),
        ["sgcn"] = ("255", 3, false, "", null),
        ["ginc"] = ("401", 2, false, "", null),
        ["cpi"] = ("8010", 3, false, "", "8011"),
        ["itip"] = ("8006", 5, true, "", "21"),
    };

    /// <summary>EPC URNs and Digital Links → canonical Digital Link (id.gs1.org, primary key and key qualifiers only); anything else unchanged.</summary>
    public static string Canonicalise(string id)
    {
        if (id.StartsWith("urn:epc:", StringComparison.OrdinalIgnoreCase))
        {
            if (EpcUriToDigitalLink(id) is { } link)
            {
                return link;
            }
            return LowerEpcScheme(id) is { } lowered && lowered != id ? EpcUriToDigitalLink(lowered) ?? lowered : id;
        }
        if (id.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || id.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (IsCanonical(id, out _))
            {
                return id;
            }
            var parsed = DigitalLink.Parse(id, Lenient);
            if (!parsed.Success && id.EndsWith('/') && id.AsSpan().IndexOfAny('?', '#') < 0)
            {
                // A path with a slash after its last value is the same link (…/414/0614141008889/).
                parsed = DigitalLink.Parse(id.TrimEnd('/'), Lenient);
            }
            return parsed.Success ? CanonicalUri(parsed.Value!.Path) : id;
        }
        return id;
    }

    /// <summary>
    /// An EPC URN with its scheme, namespace and kind in lower case (urn:EPC:id:sgln:… and urn:epc:ID:SGLN:… become
    /// urn:epc:id:sgln:…): the URN scheme and namespace are case-insensitive (RFC 8141), and the Tag Data Standard writes
    /// the kind in lower case only, so the spellings name one thing; what follows (a serial) keeps its case. The id itself
    /// when those are lower case already; null when there are not four parts.
    /// </summary>
    private static string? LowerEpcScheme(string id)
    {
        var end = 0;
        for (var colons = 0; colons < 4; colons++)
        {
            end = id.IndexOf(':', end) + 1;
            if (end == 0)
            {
                return null;
            }
        }
        return id.AsSpan(0, end).ContainsAnyInRange('A', 'Z') ? string.Concat(id[..end].ToLowerInvariant(), id.AsSpan(end)) : id;
    }

    /// <summary>
    /// <see cref="Canonicalise(string)"/>, and whether the id is an EPC URN that its canonical form converts back to exactly,
    /// given the URN's own company-prefix length (so either form can be recovered from the other).
    /// </summary>
    public static string Canonicalise(string id, out bool reversibleUrn)
    {
        reversibleUrn = false;
        if (!id.StartsWith("urn:epc:", StringComparison.Ordinal))
        {
            return Canonicalise(id);
        }
        var elements = EpcUri.ToElements(id);
        if (elements is null)
        {
            return id;
        }
        reversibleUrn = EpcUri.CompanyPrefixLength(id) is { } length && SafeFromElements(elements, length) == id;
        return CanonicalUri(elements);
    }

    /// <summary>
    /// Whether a URI is already in canonical form: read as "/AI/value" pairs on the canonical stem without the full parse
    /// and its checks, and written back the same. Canonicalising it by the full parse gives it back unchanged too (an
    /// invalid one is left as it is), so the two agree; this is the common case of stored identifiers, at a fraction of the cost.
    /// </summary>
    private static bool IsCanonical(string uri, out List<AiElement> elements)
    {
        elements = [];
        const string stem = DigitalLink.CanonicalStem + "/";
        if (!uri.StartsWith(stem, StringComparison.Ordinal) || uri.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            return false;
        }
        var segments = uri[stem.Length..].Split('/');
        if (segments.Length % 2 != 0)
        {
            return false;
        }
        for (var i = 0; i < segments.Length; i += 2)
        {
            var ai = segments[i];
            if (ai.Length is < 2 or > 4 || !Gs1CheckDigit.IsAllDigits(ai) || segments[i + 1].Length == 0)
            {
                return false;
            }
            elements.Add(new AiElement(ai, Uri.UnescapeDataString(segments[i + 1])));
        }
        return CanonicalUri(elements) == uri;
    }

    private static string? SafeFromElements(IReadOnlyList<AiElement> elements, int companyPrefixLength)
    {
        try
        {
            return EpcUri.FromElements(elements, companyPrefixLength);
        }
        catch (ArgumentOutOfRangeException)
        {
            // A key too short for that company-prefix length.
            return null;
        }
    }

    /// <summary>
    /// The CBV 2.0 event-hash form: https://id.gs1.org, key and qualifiers only, without the consumer product variant (22),
    /// and only the finest level (a serial drops the lot).
    /// </summary>
    internal static string CanonicalUri(IReadOnlyList<AiElement> path)
    {
        var hasSerial = false;
        for (var i = 0; i < path.Count; i++)
        {
            hasSerial |= path[i].Ai == "21";
        }
        var builder = Builder ??= new StringBuilder(128);
        builder.Clear().Append(DigitalLink.CanonicalStem);
        for (var i = 0; i < path.Count; i++)
        {
            var element = path[i];
            if (element.Ai == "22" || (element.Ai == "10" && hasSerial))
            {
                continue;
            }
            builder.Append('/').Append(element.Ai).Append('/');
            if (element.Ai == "01" && element.Value.Length < 14)
            {
                builder.Append('0', 14 - element.Value.Length);
            }
            AppendEscaped(builder, element.Value);
        }
        return builder.ToString();
    }

    // One builder per thread: canonical forms are built for every identifier of every captured event.
    [ThreadStatic]
    private static StringBuilder? Builder;

    // Escapes as the event-hash reference does: CSET 82 characters other than letters, digits and - . _ ' ; = are percent-encoded.
    private static void AppendEscaped(StringBuilder builder, string value)
    {
        if (!value.AsSpan().ContainsAnyExcept(Unescaped))
        {
            builder.Append(value);
            return;
        }
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (Unescaped.Contains(c))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2"));
            }
        }
    }

    private static readonly System.Buffers.SearchValues<char> Unescaped =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';=");
}

/// <summary>The canonical Digital Links an EPC pattern matches: these exactly, and any starting with one of the prefixes.</summary>
public sealed record PatternLinks(IReadOnlyList<string> Exact, IReadOnlyList<string> Prefixes);
