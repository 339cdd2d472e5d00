using System.Text;

namespace Suyuan.Core.Identifiers;

/// <summary>Non-default parser behaviours, named after the GS1 Syntax Engine options they mirror.</summary>
public sealed record DigitalLinkOptions
{
    public static readonly DigitalLinkOptions Default = new();

    /// <summary>Accept GTIN-8/12/13 for AI (01) and pad them to GTIN-14 (legacy URIs).</summary>
    public bool PermitZeroSuppressedGtin { get; init; }

    /// <summary>Accept path short names such as "gtin" and "ser" from the Digital Link grammar.</summary>
    public bool PermitConvenienceAlphas { get; init; }

    /// <summary>Accept numeric AIs that the dictionary does not know (value checked as X..90).</summary>
    public bool PermitUnknownAis { get; init; }

    /// <summary>With <see cref="PermitUnknownAis"/>, still refuse unknown AIs as query data attributes (the engine's default).</summary>
    public bool UnknownAiIsNotDataAttribute { get; init; } = true;
}

/// <summary>A parsed Digital Link URI: its stem, the key and qualifiers from the path, the AI attributes from the query.</summary>
public sealed record DigitalLinkParse(string Stem, IReadOnlyList<AiElement> Path, IReadOnlyList<AiElement> Attributes)
{
    public AiElement PrimaryKey => Path[0];

    public IEnumerable<AiElement> Elements => Path.Concat(Attributes);

    /// <summary>Unbracketed element string with "^" for FNC1, as the GS1 Syntax Engine prints it.</summary>
    public string ElementString => DigitalLink.ToElementString(Elements.ToList());
}

/// <summary>Either a value or a failure message that names the offending AI.</summary>
public sealed record DigitalLinkResult<T>(T? Value, string? Error) where T : class
{
    public bool Success => Error is null;

    public static DigitalLinkResult<T> Ok(T value) => new(value, null);

    public static DigitalLinkResult<T> Fail(string error) => new(null, error);
}

/// <summary>GS1 Digital Link URI syntax: parse, validate and generate, driven by the AI dictionary.</summary>
public static class DigitalLink
{
    public const string CanonicalStem = "https://id.gs1.org";

    private const string UriCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";

    private const string BadDomainCharacters = "_~?#@!$&'()*+,;=%";

    public static DigitalLinkResult<DigitalLinkParse> Parse(string uri, DigitalLinkOptions? options = null, AiDictionary? dictionary = null)
    {
        options ??= DigitalLinkOptions.Default;
        dictionary ??= AiDictionary.Default;
        var fail = DigitalLinkResult<DigitalLinkParse>.Fail;

        if (uri.Any(c => !UriCharacters.Contains(c)))
        {
            return fail("The URI contains characters that are not allowed in a URI.");
        }
        var schemeLength = uri.StartsWith("https://", StringComparison.Ordinal) || uri.StartsWith("HTTPS://", StringComparison.Ordinal) ? 8
            : uri.StartsWith("http://", StringComparison.Ordinal) || uri.StartsWith("HTTP://", StringComparison.Ordinal) ? 7
            : 0;
        if (schemeLength == 0)
        {
            return fail("The URI must start with http:// or https://.");
        }
        var slash = uri.IndexOf('/', schemeLength);
        if (slash <= schemeLength)
        {
            return fail("The URI has no domain or no path.");
        }
        if (uri.AsSpan(schemeLength, slash - schemeLength).IndexOfAny(BadDomainCharacters) >= 0)
        {
            return fail("The domain contains characters that are not allowed.");
        }

        var rest = uri[slash..];
        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            rest = rest[..hash];
        }
        string? query = null;
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            query = rest[(question + 1)..];
            rest = rest[..question];
        }

        // Walk back over "/AI/value" pairs from the end of the path until the primary key; what remains is the stem.
        var segments = rest.Split('/');
        var keyIndex = -1;
        for (var i = segments.Length - 2; i >= 1; i -= 2)
        {
            var entry = LookupPathAi(segments[i], options, dictionary);
            if (entry is null)
            {
                break;
            }
            if (entry.IsDigitalLinkPrimaryKey)
            {
                keyIndex = i;
                break;
            }
        }
        if (keyIndex < 0)
        {
            return fail("No GS1 Digital Link primary key was found in the path.");
        }
        var stem = uri[..slash] + string.Join('/', segments[..keyIndex]);

        var path = new List<AiElement>();
        var entries = new Dictionary<AiElement, ApplicationIdentifier>(ReferenceEqualityComparer.Instance);
        for (var i = keyIndex; i < segments.Length; i += 2)
        {
            var entry = LookupPathAi(segments[i], options, dictionary)!;
            var raw = segments[i + 1];
            if (raw.Length == 0)
            {
                return fail($"AI ({entry.Ai}) has an empty value in the path.");
            }
            var value = Unescape(raw, isQuery: false);
            if (value.Contains('\0'))
            {
                return fail($"AI ({entry.Ai}) value in the path decodes to an illegal NUL character.");
            }
            if (entry.Ai == "01" && options.PermitZeroSuppressedGtin && value.Length is 8 or 12 or 13)
            {
                value = value.PadLeft(14, '0');
            }
            var element = new AiElement(entry.Ai, value);
            entries[element] = entry;
            path.Add(element);
        }

        var attributes = new List<AiElement>();
        foreach (var parameter in (query ?? "").Split('&'))
        {
            var equals = parameter.IndexOf('=');
            if (equals < 0)
            {
                continue; // Singletons are not AI data.
            }
            var key = parameter[..equals];
            if (key.Length == 0 || !Gs1CheckDigit.IsAllDigits(key))
            {
                continue; // Non-numeric parameters belong to someone else.
            }
            var entry = dictionary.Find(key) ?? (options.PermitUnknownAis && key.Length is >= 2 and <= 4 ? UnknownAi(key, options) : null);
            if (entry is null)
            {
                return fail($"Unknown AI ({key}) in the query parameters.");
            }
            var raw = parameter[(equals + 1)..];
            if (raw.Length == 0)
            {
                return fail($"AI ({key}) has an empty value in the query parameters.");
            }
            var value = Unescape(raw, isQuery: true);
            if (value.Contains('\0'))
            {
                return fail($"AI ({key}) value in the query decodes to an illegal NUL character.");
            }
            if (entry.Ai == "01" && options.PermitZeroSuppressedGtin && value.Length is 8 or 12 or 13)
            {
                value = value.PadLeft(14, '0');
            }
            var element = new AiElement(entry.Ai, value);
            entries[element] = entry;
            attributes.Add(element);
        }

        var pathAis = path.Select(e => e.Ai).ToList();
        if (!dictionary.IsValidPathSequence(pathAis))
        {
            return fail($"The path AIs ({string.Join(")(", pathAis)}) are not a valid key-qualifier sequence.");
        }

        var seen = new HashSet<string>(pathAis, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            if (!seen.Add(attribute.Ai))
            {
                return fail($"AI ({attribute.Ai}) occurs more than once.");
            }
            if (!entries[attribute].DigitalLinkDataAttribute)
            {
                return fail($"AI ({attribute.Ai}) is not a valid Digital Link data attribute.");
            }
            for (var at = 1; at <= pathAis.Count; at++)
            {
                var trial = new List<string>(pathAis);
                trial.Insert(at, attribute.Ai);
                if (dictionary.IsValidPathSequence(trial))
                {
                    return fail($"AI ({attribute.Ai}) is a key qualifier and belongs in the path, not the query.");
                }
            }
        }

        var all = path.Concat(attributes).ToList();
        foreach (var element in all)
        {
            var problem = AiValidation.CheckValue(entries[element], element.Value);
            if (problem is not null)
            {
                return fail(problem);
            }
        }
        var association = AiValidation.CheckAssociations(all, dictionary);
        if (association is not null)
        {
            return fail(association);
        }
        return DigitalLinkResult<DigitalLinkParse>.Ok(new DigitalLinkParse(stem, path, attributes));
    }

    /// <summary>Builds a Digital Link URI from AI data: the first primary key found, its qualifiers in dictionary order in the path, other AIs in the query (fixed-length AIs first).</summary>
    public static DigitalLinkResult<string> Generate(IReadOnlyList<AiElement> elements, string? stem = null, DigitalLinkOptions? options = null, AiDictionary? dictionary = null)
    {
        options ??= DigitalLinkOptions.Default;
        dictionary ??= AiDictionary.Default;
        var fail = DigitalLinkResult<string>.Fail;

        var entries = new List<ApplicationIdentifier>();
        foreach (var element in elements)
        {
            var entry = dictionary.Find(element.Ai) ?? (options.PermitUnknownAis && element.Ai.Length is >= 2 and <= 4 && Gs1CheckDigit.IsAllDigits(element.Ai) ? UnknownAi(element.Ai, options) : null);
            if (entry is null)
            {
                return fail($"Unknown AI ({element.Ai}).");
            }
            var problem = AiValidation.CheckValue(entry, element.Value);
            if (problem is not null)
            {
                return fail(problem);
            }
            var clash = elements.FirstOrDefault(e => e.Ai == element.Ai && e.Value != element.Value);
            if (clash is not null)
            {
                return fail($"AI ({element.Ai}) occurs more than once with different values.");
            }
            entries.Add(entry);
        }
        var association = AiValidation.CheckAssociations(elements, dictionary);
        if (association is not null)
        {
            return fail(association);
        }

        var keyIndex = entries.FindIndex(e => e.IsDigitalLinkPrimaryKey);
        if (keyIndex < 0)
        {
            return fail("A Digital Link needs a primary key AI (such as 01, 00, 414).");
        }
        var key = elements[keyIndex].Ai;

        // The sequence that places the most of the given AIs in the path wins; on a tie the first in sorted order.
        IReadOnlyList<string> best = [key];
        var bestCount = 0;
        foreach (var sequence in dictionary.DigitalLinkPathSequences.Where(s => s[0] == key && s.Count > 1))
        {
            var count = sequence.Skip(1).Sum(ai => elements.Count(e => e.Ai == ai));
            if (count > bestCount)
            {
                bestCount = count;
                best = sequence;
            }
        }

        var root = stem ?? CanonicalStem;
        var builder = new StringBuilder(root.EndsWith('/') ? root[..^1] : root);
        var inPath = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ai in best)
        {
            var element = elements.FirstOrDefault(e => e.Ai == ai);
            if (element is not null)
            {
                builder.Append('/').Append(ai).Append('/').Append(EscapePathComponent(element.Value));
                inPath.Add(ai);
            }
        }

        var separator = '?';
        foreach (var fixedFirst in new[] { true, false })
        {
            var emitted = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < elements.Count; i++)
            {
                var element = elements[i];
                if (inPath.Contains(element.Ai) || entries[i].FixedLengthPredefined != fixedFirst || !emitted.Add(element.Ai))
                {
                    continue;
                }
                if (!entries[i].DigitalLinkDataAttribute)
                {
                    return fail($"AI ({element.Ai}) is not a valid Digital Link data attribute.");
                }
                builder.Append(separator).Append(element.Ai).Append('=').Append(EscapeQueryComponent(element.Value));
                separator = '&';
            }
        }
        return DigitalLinkResult<string>.Ok(builder.ToString());
    }

    /// <summary>Parses bracketed AI data such as "(01)09520123456788(10)ABC"; "\(" stands for a literal parenthesis in a value.</summary>
    public static DigitalLinkResult<IReadOnlyList<AiElement>> ParseBracketed(string data)
    {
        var elements = new List<AiElement>();
        var i = 0;
        while (i < data.Length)
        {
            if (data[i] != '(')
            {
                return DigitalLinkResult<IReadOnlyList<AiElement>>.Fail($"Expected '(' at position {i + 1} of the AI data.");
            }
            var close = data.IndexOf(')', i);
            if (close < 0)
            {
                return DigitalLinkResult<IReadOnlyList<AiElement>>.Fail("Unclosed '(' in the AI data.");
            }
            var ai = data[(i + 1)..close];
            var value = new StringBuilder();
            i = close + 1;
            while (i < data.Length && data[i] != '(')
            {
                if (data[i] == '\\' && i + 1 < data.Length && data[i + 1] == '(')
                {
                    i++;
                }
                value.Append(data[i++]);
            }
            if (ai.Length is < 2 or > 4 || !Gs1CheckDigit.IsAllDigits(ai) || value.Length == 0)
            {
                return DigitalLinkResult<IReadOnlyList<AiElement>>.Fail($"Bad AI or empty value at '({ai})'.");
            }
            elements.Add(new AiElement(ai, value.ToString()));
        }
        return DigitalLinkResult<IReadOnlyList<AiElement>>.Ok(elements);
    }

    /// <summary>Unbracketed element string: "^" (FNC1) first and after each variable-length value that is followed by another AI.</summary>
    public static string ToElementString(IReadOnlyList<AiElement> elements, AiDictionary? dictionary = null)
    {
        dictionary ??= AiDictionary.Default;
        var builder = new StringBuilder();
        var separatorNeeded = true;
        foreach (var element in elements)
        {
            if (separatorNeeded)
            {
                builder.Append('^');
            }
            builder.Append(element.Ai).Append(element.Value);
            separatorNeeded = dictionary.Find(element.Ai)?.RequiresFnc1 ?? true;
        }
        return builder.ToString();
    }

    /// <summary>Percent-encodes everything but the RFC 3986 unreserved characters, for a path segment.</summary>
    public static string EscapePathComponent(string value) => Escape(value, isQuery: false);

    /// <summary>As for a path segment, but a space becomes "+".</summary>
    public static string EscapeQueryComponent(string value) => Escape(value, isQuery: true);

    /// <summary>Decodes %XX escapes (each to the character with that code, 0-255) and, in a query, "+" to space; malformed escapes stay as they are.</summary>
    public static string Unescape(string value, bool isQuery)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                builder.Append((char)Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                builder.Append(isQuery && c == '+' ? ' ' : c);
            }
        }
        return builder.ToString();
    }

    private static string Escape(string value, bool isQuery)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else if (isQuery && c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2"));
            }
        }
        return builder.ToString();
    }

    private static ApplicationIdentifier? LookupPathAi(string segment, DigitalLinkOptions options, AiDictionary dictionary)
    {
        if (options.PermitConvenienceAlphas && segment.Length is >= 3 and <= 5 && !char.IsAsciiDigit(segment[0]))
        {
            var ai = DigitalLinkShortNames.ToAi(segment);
            if (ai is not null)
            {
                return dictionary.Find(ai);
            }
        }
        if (segment.Length is < 2 or > 4 || !Gs1CheckDigit.IsAllDigits(segment))
        {
            return null;
        }
        return dictionary.Find(segment) ?? (options.PermitUnknownAis ? UnknownAi(segment, options) : null);
    }

    private static ApplicationIdentifier UnknownAi(string ai, DigitalLinkOptions options) =>
        new(ai, "UNKNOWN", FixedLengthPredefined: false, DigitalLinkDataAttribute: !options.UnknownAiIsNotDataAttribute,
            [new AiComponent(AiCharacterSet.X, 1, 90, false, [])], [], [], null);
}
