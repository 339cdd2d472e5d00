using System.Collections.Frozen;
using System.Globalization;

namespace Suyuan.Core.Identifiers;

/// <summary>
/// Content checks named in the syntax dictionary ("linters"). Those listed in <see cref="Skipped"/> need
/// reference tables (country, currency, IBAN, coupon and media codes) or the GS1 company prefix list and pass unchecked.
/// </summary>
public static class AiLinters
{
    /// <summary>GS1 CSET 82 in its defined order; the order gives the values used by csumalpha.</summary>
    internal const string Cset82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    internal const string Cset39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private const string Cset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private static readonly int[] Primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109];

    /// <summary>Linters recognised but not checked.</summary>
    public static readonly FrozenSet<string> Skipped = new[]
    {
        "gcppos1", "gcppos2", "iso3166", "iso3166999", "iso3166alpha2", "iso4217", "iban",
        "pcenc", "couponcode", "couponposoffer", "mediatype", "packagetype",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, Func<string, string?>> Checks = new Dictionary<string, Func<string, string?>>
    {
        ["csum"] = v => Gs1CheckDigit.IsValid(v) ? null : $"bad check digit: expected {Gs1CheckDigit.Compute(v.AsSpan(0, v.Length - 1))}",
        ["csumalpha"] = CheckAlphaPair,
        ["yymmdd"] = v => IsDate(v, allowZeroDay: false) ? null : "not a valid date YYMMDD",
        ["yymmd0"] = v => IsDate(v, allowZeroDay: true) ? null : "not a valid date YYMMDD (DD may be 00)",
        ["yyyymmdd"] = v => DateOnly.TryParseExact(v, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? null : "not a valid date YYYYMMDD",
        ["hh"] = v => InRange(v, 0, 23) ? null : "hour must be 00-23",
        ["mi"] = v => InRange(v, 0, 59) ? null : "minutes must be 00-59",
        ["ss"] = v => InRange(v, 0, 59) ? null : "seconds must be 00-59",
        ["hhmi"] = v => v.Length == 4 && InRange(v[..2], 0, 23) && InRange(v[2..], 0, 59) ? null : "not a valid time HHMI",
        ["zero"] = v => v == "0" ? null : "must be 0",
        ["nonzero"] = v => v.Any(c => c != '0') ? null : "must not be zero",
        ["nozeroprefix"] = v => v.Length > 1 && v[0] == '0' ? "must not start with 0" : null,
        ["hasnondigit"] = v => v.Any(c => c is < '0' or > '9') ? null : "must contain a non-digit",
        ["yesno"] = v => v is "0" or "1" ? null : "must be 0 or 1",
        ["hyphen"] = v => v.All(c => c == '-') ? null : "must be '-'",
        ["winding"] = v => v is "0" or "1" or "9" ? null : "winding direction must be 0, 1 or 9",
        ["iso5218"] = v => v is "0" or "1" or "2" or "9" ? null : "sex must be 0, 1, 2 or 9 (ISO 5218)",
        ["importeridx"] = v => v.Length == 1 && (char.IsAsciiLetterOrDigit(v[0]) || v[0] is '-' or '_') ? null : "not a valid importer index",
        ["latitude"] = v => ulong.Parse(v, CultureInfo.InvariantCulture) <= 1_800_000_000 ? null : "latitude out of range",
        ["longitude"] = v => ulong.Parse(v, CultureInfo.InvariantCulture) <= 3_600_000_000 ? null : "longitude out of range",
        ["pieceoftotal"] = CheckPieceOfTotal,
        ["posinseqslash"] = CheckPositionInSequence,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Runs one linter; null when the value passes or the linter is skipped.</summary>
    public static string? Run(string linter, string value)
    {
        if (Checks.TryGetValue(linter, out var check))
        {
            return check(value);
        }
        return Skipped.Contains(linter) ? null : $"unknown check '{linter}'";
    }

    /// <summary>True when the linter is actually evaluated by <see cref="Run"/>.</summary>
    public static bool IsImplemented(string linter) => Checks.ContainsKey(linter);

    private static bool InRange(string v, int min, int max) =>
        int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max;

    private static bool IsDate(string v, bool allowZeroDay)
    {
        if (v.Length != 6 || !Gs1CheckDigit.IsAllDigits(v))
        {
            return false;
        }
        var month = int.Parse(v.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(v.AsSpan(4, 2), CultureInfo.InvariantCulture);
        if (month is < 1 or > 12)
        {
            return false;
        }
        // Feb 29 is allowed only in leap years; YY is read in the 2000s, where every multiple of 4 is a leap year.
        var year = 2000 + int.Parse(v.AsSpan(0, 2), CultureInfo.InvariantCulture);
        return (allowZeroDay && day == 0) || (day >= 1 && day <= DateTime.DaysInMonth(year, month));
    }

    private static string? CheckAlphaPair(string v)
    {
        if (v.Length < 3)
        {
            return "too short to carry check characters";
        }
        var data = v[..^2];
        if (data.Length > Primes.Length)
        {
            return "too long for the check character pair";
        }
        var sum = 0;
        for (var i = 0; i < data.Length; i++)
        {
            var value = Cset82.IndexOf(data[i]);
            if (value < 0)
            {
                return $"'{data[i]}' is not in CSET 82";
            }
            // The rightmost data character takes the smallest prime weight.
            sum += value * Primes[data.Length - 1 - i];
        }
        sum %= 1021;
        var expected = $"{Cset32[sum >> 5]}{Cset32[sum & 31]}";
        return v.EndsWith(expected, StringComparison.Ordinal) ? null : $"bad check character pair: expected {expected}";
    }

    private static string? CheckPieceOfTotal(string v)
    {
        if (v.Length % 2 != 0 || !Gs1CheckDigit.IsAllDigits(v))
        {
            return "piece/total must be an even number of digits";
        }
        var half = v.Length / 2;
        var piece = int.Parse(v[..half], CultureInfo.InvariantCulture);
        var total = int.Parse(v[half..], CultureInfo.InvariantCulture);
        return piece >= 1 && total >= 1 && piece <= total ? null : "piece must be 1..total";
    }

    private static string? CheckPositionInSequence(string v)
    {
        var parts = v.Split('/');
        return parts.Length == 2 && InRange(parts[0], 1, 9) && InRange(parts[1], 1, 9) && int.Parse(parts[0], CultureInfo.InvariantCulture) <= int.Parse(parts[1], CultureInfo.InvariantCulture)
            ? null
            : "must be position/count, e.g. 1/2";
    }
}
