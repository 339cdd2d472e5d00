using System.Security.Cryptography;

namespace Suyuan.Core.Identifiers;

/// <summary>A validated platform trace code: its 20 digits, issuer region and display form.</summary>
public sealed record PlatformTraceCodeValue(string Digits)
{
    /// <summary>The 4-digit GB/T 2260 prefecture code of the issuing platform (e.g. 3206 for Nantong).</summary>
    public string Region => Digits[..PlatformTraceCode.RegionLength];

    /// <summary>Five groups of four digits separated by spaces, as printed on receipts and read on the hotline.</summary>
    public string Display => string.Join(' ', Enumerable.Range(0, PlatformTraceCode.Length / 4).Select(i => Digits.Substring(i * 4, 4)));

    public override string ToString() => Digits;
}

/// <summary>The outcome of reading a platform trace code: the code, or why it is not one.</summary>
public sealed record PlatformTraceCodeCheck(PlatformTraceCodeValue? Code, string? Reason)
{
    public bool IsValid => Code is not null;
}

/// <summary>
/// Platform trace codes for enterprises without GS1 keys (docs/trace-code.md): 20 digits = 4-digit region, 15 random digits
/// from a CSPRNG, 1 Damm check digit, which catches every single-digit error and every adjacent transposition.
/// </summary>
public static class PlatformTraceCode
{
    public const int Length = 20;
    public const int RegionLength = 4;
    public const int RandomLength = 15;

    // A totally anti-symmetric quasigroup of order 10 with zero diagonal (H. M. Damm, 2004).
    private static readonly byte[,] Damm =
    {
        { 0, 3, 1, 7, 5, 9, 8, 6, 4, 2 },
        { 7, 0, 9, 2, 1, 5, 4, 8, 6, 3 },
        { 4, 2, 0, 6, 8, 7, 1, 3, 5, 9 },
        { 1, 7, 5, 0, 9, 8, 3, 4, 2, 6 },
        { 6, 1, 2, 3, 0, 4, 5, 9, 7, 8 },
        { 3, 6, 7, 4, 2, 0, 9, 5, 8, 1 },
        { 5, 8, 6, 9, 7, 2, 0, 1, 3, 4 },
        { 8, 9, 4, 5, 3, 6, 2, 0, 1, 7 },
        { 9, 4, 3, 8, 6, 1, 7, 2, 0, 5 },
        { 2, 5, 8, 1, 4, 3, 6, 7, 9, 0 },
    };

    /// <summary>A new code for the region: a GB/T 2260 code of which the first four digits (the prefecture) are used.</summary>
    public static PlatformTraceCodeValue Generate(string regionCode)
    {
        if (regionCode is null || regionCode.Length is not (4 or 6) || !Gs1CheckDigit.IsAllDigits(regionCode))
        {
            throw new ArgumentException("The region must be a 4- or 6-digit GB/T 2260 code, e.g. 3206 or 320612.", nameof(regionCode));
        }
        Span<char> digits = stackalloc char[Length];
        regionCode.AsSpan(0, RegionLength).CopyTo(digits);
        for (var i = RegionLength; i < Length - 1; i++)
        {
            // GetInt32 rejects out-of-range draws, so every digit is uniform.
            digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        }
        digits[^1] = CheckDigit(digits[..^1]);
        return new PlatformTraceCodeValue(new string(digits));
    }

    /// <summary>Reads a code as typed or spoken back: spaces, hyphens and full-width digits are accepted; the check digit must match.</summary>
    public static PlatformTraceCodeCheck Validate(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return new(null, "The trace code is empty.");
        }
        var digits = new List<char>(Length);
        foreach (var raw in input.Trim())
        {
            var c = raw is >= '０' and <= '９' ? (char)('0' + (raw - '０')) : raw;
            if (c is ' ' or '-' or '\u3000' or '－')
            {
                continue;
            }
            if (c is < '0' or > '9')
            {
                return new(null, $"'{raw}' is not allowed in a trace code: it has digits only.");
            }
            digits.Add(c);
        }
        if (digits.Count != Length)
        {
            return new(null, $"A trace code has {Length} digits, not {digits.Count}.");
        }
        var code = new string(digits.ToArray());
        return CheckDigit(code.AsSpan(0, Length - 1)) == code[^1]
            ? new(new PlatformTraceCodeValue(code), null)
            : new(null, "The trace code is mistyped: its check digit does not match. Please read it again.");
    }

    /// <summary>The Damm check digit of a digit string.</summary>
    public static char CheckDigit(ReadOnlySpan<char> digits)
    {
        var interim = 0;
        foreach (var c in digits)
        {
            interim = Damm[interim, c - '0'];
        }
        return (char)('0' + interim);
    }
}
