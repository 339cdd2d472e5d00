using System.Collections.Frozen;

namespace Suyuan.Core.Identifiers;

/// <summary>The GS1 Application Identifier dictionary, read from the embedded gs1-syntax-dictionary.txt.</summary>
public sealed class AiDictionary
{
    private static readonly Lazy<AiDictionary> Embedded = new(() =>
    {
        using var reader = new StreamReader(StandardsData.Open(StandardsData.SyntaxDictionary));
        return Parse(reader.ReadToEnd());
    });

    private readonly FrozenDictionary<string, ApplicationIdentifier> entries;

    private AiDictionary(FrozenDictionary<string, ApplicationIdentifier> entries, IReadOnlyList<IReadOnlyList<string>> pathSequences)
    {
        this.entries = entries;
        DigitalLinkPathSequences = pathSequences;
        validPathSequences = pathSequences.Select(s => string.Join(' ', s)).ToFrozenSet(StringComparer.Ordinal);
    }

    private readonly FrozenSet<string> validPathSequences;

    /// <summary>The dictionary published with this build.</summary>
    public static AiDictionary Default => Embedded.Value;

    public IEnumerable<ApplicationIdentifier> Entries => entries.Values.OrderBy(e => e.Ai, StringComparer.Ordinal);

    /// <summary>Every valid Digital Link path AI sequence (primary key, then any in-order subset of one qualifier alternative), sorted ordinally.</summary>
    public IReadOnlyList<IReadOnlyList<string>> DigitalLinkPathSequences { get; }

    public ApplicationIdentifier? Find(string ai) => entries.GetValueOrDefault(ai);

    public bool IsValidPathSequence(IEnumerable<string> ais) => validPathSequences.Contains(string.Join(' ', ais));

    /// <summary>The AI at the start of an unbracketed element string: AIs are prefix-free, so at most one of the 2-4 digit prefixes matches.</summary>
    public ApplicationIdentifier? FindPrefix(ReadOnlySpan<char> data)
    {
        for (var length = 2; length <= 4 && length <= data.Length; length++)
        {
            if (entries.TryGetValue(data[..length].ToString(), out var entry))
            {
                return entry;
            }
        }
        return null;
    }

    public static AiDictionary Parse(string text)
    {
        var entries = new Dictionary<string, ApplicationIdentifier>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#' || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                foreach (var entry in ParseLine(line))
                {
                    entries[entry.Ai] = entry;
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"gs1-syntax-dictionary line {lineNumber}: {e.Message}", e);
            }
        }

        var sequences = new List<IReadOnlyList<string>>();
        foreach (var entry in entries.Values)
        {
            if (entry.DigitalLinkQualifierSequences is null)
            {
                continue;
            }
            sequences.Add([entry.Ai]);
            foreach (var alternative in entry.DigitalLinkQualifierSequences)
            {
                // Every non-empty in-order subset of the alternative's qualifiers is a valid path.
                for (var mask = 1; mask < 1 << alternative.Count; mask++)
                {
                    var seq = new List<string> { entry.Ai };
                    for (var i = 0; i < alternative.Count; i++)
                    {
                        if ((mask & (1 << i)) != 0)
                        {
                            seq.Add(alternative[i]);
                        }
                    }
                    sequences.Add(seq);
                }
            }
        }
        var distinct = sequences
            .GroupBy(s => string.Join(' ', s), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();
        return new AiDictionary(entries.ToFrozenDictionary(StringComparer.Ordinal), distinct);
    }

    private static IEnumerable<ApplicationIdentifier> ParseLine(string line)
    {
        var hash = line.IndexOf('#');
        var title = hash >= 0 ? line[(hash + 1)..].Trim() : "";
        var tokens = (hash >= 0 ? line[..hash] : line).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2)
        {
            throw new FormatException($"expected an AI and a specification in '{line}'.");
        }
        var index = 1;
        var flags = "";
        if (!char.IsLetterOrDigit(tokens[1][0]) && tokens[1][0] != '[')
        {
            flags = tokens[1];
            index = 2;
        }
        var components = new List<AiComponent>();
        for (; index < tokens.Length && IsComponent(tokens[index]); index++)
        {
            components.Add(ParseComponent(tokens[index]));
        }
        if (components.Count == 0)
        {
            throw new FormatException($"no specification in '{line}'.");
        }
        var requisites = new List<AiRequisite>();
        var exclusions = new List<string>();
        List<IReadOnlyList<string>>? qualifiers = null;
        for (; index < tokens.Length; index++)
        {
            var token = tokens[index];
            if (token.StartsWith("req=", StringComparison.Ordinal))
            {
                requisites.Add(new AiRequisite(token[4..].Split(',').Select(a => (IReadOnlyList<string>)a.Split('+')).ToList()));
            }
            else if (token.StartsWith("ex=", StringComparison.Ordinal))
            {
                exclusions.AddRange(token[3..].Split(','));
            }
            else if (token == "dlpkey")
            {
                qualifiers ??= [];
            }
            else if (token.StartsWith("dlpkey=", StringComparison.Ordinal))
            {
                qualifiers ??= [];
                qualifiers.AddRange(token[7..].Split('|').Select(a => (IReadOnlyList<string>)a.Split(',')));
            }
            // Other attributes are ignored: the format allows keys this code does not use.
        }

        var range = tokens[0].Split('-');
        var first = range[0];
        var last = range.Length > 1 ? range[1] : first;
        if (first.Length != last.Length || !Gs1CheckDigit.IsAllDigits(first) || !Gs1CheckDigit.IsAllDigits(last))
        {
            throw new FormatException($"bad AI or AI range '{tokens[0]}'.");
        }
        for (var ai = int.Parse(first); ai <= int.Parse(last); ai++)
        {
            yield return new ApplicationIdentifier(
                ai.ToString().PadLeft(first.Length, '0'), title,
                FixedLengthPredefined: flags.Contains('*'),
                DigitalLinkDataAttribute: flags.Contains('?'),
                components, requisites, exclusions, qualifiers);
        }
    }

    private static bool IsComponent(string token) =>
        token[0] is 'N' or 'X' or 'Y' or 'Z' or '[' && !token.Contains('=');

    private static AiComponent ParseComponent(string token)
    {
        var parts = token.Split(',');
        var type = parts[0];
        var optional = type.StartsWith('[');
        if (optional)
        {
            type = type.Trim('[', ']');
        }
        var set = type[0] switch
        {
            'N' => AiCharacterSet.N,
            'X' => AiCharacterSet.X,
            'Y' => AiCharacterSet.Y,
            'Z' => AiCharacterSet.Z,
            _ => throw new FormatException($"unknown component type '{type}'."),
        };
        var length = type[1..];
        int min, max;
        if (length.StartsWith("..", StringComparison.Ordinal))
        {
            min = 1;
            max = int.Parse(length[2..]);
        }
        else
        {
            min = max = int.Parse(length);
        }
        return new AiComponent(set, min, max, optional, parts[1..]);
    }
}
