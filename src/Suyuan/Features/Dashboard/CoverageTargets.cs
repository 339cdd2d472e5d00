using Suyuan.Core.Domain;

namespace Suyuan.Features.Dashboard;

/// <summary>Which registered enterprises a target counts: a category, optionally narrowed to node types, product lines and regions.</summary>
internal sealed record CoverageGroup(string Category, IReadOnlyList<string>? NodeTypes = null, string? ProductLine = null, IReadOnlyList<string>? Regions = null)
{
    public bool Contains(EnterpriseFacts e) =>
        e.Categories.Contains(Category)
        && (NodeTypes is null || NodeTypes.Any(e.NodeTypes.Contains))
        && (ProductLine is null || e.ProductLines.Contains(ProductLine))
        && (Regions is null || Regions.Any(r => e.Region.StartsWith(r, StringComparison.Ordinal)));
}

/// <summary>
/// A target of the city's plan (通政办发〔2017〕178号 二、(二)): either a share of the group's registered enterprises that
/// report (Percent), or a number of reporting enterprises (Count).
/// </summary>
internal sealed record CoverageTarget(string Id, string NameZh, string NameEn, CoverageGroup Group, double? Percent = null, int? Count = null);

internal static class CoverageTargets
{
    private const string Haian = "320685";
    private const string Haimen = "320614";

    public static IReadOnlyList<CoverageTarget> Plan { get; } =
    [
        new("dairy", "乳制品生产企业", "Dairy makers", new(Categories.Food, ["food-maker"], "dairy"), Percent: 100),
        new("liquor", "白酒生产企业", "Liquor makers", new(Categories.Food, ["food-maker"], "liquor"), Percent: 95),
        new("additives", "食品添加剂生产企业", "Food additive makers", new(Categories.Food, ["food-maker"], "food-additive"), Percent: 95),
        new("meat-products", "肉制品生产企业", "Meat product makers", new(Categories.Food, ["food-maker"], "meat-product"), Percent: 35),
        new("edible-oil", "食用植物油生产企业", "Edible oil makers", new(Categories.Food, ["food-maker"], "edible-oil"), Percent: 20),
        new("food-enterprises", "食品追溯企业总数", "Food enterprises tracing", new(Categories.Food), Count: 150),
        new("slaughterhouses", "生猪屠宰场", "Pig slaughterhouses", new(Categories.MeatVegetable, ["slaughterhouse"]), Count: 2),
        new("planting-bases", "蔬菜种植基地", "Planting bases", new(Categories.MeatVegetable, ["planting-base"]), Count: 3),
        new("wholesale-markets", "批发市场", "Wholesale markets", new(Categories.MeatVegetable, ["wholesale-market"]), Count: 1),
        new("vegetable-markets", "菜市场", "Vegetable markets", new(Categories.MeatVegetable, ["vegetable-market"]), Count: 30),
        new("supermarkets", "超市", "Supermarkets", new(Categories.MeatVegetable, ["supermarket"]), Count: 10),
        new("direct-stores", "直营店", "Direct stores", new(Categories.MeatVegetable, ["direct-store"]), Count: 20),
        new("group-purchasers", "团体消费单位", "Group purchasers", new(Categories.MeatVegetable, ["group-purchaser"]), Count: 10),
        new("agri-inputs-pilot", "农资经营主体（海安、海门试点）", "Farm-input dealers (Hai'an, Haimen pilot)", new(Categories.AgriculturalInput, Regions: [Haian, Haimen]), Percent: 10),
        new("elevators", "电梯使用与维保单位", "Elevator users and maintainers", new(Categories.Elevator), Percent: 100),
        new("cylinders", "气瓶充装单位", "Gas cylinder filling stations", new(Categories.GasCylinder), Percent: 100),
        new("hazardous-chemicals", "危险化学品单位", "Hazardous chemical enterprises", new(Categories.HazardousChemical), Percent: 100),
    ];
}
