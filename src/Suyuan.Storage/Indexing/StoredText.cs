namespace Suyuan.Storage.Indexing;

/// <summary>
/// How the string dictionary (<c>strings.value</c>) stores a value. Identifiers are most of the dictionary, and each is
/// stored twice (the row and the unique index), so the scheme prefix that nearly all of them repeat — an EPC URN's
/// <c>urn:epc:id:sgtin:</c>, a Digital Link's <c>https://id.gs1.org/</c> — is stored as one control character.
/// <para>
/// The prefixes are prefix-free (none starts another), so a value that starts with a query prefix containing a whole
/// dictionary prefix is stored starting with that query prefix's encoding: range scans in the index's byte order stay
/// range scans (<see cref="Ranges"/>). A value that itself starts with a control character is stored behind
/// <see cref="Escape"/>, so decoding is never ambiguous. Migration 0013 of each provider applies the same mapping to
/// rows written before it; <c>MigrationTests</c> checks that the two agree.
/// </para>
/// </summary>
public static class StoredText
{
    /// <summary>Marks a stored value whose own first character is a control character.</summary>
    public const char Escape = '\u0001';

    /// <summary>Prefix i is stored as the character (char)(i + 2). Append only: stored data depends on the numbering.</summary>
    internal static readonly string[] Prefixes =
    [
        "https://id.gs1.org/",
        "urn:epc:id:sgtin:",
        "urn:epc:id:sscc:",
        "urn:epc:id:sgln:",
        "urn:epc:id:pgln:",
        "urn:epc:id:grai:",
        "urn:epc:id:giai:",
        "urn:epc:id:gsrn:",
        "urn:epc:id:gdti:",
        "urn:epc:id:sgcn:",
        "urn:epc:id:cpi:",
        "urn:epc:id:gid:",
        "urn:epc:id:itip:",
        "urn:epc:id:upui:",
        "urn:epc:class:lgtin:",
        "urn:epc:idpat:sgtin:",
        "urn:epcglobal:cbv:bt:",
        "https://ref.gs1.org/cbv/",
    ];

    private const char FirstCode = '\u0002';

    /// <summary>The stored form of a value.</summary>
    public static string Encode(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }
        var first = value[0];
        if (first < ' ')
        {
            return Escape + value;
        }
        if (first is 'h' or 'u')
        {
            for (var i = 0; i < Prefixes.Length; i++)
            {
                var prefix = Prefixes[i];
                if (value.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return string.Create(value.Length - prefix.Length + 1, (value, prefix.Length, Code(i)), static (span, s) =>
                    {
                        span[0] = s.Item3;
                        s.value.AsSpan(s.Length).CopyTo(span[1..]);
                    });
                }
            }
        }
        return value;
    }

    /// <summary>The value a stored form stands for.</summary>
    public static string Decode(string stored)
    {
        if (stored.Length == 0 || stored[0] >= ' ')
        {
            return stored;
        }
        if (stored[0] == Escape)
        {
            return stored[1..];
        }
        var index = stored[0] - FirstCode;
        if (index < 0 || index >= Prefixes.Length)
        {
            throw new InvalidDataException($"A stored string starts with the unknown prefix code {(int)stored[0]}.");
        }
        return string.Concat(Prefixes[index], stored.AsSpan(1));
    }

    /// <summary>
    /// The stored-form ranges [From, To) holding exactly the values that start with <paramref name="prefix"/> (in ordinal
    /// byte order, as both providers' <c>strings.value</c> index is collated). One range unless the prefix is a proper
    /// prefix of dictionary prefixes (such as <c>urn:epc:id:s</c>), which adds one range per such dictionary prefix.
    /// </summary>
    public static IReadOnlyList<(string From, string To)> Ranges(string prefix)
    {
        if (prefix.Length == 0)
        {
            // Every value: the escaped, the encoded and the plain ones.
            return [("", "\U0010FFFF")];
        }
        var encoded = Encode(prefix);
        var ranges = new List<(string, string)> { (encoded, Successor(encoded)) };
        if (encoded == prefix && prefix[0] >= ' ')
        {
            for (var i = 0; i < Prefixes.Length; i++)
            {
                if (Prefixes[i].Length > prefix.Length && Prefixes[i].StartsWith(prefix, StringComparison.Ordinal))
                {
                    var code = Code(i).ToString();
                    ranges.Add((code, Successor(code)));
                }
            }
        }
        return ranges;
    }

    /// <summary>
    /// The stored-form ranges that hold the values after <paramref name="after"/> (all values when null) in ordinal order of
    /// the values themselves, which the stored order is not: each range is sorted within itself, so reading every range in
    /// stored order and merging them by value gives the values in order. Lower bounds are exclusive when
    /// <c>Inclusive</c> is false; a null upper bound means no bound. The empty string is in none of them.
    /// </summary>
    public static IReadOnlyList<(string From, bool Inclusive, string? To)> OrderedRangesAfter(string? after)
    {
        var ranges = new List<(string, bool, string?)>();
        // Values that start with a control character, stored behind the escape.
        if (after is null || after.Length == 0)
        {
            ranges.Add((Escape.ToString(), true, Code(0).ToString()));
        }
        else if (after[0] < ' ')
        {
            ranges.Add((Escape + after, false, Code(0).ToString()));
        }
        // Each dictionary prefix: its values lie together in value order too, between the prefix and its successor.
        for (var i = 0; i < Prefixes.Length; i++)
        {
            var prefix = Prefixes[i];
            var code = Code(i).ToString();
            var next = Successor(code);
            if (after is null || string.CompareOrdinal(after, prefix) < 0)
            {
                ranges.Add((code, true, next));
            }
            else if (after.StartsWith(prefix, StringComparison.Ordinal))
            {
                ranges.Add((code + after[prefix.Length..], false, next));
            }
            // Otherwise the value is past every value with this prefix.
        }
        // Values stored as they are: every one starts at a space or above.
        ranges.Add(after is null || after.Length == 0 || after[0] < ' ' ? (" ", true, null) : (after, false, null));
        return ranges;
    }

    private static char Code(int index) => (char)(FirstCode + index);

    private static string Successor(string value) => value[..^1] + (char)(value[^1] + 1);
}
