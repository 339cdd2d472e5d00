namespace Suyuan.Core.Identifiers;

/// <summary>One AI with its value, e.g. (01) 09520123456788.</summary>
public sealed record AiElement(string Ai, string Value)
{
    public override string ToString() => $"({Ai}){Value}";
}

/// <summary>Checks AI values against the dictionary: format components, linters, requisites and exclusions.</summary>
public static class AiValidation
{
    /// <summary>Null when the value is valid for the AI; otherwise the reason, naming the AI.</summary>
    public static string? CheckValue(ApplicationIdentifier entry, string value)
    {
        var pos = 0;
        foreach (var component in entry.Components)
        {
            var remaining = value.Length - pos;
            if (remaining == 0 && component.Optional)
            {
                break;
            }
            if (remaining < component.MinLength)
            {
                return $"AI ({entry.Ai}) value '{value}' is too short.";
            }
            var length = Math.Min(remaining, component.MaxLength);
            var part = value.Substring(pos, length);
            var badChar = part.FirstOrDefault(c => !InSet(component.CharacterSet, c));
            if (badChar != default)
            {
                return $"AI ({entry.Ai}) value '{value}' contains '{badChar}', which is not allowed ({Describe(component.CharacterSet)}).";
            }
            foreach (var linter in component.Linters)
            {
                var problem = AiLinters.Run(linter, part);
                if (problem is not null)
                {
                    return $"AI ({entry.Ai}) value '{value}': {problem}.";
                }
            }
            pos += length;
        }
        return pos < value.Length ? $"AI ({entry.Ai}) value '{value}' is too long (at most {entry.MaxLength} characters)." : null;
    }

    /// <summary>Null when every AI's requisites are present and no exclusion is violated; otherwise the first problem.</summary>
    public static string? CheckAssociations(IReadOnlyList<AiElement> elements, AiDictionary dictionary)
    {
        var present = elements.Select(e => e.Ai).Distinct().ToList();
        foreach (var ai in present)
        {
            var entry = dictionary.Find(ai);
            if (entry is null)
            {
                continue;
            }
            foreach (var ex in entry.Exclusions)
            {
                var clash = present.FirstOrDefault(other => other != ai && Matches(ex, other));
                if (clash is not null)
                {
                    return $"AI ({ai}) cannot be used together with AI ({clash}).";
                }
            }
            foreach (var requisite in entry.Requisites)
            {
                if (!requisite.Alternatives.Any(alt => alt.All(pattern => present.Any(p => Matches(pattern, p)))))
                {
                    var options = string.Join(" or ", requisite.Alternatives.Select(a => string.Join("+", a.Select(x => $"({x})"))));
                    return $"AI ({ai}) requires {options}.";
                }
            }
        }
        return null;
    }

    /// <summary>Whether an AI matches a dictionary pattern where "n" stands for any digit.</summary>
    internal static bool Matches(string pattern, string ai)
    {
        if (pattern.Length != ai.Length)
        {
            return false;
        }
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != 'n' && pattern[i] != ai[i])
            {
                return false;
            }
        }
        return true;
    }

    internal static bool InSet(AiCharacterSet set, char c) => set switch
    {
        AiCharacterSet.N => c is >= '0' and <= '9',
        AiCharacterSet.X => AiLinters.Cset82.Contains(c),
        AiCharacterSet.Y => AiLinters.Cset39.Contains(c),
        _ => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '=',
    };

    private static string Describe(AiCharacterSet set) => set switch
    {
        AiCharacterSet.N => "digits only",
        AiCharacterSet.X => "GS1 character set 82",
        AiCharacterSet.Y => "GS1 character set 39",
        _ => "base64url",
    };
}
