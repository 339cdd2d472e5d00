namespace Suyuan.Core.Identifiers;

/// <summary>The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a mod-31 check character.</summary>
public static class UnifiedSocialCreditCode
{
    /// <summary>The code alphabet; a character's value is its index (I, O, S, V and Z never occur).</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public const int Length = 18;

    /// <summary>Validates the length, the alphabet and the check character; lower case is read as upper case.</summary>
    public static IdentifierCheck Validate(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return IdentifierCheck.Invalid("The unified social credit code is empty.");
        }
        if (code.Length != Length)
        {
            return IdentifierCheck.Invalid($"A unified social credit code has {Length} characters, not {code.Length}.");
        }
        var upper = code.ToUpperInvariant();
        for (var i = 0; i < upper.Length; i++)
        {
            if (Alphabet.IndexOf(upper[i]) < 0)
            {
                return IdentifierCheck.Invalid($"'{code[i]}' at position {i + 1} is not allowed in a unified social credit code (allowed: {Alphabet}).");
            }
        }
        var expected = CheckCharacter(upper.AsSpan(0, Length - 1));
        return upper[^1] == expected
            ? IdentifierCheck.Valid
            : IdentifierCheck.Invalid($"The check character is {upper[^1]} but should be {expected}.");
    }

    /// <summary>The check character for the first 17 characters: 31 − (Σ Ci·3^(i−1) mod 31), with 31 read as 0.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            throw new ArgumentException($"Expected {Length - 1} characters.", nameof(first17));
        }
        int sum = 0, weight = 1;
        foreach (var c in first17)
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(c));
            if (value < 0)
            {
                throw new ArgumentException($"'{c}' is not in the code alphabet.", nameof(first17));
            }
            sum += value * weight;
            weight = weight * 3 % 31;
        }
        return Alphabet[(31 - sum % 31) % 31];
    }
}
