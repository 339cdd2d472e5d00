namespace Suyuan.Core.Domain;

/// <summary>A kind of fault the rules detect, with the category whose departments it is raised for.</summary>
public sealed record AlertKind(string Code, string Category, string NameZh, string NameEn);

/// <summary>Every alert kind <c>GET /api/alerts</c> can return.</summary>
public static class AlertKinds
{
    public const string OriginCertificateMissing = "origin-certificate-missing";
    public const string QuarantineCertificateMissing = "quarantine-certificate-missing";
    public const string PesticideSafetyInterval = "pesticide-safety-interval";
    public const string BannedPesticide = "banned-pesticide";
    public const string DrugSerialDuplicate = "drug-serial-duplicate";
    public const string DrugDispensedExpired = "drug-dispensed-expired";
    public const string AggregationConflict = "aggregation-conflict";
    public const string SaleAfterRecall = "sale-after-recall";
    public const string ChainBreak = "chain-break";
    public const string ElevatorMaintenanceOverdue = "elevator-maintenance-overdue";
    public const string ElevatorInspectionOverdue = "elevator-inspection-overdue";
    public const string CylinderInspectionOverdue = "cylinder-inspection-overdue";
    public const string CylinderScrapped = "cylinder-scrapped";
    public const string ChemicalMassImbalance = "chemical-mass-imbalance";
    public const string ChemicalBuyerWithoutPermit = "chemical-buyer-without-permit";

    /// <summary>The category is the default; a rule may raise a kind for the category of the goods involved (a sale after recall of a drug is a drug alert).</summary>
    public static IReadOnlyList<AlertKind> All { get; } =
    [
        new(OriginCertificateMissing, Categories.EdibleAgricultural, "产地证明缺失", "Origin certificate missing at market entry"),
        new(QuarantineCertificateMissing, Categories.MeatVegetable, "检疫证明缺失", "Meat without a quarantine certificate"),
        new(PesticideSafetyInterval, Categories.AgriculturalInput, "安全间隔期内采收", "Harvest within a pesticide's safety interval"),
        new(BannedPesticide, Categories.AgriculturalInput, "违禁农药", "Banned pesticide sold or used"),
        new(DrugSerialDuplicate, Categories.Drug, "药品追溯码重复", "Drug serial commissioned twice"),
        new(DrugDispensedExpired, Categories.Drug, "过期药品售出", "Drug dispensed after expiry"),
        new(AggregationConflict, Categories.Drug, "包装关系冲突", "A unit in two containers at once"),
        new(SaleAfterRecall, Categories.Food, "召回后销售", "Sale after a recall"),
        new(ChainBreak, Categories.Food, "追溯链断裂", "Received but never shipped (chain break)"),
        new(ElevatorMaintenanceOverdue, Categories.Elevator, "电梯维保超期", "Elevator maintenance overdue"),
        new(ElevatorInspectionOverdue, Categories.Elevator, "电梯定期检验超期", "Elevator inspection overdue"),
        new(CylinderInspectionOverdue, Categories.GasCylinder, "气瓶超期未检", "Cylinder inspection overdue"),
        new(CylinderScrapped, Categories.GasCylinder, "报废气瓶", "Scrapped cylinder in use"),
        new(ChemicalMassImbalance, Categories.HazardousChemical, "危化品数量不平衡", "Hazardous chemical mass imbalance"),
        new(ChemicalBuyerWithoutPermit, Categories.HazardousChemical, "购买单位无许可", "Buyer without a permit"),
    ];

    public static AlertKind? Find(string code) => All.FirstOrDefault(k => k.Code == code);
}
