namespace Suyuan.Features.Demo;

/// <summary>A county-level district of Nantong (GB/T 2260) with a few town names used for fictional enterprises.</summary>
internal sealed record District(string Code, string Name, IReadOnlyList<string> Towns);

/// <summary>A fictional enterprise: Chinese name, unified social credit code, its own GS1 company prefix, home district.</summary>
internal sealed record Enterprise(string Name, string Uscc, string CompanyPrefix, District District, string Kind)
{
    /// <summary>The enterprise as a party (PGLN), for owning_party sources and destinations.</summary>
    public string Party => DemoIdentifiers.Pgln(CompanyPrefix);

    /// <summary>Its main site (SGLN with location reference 1).</summary>
    public string Site => DemoIdentifiers.Sgln(CompanyPrefix, 1);

    public string Gln => DemoIdentifiers.Gln(CompanyPrefix, 1);

    /// <summary>A further location of the enterprise: a stall, a warehouse, a building.</summary>
    public string Location(int reference) => DemoIdentifiers.Sgln(CompanyPrefix, reference);
}

/// <summary>The demo city's master data: who is where. Deterministic for a seed; retail and equipment grow with <c>storeFactor</c>.</summary>
internal sealed class DemoCity
{
    public const string Prefecture = "320600";

    public static readonly District Chongchuan = new("320602", "崇川区", ["和平桥", "钟楼", "观音山", "城东", "学田", "文峰", "狼山", "新城桥"]);
    public static readonly District Tongzhou = new("320612", "通州区", ["金沙", "平潮", "石港", "兴东", "二甲", "川姜"]);
    public static readonly District Haimen = new("320614", "海门区", ["三厂", "常乐", "悦来", "四甲", "正余"]);
    public static readonly District Rudong = new("320623", "如东县", ["掘港", "栟茶", "洋口", "岔河", "马塘"]);
    public static readonly District Qidong = new("320681", "启东市", ["汇龙", "吕四港", "南阳", "北新", "寅阳"]);
    public static readonly District Rugao = new("320682", "如皋市", ["如城", "白蒲", "长江", "搬经", "下原"]);
    public static readonly District Haian = new("320685", "海安市", ["城东", "李堡", "曲塘", "南莫", "雅周"]);

    public static readonly IReadOnlyList<District> Districts = [Chongchuan, Tongzhou, Haimen, Rudong, Qidong, Rugao, Haian];

    private readonly Random _random;
    private int _nextPrefix;

    public DemoCity(int seed, int storeFactor)
    {
        _random = new Random(seed);
        _nextPrefix = 1000 + _random.Next(0, 2000);
        StoreFactor = Math.Max(1, storeFactor);
        var f = StoreFactor;

        FruitBases =
        [
            Add("如皋市长江镇江枫葡萄专业合作社", Rugao, "fruit base", individual: false),
            Add("海安市南莫润禾翠冠梨专业合作社", Haian, "fruit base"),
            Add("南通市通州区碧田桃园家庭农场", Tongzhou, "fruit base"),
        ];
        PigFarms =
        [
            Add("如东县岔河丰泰生猪养殖场", Rudong, "pig farm"),
            Add("海安市雅周德旺生猪养殖有限公司", Haian, "pig farm"),
            Add("如皋市搬经盛农生猪养殖场", Rugao, "pig farm"),
            Add("南通市通州区兴东恒瑞牧业有限公司", Tongzhou, "pig farm"),
            Add("启东市寅阳绿源畜牧养殖场", Qidong, "pig farm"),
            Add("南通市海门区四甲康牧生猪养殖场", Haimen, "pig farm"),
        ];
        Slaughterhouses =
        [
            Add("南通江海肉类联合加工有限公司", Tongzhou, "slaughterhouse"),
            Add("如皋市润丰生猪定点屠宰有限公司", Rugao, "slaughterhouse"),
        ];
        WholesaleMarket = Add("南通江海农副产品批发市场有限公司", Chongchuan, "wholesale market");
        Traders = [.. Enumerable.Range(1, 8).Select(i => Add($"南通市崇川区{Surname(i)}记鲜肉批发商行", Chongchuan, "wholesale trader", individual: true))];
        VegetableMarkets = [.. Enumerable.Range(0, 30 * f).Select(i => Spread(i, (d, town) => $"{d.Name}{town}{Ordinal(i, 7)}农贸市场", "vegetable market"))];
        Supermarkets = [.. Enumerable.Range(0, 10 * f).Select(i => Spread(i, (d, town) => $"{Brand(i, ["江海优选", "濠河鲜生", "紫琅"])}超市（{town}店）", "supermarket"))];
        DirectStores = [.. Enumerable.Range(0, 20 * f).Select(i => Spread(i, (d, town) => $"江海鲜肉直营店（{d.Name}{town}{i + 1}号店）", "direct store"))];
        Canteens = [.. Enumerable.Range(0, 10 * f).Select(i => Spread(i, (d, town) => $"{d.Name}{town}{Brand(i, ["实验学校", "中心医院", "机关", "工业园", "职业技术学院"])}食堂", "canteen"))];

        DairyFarms =
        [
            Add("海安市李堡牧歌奶牛养殖场", Haian, "dairy farm"),
            Add("如东县马塘绿野奶牛场", Rudong, "dairy farm"),
            Add("南通市通州区平潮鲜源牧场", Tongzhou, "dairy farm"),
        ];
        Dairy = Add("南通江海乳业有限公司", Rugao, "dairy");
        RapeseedCooperative = Add("启东市南阳金穗油菜专业合作社", Qidong, "oilseed cooperative");
        OilMill = Add("南通金穗粮油有限公司", Haimen, "edible oil mill");
        GrainSupplier = Add("海安市禾丰粮食购销有限公司", Haian, "grain supplier");
        Winery = Add("南通白蒲古韵酒业有限公司", Rugao, "liquor maker");
        WineImporter = Add("南通港通进口酒业有限公司", Chongchuan, "wine importer");

        DrugMaker = Add("南通江海制药有限公司", Tongzhou, "drug maker");
        DrugDistributor = Add("南通华康医药有限公司", Chongchuan, "drug distributor");
        Pharmacies = [.. Enumerable.Range(0, 4 * f).Select(i => Spread(i, (d, town) => $"{Brand(i, ["仁济", "康泰", "百草"])}大药房（{d.Name}{town}店）", "pharmacy"))];
        Hospitals =
        [
            Add("南通江海中医院", Chongchuan, "hospital"),
            Add("南通濠河医院", Chongchuan, "hospital"),
        ];
        HerbBase = Add("如皋市下原丹参中药材种植基地", Rugao, "herb planting base");
        HerbSliceMaker = Add("南通江海中药饮片有限公司", Tongzhou, "herbal pieces maker");

        PesticideMaker = Add("江苏洋口农化有限公司", Rudong, "pesticide maker");
        PesticideDealers =
        [
            Add("海安市曲塘禾益农资经营部", Haian, "pesticide dealer", individual: true),
            Add("南通市海门区常乐丰乐农资店", Haimen, "pesticide dealer", individual: true),
        ];
        Farms =
        [
            Add("海安市城东稻香家庭农场", Haian, "farm"),
            Add("海安市李堡绿丰水稻专业合作社", Haian, "farm"),
            Add("海安市南莫果园家庭农场", Haian, "farm"),
            Add("南通市海门区三厂蔬菜专业合作社", Haimen, "farm"),
            Add("南通市海门区悦来麦丰家庭农场", Haimen, "farm"),
            Add("南通市海门区正余香芋专业合作社", Haimen, "farm"),
        ];

        ElevatorMaker = Add("南通江海电梯有限公司", Chongchuan, "elevator maker");
        ElevatorMaintainer = Add("南通安达电梯维保有限公司", Chongchuan, "elevator maintainer");
        EquipmentInspector = Add("南通江海特种设备检测有限公司", Chongchuan, "special equipment inspection");
        Buildings = [.. Enumerable.Range(0, 10 * f).Select(i => Spread(i, (d, town) => $"{d.Name}{town}{Brand(i, ["锦绣花园", "滨江大厦", "紫琅广场", "星湖苑", "和园"])}物业服务中心", "elevator user"))];
        CylinderMaker = Add("南通江海压力容器有限公司", Qidong, "cylinder maker");
        FillingStations =
        [
            Add("南通市通州区金沙液化气充装站", Tongzhou, "gas filling station"),
            Add("南通市海门区常乐燃气充装有限公司", Haimen, "gas filling station"),
        ];

        ChemicalMaker = Add("南通洋口精细化工有限公司", Rudong, "chemical maker");
        ChemicalUser = Add("南通崇川精工电镀有限公司", Chongchuan, "chemical user");
        HazmatCarrier = Add("南通江海危险货物运输有限公司", Tongzhou, "hazmat carrier");
        WasteDisposer = Add("南通江海危险废物处置有限公司", Qidong, "hazardous waste disposal");
    }

    public int StoreFactor { get; }
    public List<Enterprise> All { get; } = [];

    public IReadOnlyList<Enterprise> FruitBases { get; }
    public IReadOnlyList<Enterprise> PigFarms { get; }
    public IReadOnlyList<Enterprise> Slaughterhouses { get; }
    public Enterprise WholesaleMarket { get; }
    public IReadOnlyList<Enterprise> Traders { get; }
    public IReadOnlyList<Enterprise> VegetableMarkets { get; }
    public IReadOnlyList<Enterprise> Supermarkets { get; }
    public IReadOnlyList<Enterprise> DirectStores { get; }
    public IReadOnlyList<Enterprise> Canteens { get; }
    public IReadOnlyList<Enterprise> DairyFarms { get; }
    public Enterprise Dairy { get; }
    public Enterprise RapeseedCooperative { get; }
    public Enterprise OilMill { get; }
    public Enterprise GrainSupplier { get; }
    public Enterprise Winery { get; }
    public Enterprise WineImporter { get; }
    public Enterprise DrugMaker { get; }
    public Enterprise DrugDistributor { get; }
    public IReadOnlyList<Enterprise> Pharmacies { get; }
    public IReadOnlyList<Enterprise> Hospitals { get; }
    public Enterprise HerbBase { get; }
    public Enterprise HerbSliceMaker { get; }
    public Enterprise PesticideMaker { get; }
    public IReadOnlyList<Enterprise> PesticideDealers { get; }
    public IReadOnlyList<Enterprise> Farms { get; }
    public Enterprise ElevatorMaker { get; }
    public Enterprise ElevatorMaintainer { get; }
    public Enterprise EquipmentInspector { get; }
    public IReadOnlyList<Enterprise> Buildings { get; }
    public Enterprise CylinderMaker { get; }
    public IReadOnlyList<Enterprise> FillingStations { get; }
    public Enterprise ChemicalMaker { get; }
    public Enterprise ChemicalUser { get; }
    public Enterprise HazmatCarrier { get; }
    public Enterprise WasteDisposer { get; }

    /// <summary>Every node of meat-and-vegetable circulation that buys from the wholesale market.</summary>
    public IEnumerable<Enterprise> MeatBuyers => VegetableMarkets.Concat(Supermarkets).Concat(DirectStores).Concat(Canteens);

    private Enterprise Add(string name, District district, string kind, bool individual = false)
    {
        // GS1 China prefixes are 690–699; the demo's are 69 + five digits, one per enterprise.
        var prefix = "69" + DemoIdentifiers.D(_nextPrefix++ % 100_000, 5);
        var uscc = DemoIdentifiers.Uscc(individual ? '2' : '1', district.Code, _random.NextInt64(10_000_000, 99_999_999));
        var enterprise = new Enterprise(name, uscc, prefix, district, kind);
        All.Add(enterprise);
        return enterprise;
    }

    private Enterprise Spread(int i, Func<District, string, string> name, string kind)
    {
        var district = Districts[i % Districts.Count];
        var town = district.Towns[i / Districts.Count % district.Towns.Count];
        return Add(name(district, town), district, kind);
    }

    private static string Brand(int i, string[] brands) => brands[i % brands.Length];

    private static string Ordinal(int i, int per) => i / per == 0 ? "" : $"第{i / per + 1}";

    private static string Surname(int i) => "王李张刘陈杨黄赵吴周徐孙"[i % 12].ToString();
}
