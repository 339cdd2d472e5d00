using static Suyuan.Core.Domain.Categories;

namespace Suyuan.Core.Domain;

/// <summary>A kind of node in the traceability chains (养殖场, 屠宰场, 药店...), with the categories it is a node of.</summary>
public sealed record NodeType(string Code, string NameZh, string NameEn, IReadOnlyList<string> Categories);

/// <summary>The node types an enterprise registers as; codes are stable identifiers used in the registry, directory and dashboard.</summary>
public static class NodeTypes
{
    public const string Farm = "farm";
    public const string Cooperative = "cooperative";
    public const string PlantingBase = "planting-base";
    public const string Slaughterhouse = "slaughterhouse";
    public const string WholesaleMarket = "wholesale-market";
    public const string WholesaleTrader = "wholesale-trader";
    public const string VegetableMarket = "vegetable-market";
    public const string Supermarket = "supermarket";
    public const string DirectStore = "direct-store";
    public const string GroupPurchaser = "group-purchaser";
    public const string FoodMaker = "food-maker";
    public const string Importer = "importer";
    public const string DrugMaker = "drug-maker";
    public const string DrugWholesaler = "drug-wholesaler";
    public const string Pharmacy = "pharmacy";
    public const string Hospital = "hospital";
    public const string AgriInputMaker = "agri-input-maker";
    public const string AgriInputDealer = "agri-input-dealer";
    public const string ElevatorMaker = "elevator-maker";
    public const string ElevatorInstaller = "elevator-installer";
    public const string ElevatorMaintainer = "elevator-maintainer";
    public const string ElevatorUser = "elevator-user";
    public const string CylinderMaker = "cylinder-maker";
    public const string FillingStation = "filling-station";
    public const string CylinderInspector = "cylinder-inspector";
    public const string ChemicalMaker = "chemical-maker";
    public const string ChemicalDealer = "chemical-dealer";
    public const string ChemicalUser = "chemical-user";
    public const string ChemicalCarrier = "chemical-carrier";
    public const string ChemicalDisposer = "chemical-disposer";

    public static IReadOnlyList<NodeType> All { get; } =
    [
        new(Farm, "种养殖场", "Farm", [EdibleAgricultural, MeatVegetable, AgriculturalInput]),
        new(Cooperative, "农民专业合作社", "Farmers' co-operative", [EdibleAgricultural, AgriculturalInput]),
        new(PlantingBase, "种植基地", "Planting base", [EdibleAgricultural, Drug, AgriculturalInput]),
        new(Slaughterhouse, "屠宰场", "Slaughterhouse", [MeatVegetable]),
        new(WholesaleMarket, "批发市场", "Wholesale market", [MeatVegetable, EdibleAgricultural]),
        new(WholesaleTrader, "批发商户", "Wholesale trader", [MeatVegetable, EdibleAgricultural]),
        new(VegetableMarket, "菜市场", "Vegetable market", [MeatVegetable, EdibleAgricultural]),
        new(Supermarket, "超市", "Supermarket", [MeatVegetable, EdibleAgricultural, Food, ImportedWine]),
        new(DirectStore, "直营店", "Direct store", [MeatVegetable]),
        new(GroupPurchaser, "团体采购单位（食堂）", "Group purchaser or canteen", [MeatVegetable, Food]),
        new(FoodMaker, "食品生产企业", "Food maker", [Food]),
        new(Importer, "进口商", "Importer", [ImportedWine, Food]),
        new(DrugMaker, "药品生产企业", "Drug maker", [Drug]),
        new(DrugWholesaler, "药品批发企业", "Drug wholesaler", [Drug]),
        new(Pharmacy, "药品零售企业（药店）", "Pharmacy", [Drug]),
        new(Hospital, "医疗机构", "Hospital", [Drug]),
        new(AgriInputMaker, "农药生产企业", "Agri-input maker", [AgriculturalInput]),
        new(AgriInputDealer, "农资经营店", "Agri-input dealer", [AgriculturalInput]),
        new(ElevatorMaker, "电梯制造单位", "Elevator maker", [Elevator]),
        new(ElevatorInstaller, "电梯安装单位", "Elevator installer", [Elevator]),
        new(ElevatorMaintainer, "电梯维保单位", "Elevator maintainer", [Elevator]),
        new(ElevatorUser, "电梯使用单位", "Elevator user", [Elevator]),
        new(CylinderMaker, "气瓶制造单位", "Cylinder maker", [GasCylinder]),
        new(FillingStation, "气瓶充装单位", "Filling station", [GasCylinder]),
        new(CylinderInspector, "气瓶检验机构", "Cylinder inspector", [GasCylinder]),
        new(ChemicalMaker, "危险化学品生产企业", "Chemical maker", [HazardousChemical]),
        new(ChemicalDealer, "危险化学品经营企业", "Chemical dealer", [HazardousChemical]),
        new(ChemicalUser, "危险化学品使用单位", "Chemical user", [HazardousChemical]),
        new(ChemicalCarrier, "危险货物运输企业", "Chemical carrier", [HazardousChemical]),
        new(ChemicalDisposer, "危险废物处置单位", "Chemical disposer", [HazardousChemical]),
    ];

    public static NodeType? Find(string code) => All.FirstOrDefault(n => n.Code == code);

    /// <summary>The categories the node types are nodes of, in the order of <see cref="Categories.All"/>.</summary>
    public static IReadOnlyList<string> CategoriesOf(IEnumerable<string> nodeTypes)
    {
        var codes = nodeTypes.Select(Find).OfType<NodeType>().SelectMany(n => n.Categories).ToHashSet();
        return [.. Categories.All.Select(c => c.Code).Where(codes.Contains)];
    }
}
