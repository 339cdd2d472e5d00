// TEMPORARY until IdentifierConverter lands: delete this file and point EventHash's single seam
// (PreHashWriter.CanonicalIdentifier) at IdentifierConverter.Canonicalise.
namespace Suyuan.Core.Epcis.Hashing;

/// <summary>
/// Just enough EPC URN / GS1 Digital Link canonicalisation for the event-hash vectors: EPC URNs (id, class, idpat)
/// and Digital Links on any host become https://id.gs1.org/ links with the primary key and its qualifiers only.
/// </summary>
internal static class TemporaryCanonicaliser
{
    private const string Root = "https://id.gs1.org/";

    /// <summary>The canonical Digital Link of an EPC URN or Digital Link; anything else comes back unchanged.</summary>
    public static string Canonicalise(string id)
    {
        if (id.StartsWith("urn:epc:", StringComparison.Ordinal))
        {
            return FromEpcUrn(id) ?? id;
        }
        if (id.StartsWith("https://", StringComparison.Ordinal) || id.StartsWith("http://", StringComparison.Ordinal))
        {
            return FromDigitalLink(id) ?? id;
        }
        return id;
    }

    private static string? FromEpcUrn(string urn)
    {
        string kind;
        string rest;
        if (urn.StartsWith("urn:epc:id:", StringComparison.Ordinal)) { kind = "id"; rest = urn["urn:epc:id:".Length..]; }
        else if (urn.StartsWith("urn:epc:class:", StringComparison.Ordinal)) { kind = "class"; rest = urn["urn:epc:class:".Length..]; }
        else if (urn.StartsWith("urn:epc:idpat:", StringComparison.Ordinal)) { kind = "idpat"; rest = urn["urn:epc:idpat:".Length..]; }
        else { return null; }

        var colon = rest.IndexOf(':');
        if (colon <= 0)
        {
            return null;
        }
        var scheme = rest[..colon];
        // The last component (serial, lot, asset reference) may itself contain dots.
        var count = scheme switch
        {
            "itip" => 5,
            "sscc" or "pgln" or "giai" or "ginc" or "gsrn" or "gsrnp" or "gsin" => 2,
            _ => 3,
        };
        var parts = rest[(colon + 1)..].Split('.', count);
        var cp = parts[0];
        if (cp.Length is < 6 or > 12 || !IsDigits(cp))
        {
            return null;
        }
        var pattern = kind == "idpat";
        if (pattern && parts[^1] != "*")
        {
            return null;
        }

        return (kind, scheme, parts.Length) switch
        {
            ("id", "sgtin", 3) => Gtin(cp, parts[1]) is { } g ? $"{Root}01/{g}/21/{Encode(parts[2])}" : null,
            ("idpat", "sgtin", 3) => Gtin(cp, parts[1]) is { } g ? $"{Root}01/{g}" : null,
            ("class", "lgtin", 3) => Gtin(cp, parts[1]) is { } g ? $"{Root}01/{g}/10/{Encode(parts[2])}" : null,
            ("id", "upui", 3) => Gtin(cp, parts[1]) is { } g ? $"{Root}01/{g}/235/{Encode(parts[2])}" : null,
            ("idpat", "upui", 3) => Gtin(cp, parts[1]) is { } g ? $"{Root}01/{g}" : null,
            ("id", "itip", 5) => Gtin(cp, parts[1]) is { } g && IsPieceOrTotal(parts[2]) && IsPieceOrTotal(parts[3])
                ? $"{Root}8006/{g}{parts[2]}{parts[3]}/21/{Encode(parts[4])}" : null,
            ("idpat", "itip", 5) => Gtin(cp, parts[1]) is { } g && IsPieceOrTotal(parts[2]) && IsPieceOrTotal(parts[3])
                ? $"{Root}8006/{g}{parts[2]}{parts[3]}" : null,
            ("id", "sscc", 2) => cp.Length + parts[1].Length == 17 && IsDigits(parts[1])
                ? $"{Root}00/{WithCheckDigit(parts[1][..1] + cp + parts[1][1..])}" : null,
            ("id", "sgln", 3) => Key13(cp, parts[1]) is { } gln
                ? parts[2] == "0" ? $"{Root}414/{gln}" : $"{Root}414/{gln}/254/{Encode(parts[2])}" : null,
            ("id", "pgln", 2) => Key13(cp, parts[1]) is { } pgln ? $"{Root}417/{pgln}" : null,
            ("id", "grai", 3) => Key13(cp, parts[1], "0") is { } grai ? $"{Root}8003/{grai}{Encode(parts[2])}" : null,
            ("idpat", "grai", 3) => Key13(cp, parts[1], "0") is { } grai ? $"{Root}8003/{grai}" : null,
            ("id", "gdti", 3) => Key13(cp, parts[1]) is { } gdti ? $"{Root}253/{gdti}{Encode(parts[2])}" : null,
            ("idpat", "gdti", 3) => Key13(cp, parts[1]) is { } gdti ? $"{Root}253/{gdti}" : null,
            ("id", "sgcn", 3) => Key13(cp, parts[1]) is { } sgcn && IsDigits(parts[2]) ? $"{Root}255/{sgcn}{parts[2]}" : null,
            ("idpat", "sgcn", 3) => Key13(cp, parts[1]) is { } sgcn ? $"{Root}255/{sgcn}" : null,
            ("id", "cpi", 3) => parts[1].Length > 0 && IsDigits(parts[2]) ? $"{Root}8010/{cp}{Encode(parts[1])}/8011/{parts[2]}" : null,
            ("idpat", "cpi", 3) => parts[1].Length > 0 ? $"{Root}8010/{cp}{Encode(parts[1])}" : null,
            ("id", "giai", 2) => parts[1].Length > 0 ? $"{Root}8004/{cp}{Encode(parts[1])}" : null,
            ("id", "ginc", 2) => parts[1].Length > 0 ? $"{Root}401/{cp}{Encode(parts[1])}" : null,
            ("id", "gsrn", 2) => cp.Length + parts[1].Length == 17 && IsDigits(parts[1]) ? $"{Root}8018/{WithCheckDigit(cp + parts[1])}" : null,
            ("id", "gsrnp", 2) => cp.Length + parts[1].Length == 17 && IsDigits(parts[1]) ? $"{Root}8017/{WithCheckDigit(cp + parts[1])}" : null,
            ("id", "gsin", 2) => cp.Length + parts[1].Length == 16 && IsDigits(parts[1]) ? $"{Root}402/{WithCheckDigit(cp + parts[1])}" : null,
            _ => null,
        };
    }

    // GTIN-14: indicator digit (first digit of the item reference), company prefix, rest of item reference, check digit.
    private static string? Gtin(string cp, string itemReference) =>
        cp.Length + itemReference.Length == 13 && IsDigits(itemReference)
            ? WithCheckDigit(itemReference[..1] + cp + itemReference[1..])
            : null;

    // GLN, GDTI, SGCN and GRAI bases: company prefix + 12-digit complement + check digit (GRAI with a leading 0).
    private static string? Key13(string cp, string reference, string lead = "") =>
        cp.Length + reference.Length == 12 && IsDigits(reference) ? WithCheckDigit(lead + cp + reference) : null;

    private static bool IsPieceOrTotal(string s) => s.Length == 2 && IsDigits(s);

    private static string? FromDigitalLink(string uri)
    {
        var cut = uri.IndexOfAny(['?', '#']);
        var withoutQuery = cut >= 0 ? uri[..cut] : uri;
        var schemeEnd = withoutQuery.IndexOf("://", StringComparison.Ordinal);
        var pathStart = withoutQuery.IndexOf('/', schemeEnd + 3);
        if (pathStart < 0)
        {
            return null;
        }
        var segments = withoutQuery[(pathStart + 1)..].Split('/');
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            var key = AiOf(segments[i]);
            if (!IsPrimaryKey(key) || !StartsWithFourDigits(segments[i + 1]))
            {
                continue;
            }
            var value = segments[i + 1];
            if (key == "01" && value.Length is 8 or 12 or 13 && IsDigits(value))
            {
                value = value.PadLeft(14, '0');
            }
            if (!IsValidPrimary(key, value))
            {
                return null;
            }
            string? lot = null, serial = null, other = null, otherAi = null;
            for (var j = i + 2; j + 1 < segments.Length; j += 2)
            {
                var q = AiOf(segments[j]);
                var v = segments[j + 1];
                switch (key, q)
                {
                    case ("01" or "8006", "10"): lot = v; break;
                    case ("01" or "8006", "21"): serial = v; break;
                    case ("01", "235"): otherAi = q; other = v; break;
                    case ("414", "254"): otherAi = q; other = v; break;
                    case ("8010", "8011"): otherAi = q; other = v; break;
                    default: break;
                }
            }
            // Only the finest level of identification: a serial makes the lot redundant.
            if (serial is not null) { return $"{Root}{key}/{value}/21/{serial}"; }
            if (lot is not null) { return $"{Root}{key}/{value}/10/{lot}"; }
            if (other is not null) { return $"{Root}{key}/{value}/{otherAi}/{other}"; }
            return $"{Root}{key}/{value}";
        }
        return null;
    }

    private static string AiOf(string segment) => segment switch
    {
        "gtin" => "01", "itip" => "8006", "cpid" => "8010", "gln" => "414", "party" => "417", "gsrnp" => "8017",
        "gsrn" => "8018", "gcn" => "255", "sscc" => "00", "gdti" => "253", "ginc" => "401", "gsin" => "402",
        "grai" => "8003", "giai" => "8004", "cpv" => "22", "lot" => "10", "ser" => "21",
        _ => segment,
    };

    private static bool IsPrimaryKey(string ai) => ai is "00" or "01" or "253" or "255" or "401" or "402" or "414" or "417"
        or "8003" or "8004" or "8006" or "8010" or "8017" or "8018";

    private static bool IsValidPrimary(string ai, string value) => ai switch
    {
        "00" or "8017" or "8018" or "8006" => value.Length == 18 && IsDigits(value),
        "01" => value.Length == 14 && IsDigits(value),
        "414" or "417" => value.Length == 13 && IsDigits(value),
        "402" => value.Length == 17 && IsDigits(value),
        "253" => value.Length is >= 13 and <= 30 && IsDigits(value.AsSpan(0, 13)),
        "255" => value.Length is >= 13 and <= 25 && IsDigits(value),
        "8003" => value.Length is >= 14 and <= 30 && IsDigits(value.AsSpan(0, 14)),
        _ => value.Length <= 30,
    };

    private static bool StartsWithFourDigits(string s) => s.Length >= 4 && IsDigits(s.AsSpan(0, 4));

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }

    private static string WithCheckDigit(string digits)
    {
        var sum = 0;
        for (int i = digits.Length - 1, weight = 3; i >= 0; i--, weight = 4 - weight)
        {
            sum += (digits[i] - '0') * weight;
        }
        return digits + (char)('0' + (10 - sum % 10) % 10);
    }

    // EPC URN components are already URI-escaped; Digital Link additionally escapes these (GS1 Digital Link table 7-1).
    private static string Encode(string component)
    {
        if (component.AsSpan().IndexOfAny("!()*+,:") < 0)
        {
            return component;
        }
        var sb = new System.Text.StringBuilder(component.Length + 8);
        foreach (var c in component)
        {
            sb.Append(c switch
            {
                '!' => "%21", '(' => "%28", ')' => "%29", '*' => "%2A", '+' => "%2B", ',' => "%2C", ':' => "%3A",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
