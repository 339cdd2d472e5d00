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

    /// <summary>EPC URNs and Digital Links → canonical Digital Link (id.gs1.org, primary key and key qualifiers only); anything else unchanged.</summary>
    public static string Canonicalise(string id)
    {
        if (id.StartsWith("urn:epc:", StringComparison.Ordinal))
        {
            return EpcUriToDigitalLink(id) ?? id;
        }
        if (id.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || id.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (IsCanonical(id, out _))
            {
                return id;
            }
            var parsed = DigitalLink.Parse(id, Lenient);
            return parsed.Success ? CanonicalUri(parsed.Value!.Path) : id;
        }
        return id;
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
