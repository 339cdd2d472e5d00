namespace Suyuan.Core.Identifiers;

/// <summary>Whether a value written as a GS1 identifier (an EPC URN or a GS1 Digital Link) names a key that can exist.</summary>
/// <remarks>Runs on every identifier of every captured event: the usual identifiers are decided without allocating.</remarks>
public static class Gs1Identifiers
{
    /// <summary>
    /// The numeric primary keys of GS1 Digital Link and how many digits of the value after them carry the check digit
    /// (GTINs may be written with 8, 12 or 13 digits too).
    /// </summary>
    private static readonly (string Ai, int Digits)[] CheckedKeys =
    [
        ("01", 14), ("00", 18), ("414", 13), ("417", 13), ("8018", 18), ("8017", 18), ("402", 17), ("253", 13), ("255", 13), ("8006", 14), ("8003", 14),
    ];

    /// <summary>
    /// Why <paramref name="value"/> is not a GS1 identifier it is written as; null when it is one, or is not written as one.
    /// An EPC URN of a scheme the platform reads must have that scheme's fields (<c>urn:epc:id:sgtin:0614141.107346</c>
    /// lacks its serial); a URI whose path holds a GS1 primary key must not carry a wrong check digit. Other URIs and URNs
    /// are not GS1 identifiers and are taken as they are.
    /// </summary>
    public static string? Problem(string value) => Problem(value.AsSpan());

    /// <inheritdoc cref="Problem(string)"/>
    public static string? Problem(ReadOnlySpan<char> value)
    {
        if (value.StartsWith("urn:epc:", StringComparison.Ordinal))
        {
            return UrnProblem(value);
        }
        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return LinkProblem(value);
        }
        return null;
    }

    private static string? UrnProblem(ReadOnlySpan<char> value)
    {
        var rest = value["urn:epc:".Length..];
        var colon = rest.IndexOf(':');
        var colon2 = colon < 0 ? -1 : rest[(colon + 1)..].IndexOf(':');
        if (colon2 < 0)
        {
            return null;
        }
        var scheme = rest[..(colon + 1 + colon2)];
        var body = rest[(colon + 2 + colon2)..];
        if (LooksValid(scheme, body))
        {
            return null;
        }
        var name = scheme.ToString();
        if (name.StartsWith("idpat:", StringComparison.Ordinal))
        {
            return EpcUri.IsValidPattern(value.ToString()) is false
                ? $"'{value.ToString()}' is not a valid EPC pattern: urn:epc:{name} has as many fields as its EPC URN, each as there or '*', the '*'s last (Tag Data Standard), e.g. urn:epc:idpat:sgtin:0614141.107346.*"
                : null;
        }
        return EpcUri.Reads(name) && EpcUri.ToElements(value.ToString()) is null
            ? $"'{value.ToString()}' is not a valid EPC URN: urn:epc:{name} has fields of set lengths (Tag Data Standard), e.g. a company prefix and reference of 13 digits together for a GTIN, and a serial"
            : null;
    }

    /// <summary>The common schemes' shape, checked in place: true only where the full parse would agree.</summary>
    private static bool LooksValid(ReadOnlySpan<char> scheme, ReadOnlySpan<char> body)
    {
        var (fields, keyDigits, serial) = scheme switch
        {
            "id:sgtin" or "class:lgtin" => (3, 13, true),
            "id:sgln" => (3, 12, true),
            "id:sscc" => (2, 17, false),
            "id:pgln" => (2, 12, false),
            _ => (0, 0, false),
        };
        if (fields == 0)
        {
            return false;
        }
        var first = body.IndexOf('.');
        if (first is < 6 or > 12)
        {
            return false;
        }
        var afterFirst = body[(first + 1)..];
        var second = afterFirst.IndexOf('.');
        ReadOnlySpan<char> reference, tail;
        if (fields == 2)
        {
            if (second >= 0)
            {
                return false;
            }
            reference = afterFirst;
            tail = default;
        }
        else
        {
            if (second < 0)
            {
                return false;
            }
            reference = afterFirst[..second];
            tail = afterFirst[(second + 1)..];
        }
        // A serial or extension of plain characters only (escapes and symbols are left to the full parse).
        return first + reference.Length == keyDigits && AllDigits(body[..first]) && AllDigits(reference)
            && (!serial || tail.Length is > 0 and <= 20 && !tail.ContainsAnyExcept(PlainSerial));
    }

    private static readonly System.Buffers.SearchValues<char> PlainSerial =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_");

    private static bool AllDigits(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExceptInRange('0', '9');

    /// <summary>Options of the full parse of a link on GS1's own resolver, as lenient as the conversion between identifier forms.</summary>
    private static readonly DigitalLinkOptions Lenient = new() { PermitConvenienceAlphas = true, PermitZeroSuppressedGtin = true };

    /// <summary>
    /// A GS1 primary key in the path (after any stem) whose digits are all there but whose check digit is wrong. On GS1's own
    /// resolver (id.gs1.org), where the path can only be a Digital Link, a key value of the wrong length or characters too
    /// (<c>/414/061414100888</c>, <c>/414/0614141008889%2F254%2F0</c>): elsewhere a path like <c>/01/2024/report</c> may be
    /// anything.
    /// </summary>
    private static string? LinkProblem(ReadOnlySpan<char> value)
    {
        var path = value[(value.IndexOf("//", StringComparison.Ordinal) + 2)..];
        var slash = path.IndexOf('/');
        if (slash < 0)
        {
            return null;
        }
        var gs1Resolver = path[..slash].Equals("id.gs1.org", StringComparison.OrdinalIgnoreCase);
        path = path[(slash + 1)..];
        var query = path.IndexOfAny('?', '#');
        if (query >= 0)
        {
            path = path[..query];
        }
        while (!path.IsEmpty)
        {
            var end = path.IndexOf('/');
            var segment = end < 0 ? path : path[..end];
            var next = end < 0 ? default : path[(end + 1)..];
            foreach (var (ai, digits) in CheckedKeys)
            {
                if (!segment.SequenceEqual(ai))
                {
                    continue;
                }
                var valueEnd = next.IndexOf('/');
                var key = valueEnd < 0 ? next : next[..valueEnd];
                // A GTIN may be written short; other keys carry more after their checked digits (a serial, a component).
                var length = ai is "01" && key.Length is 8 or 12 or 13 ? key.Length : digits;
                // (A GRAI's value starts with a zero; one that does not is malformed, not mis-checked.)
                if (key.Length >= length && AllDigits(key[..length]) && (ai is "253" or "255" or "8006" or "8003" || key.Length == length)
                    && (ai != "8003" || key[0] == '0') && !Gs1CheckDigit.IsValid(key[..length]))
                {
                    return $"'{value.ToString()}' is a GS1 Digital Link whose key ({ai}) {key[..length].ToString()} has a wrong check digit: it should be {Gs1CheckDigit.Compute(key[..(length - 1)])}";
                }
                // The usual keys are decided here; the rest on GS1's resolver (a serial after the key, a key that is not
                // well formed) by the full parse, which names what is wrong.
                if (gs1Resolver && !(key.Length == length && AllDigits(key) && !(ai is "8003" or "253" or "255"))
                    && DigitalLink.Parse(value.ToString(), Lenient) is { Success: false, Error: { } error }
                    && error.StartsWith($"AI ({ai}) value", StringComparison.Ordinal))
                {
                    return $"'{value.ToString()}' is written as a GS1 Digital Link but its key is not one: {error} It is stored as sent, but its other forms will not find it";
                }
                return null;
            }
            path = next;
        }
        return null;
    }
}
