namespace Suyuan.Core.Domain;

/// <summary>A city department that regulates some product categories (the seed's 市商务局, 市农委...).</summary>
public sealed record Department(string Code, string NameZh, string NameEn);

/// <summary>The departments named in the city's plan; codes are stable identifiers used in accounts, alerts and the directory.</summary>
public static class Departments
{
    public const string Commerce = "commerce";
    public const string Agriculture = "agriculture";
    public const string FoodDrug = "food-drug";
    public const string Quality = "quality";
    public const string WorkSafety = "work-safety";
    public const string Police = "police";
    public const string Industry = "industry";
    public const string Health = "health";
    public const string OceanFishery = "ocean-fishery";
    public const string InspectionQuarantine = "inspection-quarantine";

    public static IReadOnlyList<Department> All { get; } =
    [
        new(Commerce, "市商务局", "Commerce Bureau"),
        new(Agriculture, "市农委", "Agriculture Commission"),
        new(FoodDrug, "市食药监局", "Food and Drug Administration"),
        new(Quality, "市质监局", "Quality and Technical Supervision Bureau (special equipment)"),
        new(WorkSafety, "市安监局", "Work Safety Administration"),
        new(Police, "市公安局", "Public Security Bureau"),
        new(Industry, "市经信委", "Economy and Information Technology Commission"),
        new(Health, "市卫计委", "Health and Family Planning Commission"),
        new(OceanFishery, "市海洋与渔业局", "Ocean and Fishery Bureau"),
        new(InspectionQuarantine, "南通检验检疫局", "Entry-Exit Inspection and Quarantine Bureau"),
    ];

    public static Department? Find(string code) => All.FirstOrDefault(d => d.Code == code);
}
