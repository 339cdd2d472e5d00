namespace Suyuan.Core.Identifiers;

/// <summary>The GS1 mod-10 check digit (GS1 General Specifications 7.9.1), used by GTIN, GLN, SSCC, GSIN, GSRN, GDTI and others.</summary>
public static class Gs1CheckDigit
{
    /// <summary>Check digit for the given digits (the key without its check digit).</summary>
    public static char Compute(ReadOnlySpan<char> digitsWithoutCheck)
    {
        var sum = 0;
        // Weights alternate 3,1,3,... starting from the rightmost data digit.
        for (int i = digitsWithoutCheck.Length - 1, weight = 3; i >= 0; i--, weight = 4 - weight)
        {
            var c = digitsWithoutCheck[i];
            if (c is < '0' or > '9')
            {
                throw new ArgumentException($"'{digitsWithoutCheck}' contains a non-digit.", nameof(digitsWithoutCheck));
            }
            sum += (c - '0') * weight;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }

    /// <summary>True when the last digit is the correct check digit of the ones before it.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits) =>
        digits.Length >= 2 && IsAllDigits(digits) && Compute(digits[..^1]) == digits[^1];

    internal static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }
}
