using Suyuan.Core.Domain;
using Suyuan.Features.Registry;
using Suyuan.Storage.Registry;
using static Suyuan.Core.Domain.Categories;
using static Suyuan.Core.Domain.NodeTypes;

namespace Suyuan.Features.Demo;

/// <summary>
/// Registers the demo city in the registry: every enterprise (party = PGLN, sites = SGLNs) with node types, categories, a licence
/// and a contact; catalogue entries for the demo products; and enterprises registered but not yet reporting, so that coverage is
/// below 100 % where the city plan says it is not yet met (docs/registry.md).
/// </summary>
internal static class DemoRegistry
{
    // The item references DemoChains uses for the products (GTIN = company prefix + item reference).
    private const int FruitItem = 1, PorkCarcass = 1, RawMilk = 1, UhtMilk = 2, Rapeseed = 1, RapeseedOil = 2, Sorghum = 1, BaseLiquor = 2, YellowWine = 3;
    private const int Amoxicillin = 101, RawHerb = 1, HerbSlices = 11, Pesticide = 21, Cyanide = 31;

    /// <summary>Enterprises registered in meat and edible oil that never report: 8 of 23 meat nodes report (≈35 %), 2 of 10 oil nodes (20 %).</summary>
    public const int SilentMeatNodes = 15, SilentOilNodes = 8;

    private static readonly IReadOnlyDictionary<string, (string[] NodeTypes, string[] Categories, string Licence)> Kinds = new Dictionary<string, (string[], string[], string)>
    {
        ["fruit base"] = ([Cooperative, PlantingBase], [EdibleAgricultural, AgriculturalInput], "食用农产品合格证开具备案"),
        ["pig farm"] = ([Farm], [MeatVegetable], "动物防疫条件合格证"),
        ["slaughterhouse"] = ([NodeTypes.Slaughterhouse], [MeatVegetable], "生猪定点屠宰证"),
        ["wholesale market"] = ([NodeTypes.WholesaleMarket], [MeatVegetable, EdibleAgricultural], "食品经营许可证"),
        ["wholesale trader"] = ([NodeTypes.WholesaleTrader], [MeatVegetable], "食品经营许可证"),
        ["vegetable market"] = ([NodeTypes.VegetableMarket], [MeatVegetable, EdibleAgricultural], "食品经营许可证"),
        ["supermarket"] = ([NodeTypes.Supermarket], [MeatVegetable, EdibleAgricultural, Food, ImportedWine], "食品经营许可证"),
        ["direct store"] = ([DirectStore], [MeatVegetable], "食品经营许可证"),
        ["canteen"] = ([GroupPurchaser], [MeatVegetable, Food], "食品经营许可证"),
        ["dairy farm"] = ([Farm], [EdibleAgricultural, Food], "动物防疫条件合格证"),
        ["dairy"] = ([FoodMaker], [Food], "食品生产许可证"),
        ["oilseed cooperative"] = ([Cooperative], [EdibleAgricultural, Food], "食用农产品合格证开具备案"),
        ["edible oil mill"] = ([FoodMaker], [Food], "食品生产许可证"),
        ["grain supplier"] = ([NodeTypes.WholesaleTrader], [EdibleAgricultural, Food], "粮食收购许可证"),
        ["liquor maker"] = ([FoodMaker], [Food], "食品生产许可证"),
        ["wine importer"] = ([Importer], [ImportedWine], "食品经营许可证"),
        ["drug maker"] = ([DrugMaker], [Drug], "药品生产许可证"),
        ["drug distributor"] = ([DrugWholesaler], [Drug], "药品经营许可证"),
        ["pharmacy"] = ([NodeTypes.Pharmacy], [Drug], "药品经营许可证"),
        ["hospital"] = ([NodeTypes.Hospital], [Drug], "医疗机构执业许可证"),
        ["herb planting base"] = ([PlantingBase], [Drug, AgriculturalInput], "中药材种植基地备案"),
        ["herbal pieces maker"] = ([DrugMaker], [Drug], "药品生产许可证"),
        ["pesticide maker"] = ([AgriInputMaker], [AgriculturalInput], "农药生产许可证"),
        ["pesticide dealer"] = ([AgriInputDealer], [AgriculturalInput], "农药经营许可证"),
        ["farm"] = ([Farm], [EdibleAgricultural, AgriculturalInput], "食用农产品合格证开具备案"),
        ["elevator maker"] = ([NodeTypes.ElevatorMaker, ElevatorInstaller], [Elevator], "特种设备生产许可证"),
        ["elevator maintainer"] = ([NodeTypes.ElevatorMaintainer], [Elevator], "特种设备生产许可证"),
        ["special equipment inspection"] = ([CylinderInspector], [GasCylinder, Elevator], "特种设备检验检测机构核准证"),
        ["elevator user"] = ([ElevatorUser], [Elevator], "特种设备使用登记证"),
        ["cylinder maker"] = ([NodeTypes.CylinderMaker], [GasCylinder], "特种设备生产许可证"),
        ["gas filling station"] = ([FillingStation], [GasCylinder], "气瓶充装许可证"),
        ["chemical maker"] = ([NodeTypes.ChemicalMaker], [HazardousChemical], "安全生产许可证"),
        ["chemical user"] = ([NodeTypes.ChemicalUser], [HazardousChemical], "危险化学品使用许可证"),
        ["hazmat carrier"] = ([ChemicalCarrier], [HazardousChemical], "道路危险货物运输许可证"),
        ["hazardous waste disposal"] = ([ChemicalDisposer], [HazardousChemical], "危险废物经营许可证"),
    };

    /// <summary>Registers the demo city unless the registry already holds enterprises; returns how many were registered.</summary>
    public static async Task<int> RegisterAsync(IServiceProvider services, DemoPlan plan, TextWriter output, CancellationToken ct)
    {
        var registry = services.GetRequiredService<RegistryStore>();
        var clock = services.GetRequiredService<TimeProvider>();
        if ((await registry.SearchAsync(new EnterpriseFilter(Limit: 1), ct)).Total > 0)
        {
            return 0;
        }
        var city = new DemoCity(plan.Seed, plan.StoreFactor);
        var random = new Random(plan.Seed + 7);
        var count = 0;
        foreach (var e in city.All)
        {
            var (nodeTypes, categories, licence) = Kinds.TryGetValue(e.Kind, out var k) ? k : ([FoodMaker], [Food], "营业执照");
            // Every further site the demo's events use is the enterprise's: stores, warehouses, workshops, a market's stalls, a
            // farm's plots, the places in a building where elevators are installed (DemoChains, the fault stories).
            IEnumerable<int> further = e.Kind switch
            {
                "elevator user" => [2, 3, .. Enumerable.Range(10, 5), .. Enumerable.Range(90, 10)],
                "vegetable market" or "supermarket" or "direct store" => Enumerable.Range(2, 12),
                "farm" or "fruit base" or "herb planting base" => [2, 3, 8],
                _ => [2, 3],
            };
            IEnumerable<string> locations = [e.Site, .. further.Select(e.Location)];
            await RegisterAsync(registry, clock, new EnterpriseInput(e.Uscc, e.Name, nodeTypes, e.District.Code, [Licence(licence, count, random, clock)],
                [e.Party], [.. locations], [Contact(random)], categories, ProductLines: LinesOf(e.Kind)), ct);
            count++;
        }
        foreach (var (kind, i) in Enumerable.Range(0, SilentMeatNodes).Select(i => (i % 3 == 0 ? "meat products" : "pig farm", i))
            .Concat(Enumerable.Range(0, SilentOilNodes).Select(i => ("edible oil", i))))
        {
            var district = DemoCity.Districts[(i + kind.Length) % DemoCity.Districts.Count];
            var town = district.Towns[i % district.Towns.Count];
            var (name, nodeTypes, categories, licence) = kind switch
            {
                "meat products" => ($"{district.Name}{town}肉制品加工厂", new[] { FoodMaker }, new[] { Food, MeatVegetable }, "食品生产许可证"),
                "pig farm" => ($"{district.Name}{town}第{i + 1}生猪养殖场", [Farm], [MeatVegetable], "动物防疫条件合格证"),
                _ => ($"{district.Name}{town}粮油加工厂", [FoodMaker], [Food], "食品生产许可证"),
            };
            var uscc = DemoIdentifiers.Uscc('1', district.Code, random.NextInt64(10_000_000, 99_999_999));
            await RegisterAsync(registry, clock, new EnterpriseInput(uscc, name, nodeTypes, district.Code, [Licence(licence, count, random, clock)],
                Contacts: [Contact(random)], Categories: categories, ProductLines: LinesOf(kind)), ct);
            count++;
        }
        await AddCatalogueAsync(registry, city, ct);
        output.WriteLine($"demo: registered {count} enterprises ({SilentMeatNodes + SilentOilNodes} not yet reporting) and the demo products' catalogue");
        return count;
    }

    /// <summary>The plan's product lines of a demo food maker, for the coverage targets.</summary>
    private static IReadOnlyList<string?>? LinesOf(string kind) => kind switch
    {
        "dairy" => [ProductLines.Dairy],
        "edible oil mill" or "edible oil" => [ProductLines.EdibleOil],
        "liquor maker" => [ProductLines.YellowWine],
        "meat products" => [ProductLines.MeatProduct],
        _ => null,
    };

    private static async Task RegisterAsync(RegistryStore registry, TimeProvider clock, EnterpriseInput input, CancellationToken ct)
    {
        var (record, refusal) = EnterpriseRules.Validate(input, clock);
        if (refusal is not null)
        {
            throw new InvalidOperationException($"demo enterprise {input.Name}: {refusal.Pointer} {refusal.Detail}");
        }
        try
        {
            await registry.RegisterAsync(record!, ct);
        }
        catch (RegistryConflictException)
        {
            // Two fictional enterprises drew the same code: keep the first.
        }
    }

    /// <summary>Mostly valid for years; every 12th expires within a month, so listings show the expiring state.</summary>
    private static LicenceInput Licence(string kind, int index, Random random, TimeProvider clock)
    {
        var today = EnterpriseRules.Today(clock);
        var until = index % 12 == 5 ? today.AddDays(3 + random.Next(20)) : today.AddDays(200 + random.Next(1600));
        return new LicenceInput(kind, $"{kind[..2]}3206{random.Next(10_000_000, 99_999_999)}", until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static ContactInput Contact(Random random) =>
        new($"{"王李张刘陈杨黄赵吴周"[random.Next(10)]}{"建国秀英志强海燕卫东丽华"[random.Next(10)]}", $"1{random.Next(3, 9)}{random.Next(100_000_000, 999_999_999)}");

    private static async Task AddCatalogueAsync(RegistryStore registry, DemoCity city, CancellationToken ct)
    {
        string[] fruit = ["巨峰葡萄", "翠冠梨", "水蜜桃"];
        var entries = new List<NewCatalogueEntry>();
        for (var i = 0; i < city.FruitBases.Count; i++)
        {
            entries.Add(new(EdibleAgricultural, Departments.Agriculture, CatalogueListings.Local, fruit[i % fruit.Length], DemoIdentifiers.Gtin(city.FruitBases[i].CompanyPrefix, FruitItem)));
        }
        entries.AddRange(city.Slaughterhouses.Select(s => new NewCatalogueEntry(MeatVegetable, Departments.Commerce, CatalogueListings.NationalKey, "白条猪肉", DemoIdentifiers.Gtin(s.CompanyPrefix, PorkCarcass))));
        entries.AddRange(city.DairyFarms.Select(f => new NewCatalogueEntry(EdibleAgricultural, Departments.Agriculture, CatalogueListings.Local, "生鲜乳", DemoIdentifiers.Gtin(f.CompanyPrefix, RawMilk))));
        entries.AddRange(
        [
            new(Food, Departments.FoodDrug, CatalogueListings.NationalKey, "超高温灭菌乳", DemoIdentifiers.Gtin(city.Dairy.CompanyPrefix, UhtMilk)),
            new(EdibleAgricultural, Departments.Agriculture, CatalogueListings.Local, "油菜籽", DemoIdentifiers.Gtin(city.RapeseedCooperative.CompanyPrefix, Rapeseed)),
            new(Food, Departments.FoodDrug, CatalogueListings.NationalKey, "压榨菜籽油", DemoIdentifiers.Gtin(city.OilMill.CompanyPrefix, RapeseedOil)),
            new(Food, Departments.Industry, CatalogueListings.Local, "高粱", DemoIdentifiers.Gtin(city.GrainSupplier.CompanyPrefix, Sorghum)),
            new(Food, Departments.FoodDrug, CatalogueListings.Local, "基酒", DemoIdentifiers.Gtin(city.Winery.CompanyPrefix, BaseLiquor)),
            new(Food, Departments.FoodDrug, CatalogueListings.Encouraged, "白蒲黄酒", DemoIdentifiers.Gtin(city.Winery.CompanyPrefix, YellowWine)),
            new(Drug, Departments.FoodDrug, CatalogueListings.NationalKey, "阿莫西林胶囊", DemoIdentifiers.Gtin(city.DrugMaker.CompanyPrefix, Amoxicillin)),
            new(Drug, Departments.FoodDrug, CatalogueListings.Local, "丹参（药材）", DemoIdentifiers.Gtin(city.HerbBase.CompanyPrefix, RawHerb)),
            new(Drug, Departments.FoodDrug, CatalogueListings.Encouraged, "丹参饮片", DemoIdentifiers.Gtin(city.HerbSliceMaker.CompanyPrefix, HerbSlices)),
            new(AgriculturalInput, Departments.Agriculture, CatalogueListings.NationalKey, "吡虫啉可湿性粉剂", DemoIdentifiers.Gtin(city.PesticideMaker.CompanyPrefix, Pesticide)),
            new(HazardousChemical, Departments.WorkSafety, CatalogueListings.NationalKey, "氰化钠", DemoIdentifiers.Gtin(city.ChemicalMaker.CompanyPrefix, Cyanide)),
            // Local specialties without GTINs get platform product codes.
            new(EdibleAgricultural, Departments.Agriculture, CatalogueListings.Local, "海门山羊", null),
            new(Food, Departments.FoodDrug, CatalogueListings.Local, "如皋火腿", null),
        ]);
        foreach (var entry in entries)
        {
            await registry.AddCatalogueAsync(entry with { Gtin = entry.Gtin is { } g ? g.PadLeft(14, '0') : null }, Regions.Nantong, ct);
        }
    }
}
