namespace Suyuan.Core.Identifiers;

/// <summary>Whether a value written as a GS1 identifier (an EPC URN or a GS1 Digital Link) names a key that can exist.</summary>
public static class Gs1Identifiers
{
    // Parsed as documents carry them: short names ("gtin") and zero-suppressed GTINs are taken.
    private static readonly DigitalLinkOptions Lenient = new() { PermitConvenienceAlphas = true, PermitZeroSuppressedGtin = true };

    /// <summary>The EPC URN schemes whose fields this platform reads (Tag Data Standard 2.x); others are taken as they are.</summary>
    private static readonly HashSet<string> UnderstoodSchemes = new(StringComparer.Ordinal)
    {
        "id:sgtin", "id:sscc", "id:sgln", "id:pgln", "id:gsrn", "id:gsrnp", "id:gsin", "id:grai", "id:gdti", "id:sgcn", "id:giai",
        "id:ginc", "id:cpi", "id:itip", "id:upui", "class:lgtin",
    };

    /// <summary>
    /// Why <paramref name="value"/> is not a GS1 identifier it is written as; null when it is one, or is not written as one.
    /// An EPC URN of a scheme the platform reads must have that scheme's fields (<c>urn:epc:id:sgtin:0614141.107346</c>
    /// lacks its serial); a URI whose path holds a GS1 primary key must not carry a wrong check digit. Other URIs and URNs
    /// are not GS1 identifiers and are taken as they are.
    /// </summary>
    public static string? Problem(string value)
    {
        if (value.StartsWith("urn:epc:", StringComparison.Ordinal))
        {
            var rest = value.AsSpan("urn:epc:".Length);
            var colon = rest.IndexOf(':');
            var colon2 = colon < 0 ? -1 : rest[(colon + 1)..].IndexOf(':');
            if (colon2 < 0)
            {
                return null;
            }
            var scheme = rest[..(colon + 1 + colon2)].ToString();
            return UnderstoodSchemes.Contains(scheme) && EpcUri.ToElements(value) is null
                ? $"'{value}' is not a valid EPC URN: urn:epc:{scheme} has fields of set lengths (Tag Data Standard), e.g. a company prefix and reference of 13 digits together for a GTIN, and a serial"
                : null;
        }
        if ((value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            && DigitalLink.Parse(value, Lenient) is { Success: false, Error: { } error } && error.Contains("check digit", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{value}' is a GS1 Digital Link whose key has a wrong check digit ({error.TrimEnd('.')})";
        }
        return null;
    }
}
