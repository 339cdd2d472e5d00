namespace Suyuan.Core.Domain;

/// <summary>A GB/T 2260 administrative division; <paramref name="Former"/> marks a code no longer current but found on older records.</summary>
public sealed record Region(string Code, string NameZh, string NameEn, bool Former = false);

/// <summary>The outcome of reading a region: its 6-digit code, or why it is not one.</summary>
public sealed record RegionCheck(string? Code, string? Reason)
{
    public bool IsValid => Code is not null;
}

/// <summary>GB/T 2260 region codes: any 6-digit code is accepted; Nantong's districts are also known by name.</summary>
public static class Regions
{
    public const string Nantong = "320600";

    public static IReadOnlyList<Region> NantongDistricts { get; } =
    [
        new("320602", "崇川区", "Chongchuan"),
        new("320612", "通州区", "Tongzhou"),
        new("320614", "海门区", "Haimen"),
        new("320623", "如东县", "Rudong"),
        new("320681", "启东市", "Qidong"),
        new("320682", "如皋市", "Rugao"),
        new("320685", "海安市", "Hai'an"),
        // Names of 2017, kept so that older records and the seed read correctly.
        new("320621", "海安县", "Hai'an County", Former: true),
        new("320684", "海门市", "Haimen City", Former: true),
        new("320611", "港闸区", "Gangzha", Former: true),
    ];

    public static Region City { get; } = new(Nantong, "南通市", "Nantong");

    public static Region? Find(string code) => code == Nantong ? City : NantongDistricts.FirstOrDefault(r => r.Code == code);

    /// <summary>A 6-digit code, or a known name (崇川区, Chongchuan); a 3206xx code must be one of Nantong's known divisions.</summary>
    public static RegionCheck Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new(null, "The region is empty.");
        }
        var value = text.Trim();
        var named = NantongDistricts.Where(r => !r.Former).Concat(NantongDistricts.Where(r => r.Former)).Prepend(City)
            .FirstOrDefault(r => r.NameZh == value || string.Equals(r.NameEn, value, StringComparison.OrdinalIgnoreCase));
        if (named is not null)
        {
            return new(named.Code, null);
        }
        if (value.Length != 6 || !value.All(char.IsAsciiDigit))
        {
            return new(null, $"'{value}' is not a GB/T 2260 region: a 6-digit code (e.g. 320602) or a Nantong district name (e.g. 崇川区).");
        }
        if (value.StartsWith(Nantong[..4], StringComparison.Ordinal) && Find(value) is null)
        {
            return new(null, $"{value} is not a division of Nantong; known: {string.Join(", ", NantongDistricts.Where(r => !r.Former).Select(r => $"{r.Code} {r.NameZh}"))}.");
        }
        return new(value, null);
    }

    /// <summary>The name of a known code, else the code.</summary>
    public static string NameOf(string code) => Find(code)?.NameZh ?? code;
}
