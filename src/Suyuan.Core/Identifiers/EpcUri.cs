using System.Text;

namespace Suyuan.Core.Identifiers;

/// <summary>
/// EPC pure-identity, class and pattern URNs (GS1 Tag Data Standard) as GS1 AI data, and back.
/// A URN separates the GS1 company prefix from the rest with a dot; AI data does not, so going back needs the prefix length.
/// </summary>
public static class EpcUri
{
    /// <summary>The company prefix length assumed when none is known: 7 digits, the most common allocation (e.g. 4012345).</summary>
    public const int DefaultCompanyPrefixLength = 7;

    /// <summary>The identity and class schemes <see cref="ToElements"/> reads ("id:sgtin", "class:lgtin"; kept beside its switch).</summary>
    private static readonly HashSet<string> ReadSchemes = new(StringComparer.Ordinal)
    {
        "id:sgtin", "class:lgtin", "id:upui", "id:sscc", "id:sgln", "id:pgln", "id:gsrn", "id:gsrnp", "id:gsin", "id:grai", "id:gdti",
        "id:sgcn", "id:giai", "id:ginc", "id:cpi", "id:itip",
    };

    /// <summary>Whether <see cref="ToElements"/> reads URNs of this kind and scheme ("id:sgtin"), so that null from it means malformed.</summary>
    internal static bool Reads(string kindAndScheme) => ReadSchemes.Contains(kindAndScheme);

    /// <summary>The AI data an EPC URN denotes; null when it is not a GS1 EPC URN this code understands or is malformed.</summary>
    public static IReadOnlyList<AiElement>? ToElements(string urn)
    {
        string kind;
        string body;
        if (urn.StartsWith("urn:epc:id:", StringComparison.Ordinal))
        {
            kind = "id";
            body = urn[11..];
        }
        else if (urn.StartsWith("urn:epc:class:", StringComparison.Ordinal))
        {
            kind = "class";
            body = urn[14..];
        }
        else if (urn.StartsWith("urn:epc:idpat:", StringComparison.Ordinal))
        {
            kind = "idpat";
            body = urn[14..];
        }
        else
        {
            return null;
        }
        var colon = body.IndexOf(':');
        if (colon < 0)
        {
            return null;
        }
        var scheme = body[..colon];
        var fields = body[(colon + 1)..].Split('.');
        // An idpat URN is the class of its key: a trailing "*" drops the serial part.
        var pattern = kind == "idpat";
        if (pattern)
        {
            if (fields[^1] != "*")
            {
                return null;
            }
            fields = fields[..^1];
        }
        try
        {
            return (kind, scheme) switch
            {
                ("id", "sgtin") => Gtin(fields, 3, "21"),
                ("idpat", "sgtin") => Gtin(fields, 2, null),
                ("class", "lgtin") => Gtin(fields, 3, "10"),
                ("id", "upui") => Gtin(fields, 3, "235"),
                ("idpat", "upui") => Gtin(fields, 2, null),
                ("id", "sscc") => Sscc(fields),
                ("id", "sgln") => Sgln(fields),
                ("id", "pgln") => Numeric("417", fields, 12, withCheck: true),
                ("id", "gsrn") => Numeric("8018", fields, 17, withCheck: true),
                ("id", "gsrnp") => Numeric("8017", fields, 17, withCheck: true),
                ("id", "gsin") => Numeric("402", fields, 16, withCheck: true),
                ("id", "grai") => KeyWithSerial("8003", "0", fields, 3),
                ("idpat", "grai") => KeyWithSerial("8003", "0", fields, 2),
                ("id", "gdti") => KeyWithSerial("253", "", fields, 3),
                ("idpat", "gdti") => KeyWithSerial("253", "", fields, 2),
                ("id", "sgcn") => KeyWithSerial("255", "", fields, 3),
                ("idpat", "sgcn") => KeyWithSerial("255", "", fields, 2),
                ("id", "giai") => Alphanumeric("8004", fields),
                ("id", "ginc") => Alphanumeric("401", fields),
                ("id", "cpi") => Cpi(fields, 3),
                ("idpat", "cpi") => Cpi(fields, 2),
                ("id", "itip") => Itip(fields, 5),
                ("idpat", "itip") => Itip(fields, 4),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>How many dot-separated fields the pure-identity URN of each scheme this code reads has.</summary>
    private static readonly Dictionary<string, int> IdFieldCounts = new(StringComparer.Ordinal)
    {
        ["sgtin"] = 3, ["upui"] = 3, ["sscc"] = 2, ["sgln"] = 3, ["pgln"] = 2, ["gsrn"] = 2, ["gsrnp"] = 2, ["gsin"] = 2, ["grai"] = 3,
        ["gdti"] = 3, ["sgcn"] = 3, ["giai"] = 2, ["ginc"] = 2, ["cpi"] = 3, ["itip"] = 5,
    };

    /// <summary>
    /// Whether an EPC pattern URN (<c>urn:epc:idpat:sgtin:0614141.107346.*</c>) has its scheme's fields (Tag Data Standard
    /// § 8): as many as the scheme's pure-identity URN, with '*' for every field, for every field after the company prefix,
    /// or for the last field alone. The fields given are checked as the pure identity's are; a company prefix alone must be
    /// 6 to 12 digits. Null for a scheme this code does not read.
    /// </summary>
    public static bool? IsValidPattern(string urn)
    {
        const string Prefix = "urn:epc:idpat:";
        var colon = urn.StartsWith(Prefix, StringComparison.Ordinal) ? urn.IndexOf(':', Prefix.Length) : -1;
        if (colon < 0 || !IdFieldCounts.TryGetValue(urn[Prefix.Length..colon], out var count))
        {
            return null;
        }
        var scheme = urn[Prefix.Length..colon];
        var fields = urn[(colon + 1)..].Split('.');
        var given = Array.IndexOf(fields, "*");
        if (given < 0)
        {
            given = fields.Length;
        }
        // Wildcards stand for every field after the company prefix, or for the last field alone (or for all of them): a '*'
        // inside a field is one of its characters.
        if (fields.Length != count || fields.Skip(given).Any(f => f != "*") || fields.Take(given).Any(f => f.Length == 0)
            || given is not (0 or 1) && given < count - 1)
        {
            return false;
        }
        if (scheme == "sgln" && given == 2 && fields[0].Length + fields[1].Length != 12)
        {
            return false;
        }
        if (given == count)
        {
            return ToElements($"urn:epc:id:{scheme}:{urn[(colon + 1)..]}") is not null;
        }
        if (given == count - 1 && scheme is "sgtin" or "upui" or "grai" or "gdti" or "sgcn" or "cpi" or "itip")
        {
            return ToElements(urn) is not null;
        }
        // A company prefix (the item or location reference, when given, is checked with it where the scheme's class is read).
        return given == 0 || (fields[0].Length is >= 6 and <= 12 && fields[0].All(char.IsAsciiDigit)
            && (given == 1 || fields[1].All(char.IsAsciiDigit) || scheme is "giai" or "ginc" or "cpi"));
    }

    /// <summary>The company-prefix length of an EPC URN: the digits of its first field, when 6 to 12 of them.</summary>
    public static int? CompanyPrefixLength(string urn)
    {
        var scheme = urn.StartsWith("urn:epc:", StringComparison.Ordinal) ? urn.IndexOf(':', 8) : -1;
        var start = scheme < 0 ? -1 : urn.IndexOf(':', scheme + 1) + 1;
        if (start <= 0)
        {
            return null;
        }
        var dot = urn.IndexOf('.', start);
        var length = dot - start;
        return length is >= 6 and <= 12 ? length : null;
    }

    /// <summary>The EPC URN for Digital Link AI data (primary key first): pure identity when serialised, class (lgtin) for a lot, pattern (idpat) for a bare key.</summary>
    public static string? FromElements(IReadOnlyList<AiElement> path, int companyPrefixLength = DefaultCompanyPrefixLength)
    {
        if (path.Count == 0 || companyPrefixLength is < 6 or > 12)
        {
            return null;
        }
        var key = path[0];
        string? Get(string ai) => path.FirstOrDefault(e => e.Ai == ai)?.Value;
        var cp = companyPrefixLength;
        var v = key.Value;
        switch (key.Ai)
        {
            case "01":
            {
                var gtin = $"{v[1..(1 + cp)]}.{v[0]}{v[(1 + cp)..13]}";
                if (Get("21") is { } serial)
                {
                    return $"urn:epc:id:sgtin:{gtin}.{Escape(serial)}";
                }
                if (Get("235") is { } tpx)
                {
                    return $"urn:epc:id:upui:{gtin}.{Escape(tpx)}";
                }
                return Get("10") is { } lot ? $"urn:epc:class:lgtin:{gtin}.{Escape(lot)}" : $"urn:epc:idpat:sgtin:{gtin}.*";
            }
            case "00":
                return $"urn:epc:id:sscc:{v[1..(1 + cp)]}.{v[0]}{v[(1 + cp)..17]}";
            case "414":
                return $"urn:epc:id:sgln:{v[..cp]}.{v[cp..12]}.{Escape(Get("254") ?? "0")}";
            case "417":
                return $"urn:epc:id:pgln:{v[..cp]}.{v[cp..12]}";
            case "8018":
            case "8017":
                return $"urn:epc:id:{(key.Ai == "8018" ? "gsrn" : "gsrnp")}:{v[..cp]}.{v[cp..17]}";
            case "402":
                return $"urn:epc:id:gsin:{v[..cp]}.{v[cp..16]}";
            case "8003":
                return v.Length > 14 ? $"urn:epc:id:grai:{v[1..(1 + cp)]}.{v[(1 + cp)..13]}.{Escape(v[14..])}" : $"urn:epc:idpat:grai:{v[1..(1 + cp)]}.{v[(1 + cp)..13]}.*";
            case "253":
                return v.Length > 13 ? $"urn:epc:id:gdti:{v[..cp]}.{v[cp..12]}.{Escape(v[13..])}" : $"urn:epc:idpat:gdti:{v[..cp]}.{v[cp..12]}.*";
            case "255":
                return v.Length > 13 ? $"urn:epc:id:sgcn:{v[..cp]}.{v[cp..12]}.{v[13..]}" : $"urn:epc:idpat:sgcn:{v[..cp]}.{v[cp..12]}.*";
            case "8004":
                return v.Length > cp ? $"urn:epc:id:giai:{v[..cp]}.{Escape(v[cp..])}" : null;
            case "401":
                return v.Length > cp ? $"urn:epc:id:ginc:{v[..cp]}.{Escape(v[cp..])}" : null;
            case "8010":
                return v.Length > cp
                    ? Get("8011") is { } cpSerial ? $"urn:epc:id:cpi:{v[..cp]}.{Escape(v[cp..])}.{cpSerial}" : $"urn:epc:idpat:cpi:{v[..cp]}.{Escape(v[cp..])}.*"
                    : null;
            case "8006":
            {
                var itip = $"{v[1..(1 + cp)]}.{v[0]}{v[(1 + cp)..13]}.{v[14..16]}.{v[16..18]}";
                return Get("21") is { } serial ? $"urn:epc:id:itip:{itip}.{Escape(serial)}" : $"urn:epc:idpat:itip:{itip}.*";
            }
            default:
                return null;
        }
    }

    /// <summary>Decodes the %XX escapes of an EPC URN component.</summary>
    public static string Unescape(string component)
    {
        var builder = new StringBuilder(component.Length);
        for (var i = 0; i < component.Length; i++)
        {
            if (component[i] == '%')
            {
                if (i + 2 >= component.Length || !Uri.IsHexDigit(component[i + 1]) || !Uri.IsHexDigit(component[i + 2]))
                {
                    throw new FormatException($"Malformed escape in '{component}'.");
                }
                builder.Append((char)Convert.ToByte(component.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                builder.Append(component[i]);
            }
        }
        return builder.ToString();
    }

    /// <summary>Escapes a value for an EPC URN: the characters the Tag Data Standard reserves (" % &amp; / &lt; &gt; ? #) and anything outside printable ASCII.</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '"' or '%' or '&' or '/' or '<' or '>' or '?' or '#' or <= ' ' or > '~')
            {
                builder.Append('%').Append(((int)c).ToString("X2"));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static void Require(bool condition)
    {
        if (!condition)
        {
            throw new FormatException();
        }
    }

    private static bool Digits(string s, int min, int max) => s.Length >= min && s.Length <= max && Gs1CheckDigit.IsAllDigits(s);

    private static string WithCheck(string digits) => digits + Gs1CheckDigit.Compute(digits);

    // CP.IR[.tail]: the item reference's first digit is the GTIN indicator digit.
    private static List<AiElement> Gtin(string[] f, int count, string? tailAi)
    {
        Require(f.Length == count && Digits(f[0], 6, 12) && Digits(f[1], 1, 7) && f[0].Length + f[1].Length == 13);
        var list = new List<AiElement> { new("01", WithCheck(f[1][0] + f[0] + f[1][1..])) };
        if (tailAi is not null)
        {
            Require(f[2].Length > 0);
            list.Add(new AiElement(tailAi, Unescape(f[2])));
        }
        return list;
    }

    // CP.SR where the serial reference's first digit is the SSCC extension digit.
    private static List<AiElement> Sscc(string[] f)
    {
        Require(f.Length == 2 && Digits(f[0], 6, 12) && Digits(f[1], 5, 11) && f[0].Length + f[1].Length == 17);
        return [new("00", WithCheck(f[1][0] + f[0] + f[1][1..]))];
    }

    // CP.LR.ext where extension "0" means the GLN itself.
    private static List<AiElement> Sgln(string[] f)
    {
        Require(f.Length == 3 && Digits(f[0], 6, 12) && Digits(f[1], 0, 6) && f[0].Length + f[1].Length == 12 && f[2].Length > 0);
        var list = new List<AiElement> { new("414", WithCheck(f[0] + f[1])) };
        if (f[2] != "0")
        {
            list.Add(new AiElement("254", Unescape(f[2])));
        }
        return list;
    }

    private static List<AiElement> Numeric(string ai, string[] f, int digitsBeforeCheck, bool withCheck)
    {
        Require(f.Length == 2 && Digits(f[0], 6, 12) && Digits(f[1], 0, digitsBeforeCheck) && f[0].Length + f[1].Length == digitsBeforeCheck);
        var digits = f[0] + f[1];
        return [new(ai, withCheck ? WithCheck(digits) : digits)];
    }

    // CP.REF.serial for GRAI (leading 0), GDTI and SGCN: 12 digits, check digit, then the serial.
    private static List<AiElement> KeyWithSerial(string ai, string lead, string[] f, int count)
    {
        Require(f.Length == count && Digits(f[0], 6, 12) && Digits(f[1], 0, 6) && f[0].Length + f[1].Length == 12);
        var serial = count == 3 ? Unescape(f[2]) : "";
        Require(count == 2 || serial.Length > 0);
        return [new(ai, WithCheck(lead + f[0] + f[1]) + serial)];
    }

    private static List<AiElement> Alphanumeric(string ai, string[] f)
    {
        Require(f.Length == 2 && Digits(f[0], 6, 12) && f[1].Length > 0);
        return [new(ai, f[0] + Unescape(f[1]))];
    }

    private static List<AiElement> Cpi(string[] f, int count)
    {
        Require(f.Length == count && Digits(f[0], 6, 12) && f[1].Length > 0);
        var list = new List<AiElement> { new("8010", f[0] + Unescape(f[1])) };
        if (count == 3)
        {
            Require(Digits(f[2], 1, 12));
            list.Add(new AiElement("8011", f[2]));
        }
        return list;
    }

    // CP.IR.piece.total[.serial] → (8006) GTIN-14 + piece + total, (21) serial.
    private static List<AiElement> Itip(string[] f, int count)
    {
        Require(f.Length == count && Digits(f[0], 6, 12) && Digits(f[1], 1, 7) && f[0].Length + f[1].Length == 13 && Digits(f[2], 2, 2) && Digits(f[3], 2, 2));
        var list = new List<AiElement> { new("8006", WithCheck(f[1][0] + f[0] + f[1][1..]) + f[2] + f[3]) };
        if (count == 5)
        {
            list.Add(new AiElement("21", Unescape(f[4])));
        }
        return list;
    }
}
