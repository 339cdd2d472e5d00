namespace Suyuan.Core.Profiles;

/// <summary>Crop groups the bans are scoped to; a crop name not listed belongs to none (only outright bans apply to it).</summary>
public static class CropGroups
{
    public const string Vegetable = "vegetable";
    public const string Fruit = "fruit";
    public const string Tea = "tea";
    public const string Herb = "herb";

    public static IReadOnlyDictionary<string, string> ByCrop { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["青菜"] = Vegetable, ["白菜"] = Vegetable, ["大白菜"] = Vegetable, ["甘蓝"] = Vegetable, ["番茄"] = Vegetable, ["黄瓜"] = Vegetable,
        ["辣椒"] = Vegetable, ["韭菜"] = Vegetable, ["芹菜"] = Vegetable, ["菠菜"] = Vegetable,
        ["梨树"] = Fruit, ["梨"] = Fruit, ["葡萄"] = Fruit, ["桃"] = Fruit, ["桃树"] = Fruit, ["苹果"] = Fruit, ["柑橘"] = Fruit, ["草莓"] = Fruit,
        ["茶"] = Tea, ["茶树"] = Tea, ["茶叶"] = Tea,
        ["丹参"] = Herb, ["中药材"] = Herb,
    };

    public static string? Of(string? crop) => crop is not null && ByCrop.TryGetValue(crop.Trim(), out var group) ? group : null;
}

/// <summary>
/// A banned active ingredient from a date: outright (no crop groups) or on the crop groups listed. Dates marked [U] in
/// <see cref="Source"/> are not confirmed from the official text: the list is data to be kept up to date, not a constant.
/// </summary>
public sealed record BannedPesticide(string IngredientZh, string IngredientEn, DateOnly Since, IReadOnlyList<string> CropGroups, string Source)
{
    public bool Outright => CropGroups.Count == 0;

    /// <summary>True when using or selling a product of this ingredient on that day for that crop is banned.</summary>
    public bool Bans(DateOnly day, string? crop) => day >= Since && (Outright || (CropGroups is var groups && Profiles.CropGroups.Of(crop) is { } group && groups.Contains(group)));
}

public static class BannedPesticides
{
    private static readonly string[] FoodCrops = [CropGroups.Vegetable, CropGroups.Fruit, CropGroups.Tea, CropGroups.Herb];

    public static IReadOnlyList<BannedPesticide> All { get; } =
    [
        new("六六六", "HCH", new(1983, 4, 1), [], "国务院 1983 停产 [U: date]"),
        new("滴滴涕", "DDT", new(1983, 4, 1), [], "国务院 1983 停产 [U: date]"),
        new("毒鼠强", "tetramine", new(2002, 6, 5), [], "农业部公告第199号"),
        new("甲胺磷", "methamidophos", new(2007, 1, 1), [], "农业部公告第274号、第632号"),
        new("对硫磷", "parathion", new(2007, 1, 1), [], "农业部公告第274号、第632号"),
        new("久效磷", "monocrotophos", new(2007, 1, 1), [], "农业部公告第274号、第632号"),
        new("甲拌磷", "phorate", new(2002, 6, 5), FoodCrops, "农业部公告第199号; 2019 第2032号 [U: dates]"),
        new("克百威", "carbofuran", new(2002, 6, 5), FoodCrops, "农业部公告第199号; 2019 第2032号 [U: dates]"),
        new("涕灭威", "aldicarb", new(2002, 6, 5), FoodCrops, "农业部公告第199号; 2019 第2032号 [U: dates]"),
        new("三氯杀螨醇", "dicofol", new(2002, 6, 5), [CropGroups.Tea], "农业部公告第199号 (outright from 2018-10-01, 第2445号) [U]"),
        new("氰戊菊酯", "fenvalerate", new(2002, 6, 5), [CropGroups.Tea], "农业部公告第199号"),
    ];

    /// <summary>The ban that applies to a product (its name or active ingredient naming a banned ingredient) on that day for that crop.</summary>
    public static BannedPesticide? Find(string productOrIngredient, DateOnly day, string? crop) =>
        All.FirstOrDefault(b => productOrIngredient.Contains(b.IngredientZh, StringComparison.Ordinal) && b.Bans(day, crop));
}

/// <summary>
/// The days that must pass between the last application and harvest (安全间隔期), per active ingredient and crop group
/// (null crop group: any crop). The figures come from product labels and GB/T 8321 and vary by product [U]: data, not constants.
/// </summary>
public sealed record SafetyInterval(string IngredientZh, string? CropGroup, int Days, string Source);

public static class SafetyIntervals
{
    public static IReadOnlyList<SafetyInterval> All { get; } =
    [
        new("吡虫啉", CropGroups.Vegetable, 7, "GB/T 8321 label practice [U]"),
        new("吡虫啉", CropGroups.Fruit, 14, "GB/T 8321 label practice [U]"),
        new("吡虫啉", null, 14, "default when the crop is not known [U]"),
        new("毒死蜱", null, 21, "label practice [U]"),
        new("阿维菌素", null, 7, "label practice [U]"),
        new("多菌灵", null, 14, "label practice [U]"),
        new("高效氯氰菊酯", null, 7, "label practice [U]"),
    ];

    /// <summary>The interval for a product name or active ingredient on a crop: the crop group's figure, else the default one.</summary>
    public static SafetyInterval? Find(string productOrIngredient, string? crop)
    {
        var group = CropGroups.Of(crop);
        var matches = All.Where(s => productOrIngredient.Contains(s.IngredientZh, StringComparison.Ordinal)).ToList();
        return matches.FirstOrDefault(s => s.CropGroup is not null && s.CropGroup == group) ?? matches.FirstOrDefault(s => s.CropGroup is null);
    }
}
