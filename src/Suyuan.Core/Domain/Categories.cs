namespace Suyuan.Core.Domain;

/// <summary>A product category the platform traces, and the departments that regulate it.</summary>
public sealed record Category(string Code, string NameZh, string NameEn, IReadOnlyList<string> Departments);

/// <summary>The seed's product systems (二、(二)); codes are stable identifiers used in profiles, catalogues, accounts and alerts.</summary>
public static class Categories
{
    public const string EdibleAgricultural = "edible-agricultural";
    public const string MeatVegetable = "meat-vegetable";
    public const string Food = "food";
    public const string ImportedWine = "imported-wine";
    public const string Drug = "drug";
    public const string AgriculturalInput = "agricultural-input";
    public const string Elevator = "elevator";
    public const string GasCylinder = "gas-cylinder";
    public const string HazardousChemical = "hazardous-chemical";

    public static IReadOnlyList<Category> All { get; } =
    [
        new(EdibleAgricultural, "食用农产品", "Edible agricultural products", [Domain.Departments.Agriculture, Domain.Departments.FoodDrug]),
        new(MeatVegetable, "肉菜流通", "Meat and vegetable circulation", [Domain.Departments.Commerce, Domain.Departments.Agriculture]),
        new(Food, "食品", "Food", [Domain.Departments.FoodDrug, Domain.Departments.Industry]),
        new(ImportedWine, "进口葡萄酒", "Imported wine", [Domain.Departments.InspectionQuarantine, Domain.Departments.FoodDrug]),
        new(Drug, "药品", "Drugs", [Domain.Departments.FoodDrug, Domain.Departments.Health]),
        new(AgriculturalInput, "农业投入品", "Agricultural inputs", [Domain.Departments.Agriculture]),
        new(Elevator, "电梯", "Elevators", [Domain.Departments.Quality]),
        new(GasCylinder, "气瓶", "Gas cylinders", [Domain.Departments.Quality]),
        new(HazardousChemical, "危险化学品", "Hazardous chemicals", [Domain.Departments.WorkSafety, Domain.Departments.Police]),
    ];

    public static Category? Find(string code) => All.FirstOrDefault(c => c.Code == code);

    /// <summary>The department that answers first for a category's alerts.</summary>
    public static string LeadDepartment(string category) => Find(category)?.Departments[0] ?? throw new ArgumentException($"unknown category '{category}'", nameof(category));
}
