namespace Suyuan.Core.Identifiers;

/// <summary>The fixed-length numeric GS1 keys that carry a mod-10 check digit.</summary>
public enum Gs1KeyType
{
    Gtin8,
    Gtin12,
    Gtin13,
    Gtin14,
    /// <summary>Any GTIN length (8, 12, 13 or 14).</summary>
    Gtin,
    Gln,
    Sscc,
}

/// <summary>Outcome of checking an identifier: valid, or why not.</summary>
public sealed record IdentifierCheck(bool IsValid, string? Reason)
{
    public static readonly IdentifierCheck Valid = new(true, null);

    public static IdentifierCheck Invalid(string reason) => new(false, reason);
}

/// <summary>Validation of GTIN-8/12/13/14, GLN and SSCC.</summary>
public static class Gs1Key
{
    public static IdentifierCheck Validate(string? value, Gs1KeyType type)
    {
        var name = type switch
        {
            Gs1KeyType.Gtin8 => "GTIN-8",
            Gs1KeyType.Gtin12 => "GTIN-12",
            Gs1KeyType.Gtin13 => "GTIN-13",
            Gs1KeyType.Gtin14 => "GTIN-14",
            Gs1KeyType.Gtin => "GTIN",
            Gs1KeyType.Gln => "GLN",
            Gs1KeyType.Sscc => "SSCC",
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        int[] lengths = type switch
        {
            Gs1KeyType.Gtin8 => [8],
            Gs1KeyType.Gtin12 => [12],
            Gs1KeyType.Gtin13 => [13],
            Gs1KeyType.Gtin14 => [14],
            Gs1KeyType.Gtin => [8, 12, 13, 14],
            Gs1KeyType.Gln => [13],
            _ => [18],
        };
        if (string.IsNullOrEmpty(value))
        {
            return IdentifierCheck.Invalid($"{name} is empty.");
        }
        if (!lengths.Contains(value.Length))
        {
            return IdentifierCheck.Invalid($"{name} must have {string.Join(" or ", lengths)} digits, not {value.Length}.");
        }
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] is < '0' or > '9')
            {
                return IdentifierCheck.Invalid($"{name} must be digits only; '{value[i]}' at position {i + 1} is not a digit.");
            }
        }
        var expected = Gs1CheckDigit.Compute(value.AsSpan(0, value.Length - 1));
        return expected == value[^1]
            ? IdentifierCheck.Valid
            : IdentifierCheck.Invalid($"{name} check digit is {value[^1]} but should be {expected}.");
    }

    public static IdentifierCheck ValidateGtin(string? value) => Validate(value, Gs1KeyType.Gtin);

    public static IdentifierCheck ValidateGln(string? value) => Validate(value, Gs1KeyType.Gln);

    public static IdentifierCheck ValidateSscc(string? value) => Validate(value, Gs1KeyType.Sscc);

    /// <summary>A valid GTIN of any length, left-padded with zeros to GTIN-14; null when invalid.</summary>
    public static string? ToGtin14(string? value) =>
        ValidateGtin(value).IsValid ? value!.PadLeft(14, '0') : null;
}
