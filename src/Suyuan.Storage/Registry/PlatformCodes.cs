using System.Globalization;
using Suyuan.Core.Identifiers;

namespace Suyuan.Storage.Registry;

/// <summary>The platform's own codes for subjects (主体码) and products without GTINs (docs/registry.md).</summary>
public static class PlatformCodes
{
    public const string SubjectPrefix = "urn:suyuan:subject:";
    public const string ProductPrefix = "P";

    /// <summary>Subject code: GB/T 2260 region of the place of business (6) + USCC (18) + node number (2, 01 = the enterprise itself).</summary>
    public static string Subject(string region, string uscc, int node)
    {
        if (node is < 1 or > 99)
        {
            throw new ArgumentOutOfRangeException(nameof(node), "a subject has nodes 01 to 99");
        }
        return SubjectPrefix + region + uscc.ToUpperInvariant() + node.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>Reads a subject code back into its parts; null when it is not one.</summary>
    public static (string Region, string Uscc, int Node)? ReadSubject(string code)
    {
        if (!code.StartsWith(SubjectPrefix, StringComparison.Ordinal) || code.Length != SubjectPrefix.Length + 26)
        {
            return null;
        }
        var body = code[SubjectPrefix.Length..];
        var region = body[..6];
        var uscc = body[6..24];
        return region.All(char.IsAsciiDigit) && int.TryParse(body[24..], NumberStyles.None, CultureInfo.InvariantCulture, out var node) && node >= 1
            && uscc.All(c => UnifiedSocialCreditCode.Alphabet.Contains(c))
            ? (region, uscc, node) : null;
    }

    /// <summary>Platform product code: P + the prefecture (4) + a 9-digit catalogue serial + a Damm check digit, so a misread code is caught.</summary>
    public static string Product(string region, long serial)
    {
        var digits = region[..4] + (serial % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);
        return ProductPrefix + digits + PlatformTraceCode.CheckDigit(digits);
    }
}
