using System.Text.Json.Nodes;
using static Suyuan.Tests.Rules.FoodEvents;

namespace Suyuan.Tests.Rules;

/// <summary>A full, correct chain per category, as its profile asks; none of them may raise an alert.</summary>
internal static class FoodChains
{
    public const string Farm = "6901001", Market = "6901002", Shop = "6901003", PigFarm = "6901004", Slaughterhouse = "6901005", Butcher = "6901006";
    public const string DairyFarm = "6901007", Dairy = "6901008", Importer = "6901009", DrugMaker = "6901010", Pharmacy = "6901011";
    public const string HerbBase = "6901012", HerbMaker = "6901013", Hospital = "6901014", PesticideMaker = "6901015", Dealer = "6901016", Grower = "6901017";
    public const string WineMaker = "3770456";

    public static JsonObject[] Fruit(int first = 1000)
    {
        var lot = Lot(Farm, 1, "F260301");
        var n = first;
        return
        [
            Object(n++, At(1, 5), "commissioning", Site(Farm), "ADD").With("quantityList", Quantity(lot, 300)).With("disposition", "active")
                .Ilmd(("productName", "翠冠梨"), ("harvestDate", "2026-03-01"),
                    ("certificate", Fields(("kind", "承诺达标合格证"), ("number", "HGZ320682000000001"), ("product", "翠冠梨"), ("weightKg", 300), ("origin", "江苏省南通市如皋市"),
                        ("issuer", "如皋梨园合作社"), ("issuerContact", "138****1234"), ("issuedAt", "2026-03-01"), ("basis", "自检合格"), ("commitment", new JsonArray("不使用禁用农药"))))),
            Ship(n++, At(1, 6), Site(Farm), Party(Farm), Site(Market), Party(Market), Quantity(lot, 300)).Sy(("certificateNumber", "HGZ320682000000001")),
            Receive(n++, At(1, 7), Site(Farm), Party(Farm), Site(Market), Party(Market), Quantity(lot, 300))
                .Sy(("marketEntry", Fields(("voucherKind", "产地证明"), ("voucherNumber", "HGZ320682000000001"), ("seller", "如皋梨园合作社"), ("sellerCode", "93320682MA1XYZ0001"), ("commodityCode", "0301")))),
            Ship(n++, At(1, 8), Site(Market), Party(Market), Site(Shop), Party(Shop), Quantity(lot, 100)).Sy(("certificateNumber", "HGZ320682000000001")),
            Receive(n++, At(1, 9), Site(Market), Party(Market), Site(Shop), Party(Shop), Quantity(lot, 100)),
            Object(n++, At(1, 10), "retail_selling", Site(Shop, 2)).With("epcList", Epcs("urn:suyuan:trace:32060200000000000001")).With("quantityList", Quantity(lot, 1.5m))
                .With("disposition", "retail_sold")
                .Sy(("traceCode", "32060200000000000001"), ("receipt", Fields(("market", "文峰超市"), ("item", "翠冠梨"), ("weightKg", 1.5m), ("certificateNumber", "HGZ320682000000001")))),
        ];
    }

    public static JsonObject[] Pork(int first = 2000)
    {
        var n = first;
        var tags = Epcs("urn:suyuan:eartag:132068200000001", "urn:suyuan:eartag:132068200000002");
        var lot = Lot(Slaughterhouse, 1, "P260302");
        return
        [
            Object(n++, At(1, 15), "inspecting", Site(PigFarm)).With("epcList", tags.DeepClone()).With("disposition", "conformant")
                .Sy(("quarantineCertificate", Fields(("kind", "动物B"), ("number", "320600001001"), ("species", "生猪"), ("headCount", 2), ("owner", "如皋生猪场"),
                    ("origin", "如皋市"), ("destination", "南通肉联厂"), ("use", "屠宰"), ("vehiclePlate", "苏F12345"), ("officialVet", "王**"), ("issuedOn", "2026-03-01")))),
            Ship(n++, At(1, 21), Site(PigFarm), Party(PigFarm), Site(Slaughterhouse), Party(Slaughterhouse), (JsonArray)tags.DeepClone(), "epcList")
                .Sy(("quarantineCertificateNumber", "320600001001")),
            Receive(n++, At(2, 0), Site(PigFarm), Party(PigFarm), Site(Slaughterhouse), Party(Slaughterhouse), (JsonArray)tags.DeepClone(), "epcList")
                .Sy(("intake", Fields(("quarantineCertificateNumber", "320600001001"), ("headCount", 2), ("origin", "如皋市"), ("result", "合格")))),
            Event("TransformationEvent", n++, At(2, 3), "killing", Site(Slaughterhouse, 2)).With("inputEPCList", tags.DeepClone())
                .With("outputQuantityList", Quantity(lot, 160)).Ilmd(("productName", "白条猪肉"), ("slaughterBatch", "260302-0001"), ("headCount", 2),
                    ("animalQuarantineCertificate", "320600001001"), ("productQuarantineCertificate", "320600005001"), ("meatInspectionCertificate", "NT00100001"), ("asfTestReport", "ASF260302-0001")),
            Ship(n++, At(2, 4), Site(Slaughterhouse), Party(Slaughterhouse), Site(Market), Party(Market), Quantity(lot, 160))
                .Sy(("productQuarantineCertificate", "320600005001"), ("meatInspectionCertificate", "NT00100001")),
            Receive(n++, At(2, 5), Site(Slaughterhouse), Party(Slaughterhouse), Site(Market), Party(Market), Quantity(lot, 160))
                .Sy(("marketEntry", Fields(("trader", "张记肉铺"), ("traderCode", "92320602MA1XYZ0002"), ("voucherKind", "检疫证"), ("voucherNumber", "320600005001"),
                    ("commodityCode", "0101"), ("weightKg", 160), ("supplier", "南通肉联厂"), ("vehiclePlate", "苏F12345")))),
            Ship(n++, At(2, 6), Site(Market), Party(Market), Site(Butcher), Party(Butcher), Quantity(lot, 40))
                .Sy(("trade", Fields(("voucherNumber", "JY0000000001"), ("commodityCode", "0101"), ("unitPriceYuanPerKg", 26.5m), ("amountYuan", 1060), ("buyer", "城东农贸市场")))),
            Receive(n++, At(2, 7), Site(Market), Party(Market), Site(Butcher), Party(Butcher), Quantity(lot, 40))
                .Sy(("incomingCheck", Fields(("supplier", "张记肉铺"), ("quarantineCertificateNumber", "320600005001"), ("meatInspectionCertificate", "NT00100001"), ("result", "合格")))),
            Object(n++, At(2, 9), "retail_selling", Site(Butcher, 3)).With("epcList", Epcs("urn:suyuan:trace:32060200000000000002")).With("quantityList", Quantity(lot, 1.2m))
                .With("disposition", "retail_sold")
                .Sy(("traceCode", "32060200000000000002"), ("receipt", Fields(("market", "城东农贸市场"), ("stall", "02号摊位"), ("item", "猪肉"), ("unitPriceYuanPerKg", 35.8m),
                    ("weightKg", 1.2m), ("amountYuan", 42.96m)))),
        ];
    }

    public static JsonObject[] Milk(int first = 3000)
    {
        var n = first;
        var raw = Lot(DairyFarm, 1, "M260303");
        var cartons = Lot(Dairy, 2, "U260303");
        return
        [
            Object(n++, At(3, 4), "commissioning", Site(DairyFarm), "ADD").With("quantityList", Quantity(raw, 2000)).Ilmd(("productName", "生鲜乳"), ("milkingDate", "2026-03-03")),
            Ship(n++, At(3, 5), Site(DairyFarm), Party(DairyFarm), Site(Dairy), Party(Dairy), Quantity(raw, 2000)),
            Receive(n++, At(3, 6), Site(DairyFarm), Party(DairyFarm), Site(Dairy), Party(Dairy), Quantity(raw, 2000)).Sy(("category", "food"), ("testReport", "RPT-001")),
            Event("TransformationEvent", n++, At(3, 9), "commissioning", Site(Dairy, 2)).With("inputQuantityList", Quantity(raw, 2000)).With("outputQuantityList", Quantity(cartons, 7700, null))
                .Ilmd(("productName", "纯牛奶 250mL"), ("productionBatch", "U260303"), ("productionDate", "2026-03-03"), ("bestBeforeDate", "2026-09-03"), ("standard", "GB 25190-2010")),
            Ship(n++, At(4, 7), Site(Dairy), Party(Dairy), Site(Shop), Party(Shop), Quantity(cartons, 1000, null)).Sy(("category", "food"))
                .With("bizTransactionList", new JsonArray(new JsonObject { ["type"] = "desadv", ["bizTransaction"] = "https://suyuan.example.cn/id/doc/desadv/DN1" })),
            Receive(n++, At(4, 10), Site(Dairy), Party(Dairy), Site(Shop), Party(Shop), Quantity(cartons, 1000, null)),
        ];
    }

    public static JsonObject[] Wine(int first = 4000)
    {
        var n = first;
        var lot = Lot(WineMaker, 1, "FR20230001");
        return
        [
            Object(n++, At(5, 9), "receiving", Site(Importer, 2), "ADD").With("quantityList", Quantity(lot, 600, null))
                .With("destinationList", Links("destination", ("owning_party", Party(Importer)), ("location", Site(Importer, 2))))
                .Ilmd(("productName", "Bordeaux AOC 2023 红葡萄酒 750mL"), ("countryOfOrigin", "FR"), ("vintage", 2023))
                .Sy(("import", Fields(("customsDeclarationNumber", "230120260000000001"), ("portOfEntry", "南通港"), ("inspectionCertificate", "320600000000001"),
                    ("chineseBackLabel", true), ("importer", "南通进口酒业"), ("importerCode", "91320600MA1XYZ0009")))),
            Object(n++, At(5, 14), "inspecting", Site(Importer, 2)).With("quantityList", Quantity(lot, 600, null)).With("disposition", "conformant")
                .Sy(("inspection", Fields(("authority", "南通海关"), ("result", "合格"), ("customsDeclarationNumber", "230120260000000001")))),
            Ship(n++, At(6, 9), Site(Importer), Party(Importer), Site(Shop), Party(Shop), Quantity(lot, 60, null)),
            Receive(n++, At(6, 14), Site(Importer), Party(Importer), Site(Shop), Party(Shop), Quantity(lot, 60, null)),
            Object(n++, At(7, 18), "retail_selling", Site(Shop, 3)).With("epcList", Epcs("urn:suyuan:trace:32060200000000000003")).With("quantityList", Quantity(lot, 2, null))
                .With("disposition", "retail_sold")
                .Sy(("traceCode", "32060200000000000003"), ("receipt", Fields(("market", "文峰超市"), ("item", "进口红葡萄酒"), ("count", 2), ("customsDeclarationNumber", "230120260000000001")))),
        ];
    }

    public static JsonObject[] Drug(int first = 5000, string batch = "26030801", string expiry = "2028-03-07", int day = 8)
    {
        var n = first;
        var units = Enumerable.Range(1, 4).Select(i => Serial(DrugMaker, 101, $"8612345{batch}{i:D5}")).ToArray();
        var box = Sscc(DrugMaker, long.Parse(batch, System.Globalization.CultureInfo.InvariantCulture));
        return
        [
            Object(n++, At(day, 8), "commissioning", Site(DrugMaker, 2), "ADD").With("epcList", Epcs(units)).With("disposition", "active")
                .Ilmd(("productName", "阿莫西林胶囊"), ("specification", "0.25g×24粒"), ("dosageForm", "胶囊剂"), ("approvalNumber", "国药准字H32020999"),
                    ("batchNumber", batch), ("productionDate", $"2026-03-{day:D2}"), ("expiryDate", expiry), ("licenceHolder", "南通制药"),
                    ("drugTraceCodes", Epcs([.. Enumerable.Range(1, 4).Select(i => $"8612345{batch}{i:D5}")]))),
            Event("AggregationEvent", n++, At(day, 9), "packing", Site(DrugMaker, 3), "ADD").With("parentID", box).With("childEPCs", Epcs(units))
                .Sy(("packingRatio", "1:4"), ("packagingLevel", "箱")),
            Ship(n++, At(day, 14), Site(DrugMaker), Party(DrugMaker), Site(Pharmacy), Party(Pharmacy), Epcs(box), "epcList")
                .Sy(("bill", Fields(("kind", "销售出库单"), ("number", "XS" + batch), ("batchNumber", batch), ("expiryDate", expiry), ("codeCount", 4)))),
            Receive(n++, At(day + 1, 8), Site(DrugMaker), Party(DrugMaker), Site(Pharmacy), Party(Pharmacy), Epcs(box), "epcList")
                .Sy(("bill", Fields(("kind", "采购入库单"), ("number", "XS" + batch), ("codeCount", 4)))),
            Event("AggregationEvent", n++, At(day + 1, 9), "unpacking", Site(Pharmacy), "DELETE").With("parentID", box).With("childEPCs", Epcs(units)),
            Object(n++, At(day + 2, 10), "dispensing", Site(Pharmacy, 2)).With("epcList", Epcs(units[0])).With("disposition", "dispensed")
                .Sy(("drugTraceCode", $"8612345{batch}00001"), ("dispensedBy", "南通大药房")),
        ];
    }

    public static JsonObject[] Herbs(int first = 6000)
    {
        var n = first;
        var raw = Lot(HerbBase, 1, "H260310");
        var slices = Lot(HerbMaker, 11, "YP260310");
        return
        [
            Object(n++, At(10, 6), "commissioning", Site(HerbBase), "ADD").With("quantityList", Quantity(raw, 400))
                .Ilmd(("productName", "丹参（中药材）"), ("latinName", "Salviae Miltiorrhizae Radix et Rhizoma"), ("origin", "江苏省南通市如皋市"), ("harvestDate", "2026-03-10"), ("plantingBase", "如皋丹参基地")),
            Ship(n++, At(10, 8), Site(HerbBase), Party(HerbBase), Site(HerbMaker), Party(HerbMaker), Quantity(raw, 400)),
            Receive(n++, At(10, 11), Site(HerbBase), Party(HerbBase), Site(HerbMaker), Party(HerbMaker), Quantity(raw, 400)),
            Event("TransformationEvent", n++, At(12, 10), "commissioning", Site(HerbMaker, 2)).With("inputQuantityList", Quantity(raw, 400)).With("outputQuantityList", Quantity(slices, 344))
                .Ilmd(("productName", "丹参饮片"), ("specification", "厚片"), ("origin", "江苏省南通市如皋市"), ("batchNumber", "YP260310"), ("productionDate", "2026-03-12"), ("maker", "南通饮片厂")),
            Ship(n++, At(13, 9), Site(HerbMaker), Party(HerbMaker), Site(Hospital), Party(Hospital), Quantity(slices, 50)),
            Receive(n++, At(13, 14), Site(HerbMaker), Party(HerbMaker), Site(Hospital), Party(Hospital), Quantity(slices, 50)),
            Object(n++, At(14, 10), "dispensing", Site(Hospital, 3)).With("quantityList", Quantity(slices, 0.12m)).With("disposition", "dispensed")
                .Sy(("prescription", Fields(("number", "CF000000001"), ("pharmacy", "中药房"), ("amountYuan", 55.2m)))),
        ];
    }

    public static JsonObject[] Pesticide(int first = 7000)
    {
        var n = first;
        var lot = Lot(PesticideMaker, 21, "N260315");
        var plot = Site(Grower, 7);
        var pears = Lot(Grower, 1, "F260410");
        return
        [
            Object(n++, At(15, 8), "commissioning", Site(PesticideMaker), "ADD").With("quantityList", Quantity(lot, 800, null))
                .Ilmd(("productName", "吡虫啉 10%可湿性粉剂"), ("registrationNumber", "PD20151234"), ("productionLicence", "农药生许（苏）0123"), ("specification", "100克/袋"),
                    ("productionDate", "2026-03-15"), ("batchNumber", "N260315"), ("restrictedUse", false)),
            Ship(n++, At(16, 8), Site(PesticideMaker), Party(PesticideMaker), Site(Dealer), Party(Dealer), Quantity(lot, 400, null)),
            Receive(n++, At(16, 13), Site(PesticideMaker), Party(PesticideMaker), Site(Dealer), Party(Dealer), Quantity(lot, 400, null)).Sy(("registrationNumber", "PD20151234")),
            Object(n++, At(17, 9), "retail_selling", Site(Dealer)).With("quantityList", Quantity(lot, 4, null)).With("disposition", "retail_sold")
                .With("destinationList", Links("destination", ("owning_party", Party(Grower))))
                .Sy(("sale", Fields(("buyer", "海安梨园"), ("buyerCode", "93320621MA1XYZ0017"), ("crop", "梨树"), ("targetPest", "蚜虫"), ("registrationNumber", "PD20151234"),
                    ("dealerLicence", "农药经营许可证（苏）3206210001")))),
            Object(n++, At(18, 7), "https://suyuan.example.cn/epcis/bizstep/applying", plot).With("quantityList", Quantity(lot, 1, null))
                .Sy(("application", Fields(("registrationNumber", "PD20151234"), ("crop", "梨树"), ("targetPest", "蚜虫"), ("dosage", "每亩 20 克"), ("operator", "王**")))),
            // Harvest 23 days after the application: outside imidacloprid's 14-day interval on fruit.
            Object(n++, At(10, 6).Replace("-03-", "-04-"), "commissioning", plot, "ADD").With("quantityList", Quantity(pears, 500)).Ilmd(("productName", "翠冠梨"), ("harvestDate", "2026-04-10")),
            Object(n++, At(20, 8), "commissioning", Site(PesticideMaker, 2), "ADD").With("quantityList", Quantity(Lot(PesticideMaker, 31, "FE260320"), 100))
                .Ilmd(("productName", "复合肥料 15-15-15"), ("fertilizerRegistrationNumber", "苏农肥（2024）准字0001号"), ("batchNumber", "FE260320"), ("nutrientContent", "N-P2O5-K2O ≥45%")),
            Object(n++, At(20, 9), "commissioning", Site(PesticideMaker, 3), "ADD").With("quantityList", Quantity(Lot(PesticideMaker, 41, "S260320"), 50))
                .Ilmd(("productName", "南粳9108"), ("varietyApprovalNumber", "苏审稻20130012"), ("seedProductionLicence", "C（苏）农种许字（2024）第0001号"), ("batchNumber", "S260320")),
        ];
    }
}
