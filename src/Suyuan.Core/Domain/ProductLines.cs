namespace Suyuan.Core.Domain;

/// <summary>A product line within a category, where the city's plan sets its own target (乳制品 100 %, 肉制品 ≥ 35 %…).</summary>
public sealed record ProductLine(string Code, string Category, string NameZh, string NameEn);

public static class ProductLines
{
    public const string Dairy = "dairy";
    public const string Liquor = "liquor";
    public const string FoodAdditive = "food-additive";
    public const string MeatProduct = "meat-product";
    public const string EdibleOil = "edible-oil";
    public const string YellowWine = "yellow-wine";

    public static IReadOnlyList<ProductLine> All { get; } =
    [
        new(Dairy, Categories.Food, "乳制品", "Dairy"),
        new(Liquor, Categories.Food, "白酒", "Liquor"),
        new(FoodAdditive, Categories.Food, "食品添加剂", "Food additives"),
        new(MeatProduct, Categories.Food, "肉制品", "Meat products"),
        new(EdibleOil, Categories.Food, "食用植物油", "Edible oil"),
        new(YellowWine, Categories.Food, "黄酒", "Yellow wine"),
    ];

    public static ProductLine? Find(string code) => All.FirstOrDefault(p => p.Code == code);
}
