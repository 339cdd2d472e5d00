using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Suyuan.Core.Identifiers;

/// <summary>The convenience alphas of Digital Link paths ("gtin" for 01, "ser" for 21, ...), read from the embedded GS1 Digital Link ABNF grammar.</summary>
internal static partial class DigitalLinkShortNames
{
    internal const string GrammarResource = "gs1-digital-link-grammar.abnf";

    private static readonly Lazy<FrozenDictionary<string, string>> AlphaToAi = new(Load);

    public static string? ToAi(string alpha) => AlphaToAi.Value.GetValueOrDefault(alpha);

    private static FrozenDictionary<string, string> Load()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        // Grammar lines read: gtin-code = "01" / %s"gtin"  ; comment
        foreach (Match m in CodeRule().Matches(StandardsData.ReadText(GrammarResource)))
        {
            map.TryAdd(m.Groups["alpha"].Value, m.Groups["ai"].Value);
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    [GeneratedRegex("""=\s*"(?<ai>\d{2,4})"\s*/\s*%s"(?<alpha>[A-Za-z]+)"(?=\s|;|$)""", RegexOptions.Multiline)]
    private static partial Regex CodeRule();
}
