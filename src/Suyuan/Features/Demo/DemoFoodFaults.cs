using System.Globalization;
using Suyuan.Core.Domain;

namespace Suyuan.Features.Demo;

/// <summary>
/// One small story per food, drug and farm-input rule, told after the clean chains so that the alerts page has something
/// to show. Every event here carries sy:demoFault (the alert kind it stages) and names only lots, serials and places of
/// its own, so the clean chains' events never appear in these alerts.
/// </summary>
internal static class DemoFoodFaults
{
    private const string Kg = "KGM";
    private const int Fruit = 1, PorkCarcass = 1, Amoxicillin = 101, Carbofuran = 22;
    private const string DrugIdentificationCode = "8612345";

    /// <summary>Emits the stories on <paramref name="day"/> (the plan's last day) and the few days before it.</summary>
    public static void Emit(DemoCity city, DateOnly day, IDemoSink sink)
    {
        var tag = day.ToString("yyMMdd", CultureInfo.InvariantCulture);
        var faults = new List<DemoEvent>();
        OriginCertificateMissing(city, day, tag, faults);
        QuarantineCertificateMissing(city, day, tag, faults);
        PesticideSafetyInterval(city, day, tag, faults);
        BannedPesticide(city, day, tag, faults);
        DrugFaults(city, day, faults);
        SaleAfterRecall(city, day, tag, faults);
        ChainBreak(city, day, tag, faults);
        foreach (var e in faults)
        {
            if (sink.IsFull)
            {
                return;
            }
            sink.Emit(e);
        }
    }

    private static DemoEvent Fault(this DemoEvent e, string kind) => e with { Fields = [.. e.Fields ?? [], new("demoFault", kind)] };

    private static DateTimeOffset At(DateOnly day, int hour, int minute = 0) => DemoChains.At(day, hour, minute);

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IReadOnlyList<DemoField> Fields(params (string Name, object Value)[] fields) => [.. fields.Select(f => new DemoField(f.Name, f.Value))];

    private static DemoEvent Ship(DateTimeOffset at, Enterprise from, Enterprise to, DemoQuantity goods, string kind) =>
        (DemoEvent.Object(at, "shipping", from.Site) with
        {
            Quantities = [goods],
            Disposition = "in_transit",
            Sources = [new("owning_party", from.Party), new("location", from.Site)],
            Destinations = [new("owning_party", to.Party), new("location", to.Site)],
        }).Fault(kind);

    private static DemoEvent Receive(DateTimeOffset at, Enterprise from, Enterprise to, DemoQuantity goods, string kind) =>
        (DemoEvent.Object(at, "receiving", to.Site) with
        {
            Quantities = [goods],
            Disposition = "in_progress",
            Sources = [new("owning_party", from.Party), new("location", from.Site)],
            Destinations = [new("owning_party", to.Party), new("location", to.Site)],
        }).Fault(kind);

    /// <summary>Pears without a compliance certificate enter the wholesale market (产地准出 ↔ 市场准入 broken).</summary>
    private static void OriginCertificateMissing(DemoCity city, DateOnly day, string tag, List<DemoEvent> faults)
    {
        const string kind = AlertKinds.OriginCertificateMissing;
        var farm = city.FruitBases[0];
        var lot = new DemoQuantity(DemoIdentifiers.Lgtin(farm.CompanyPrefix, Fruit, "X" + tag + "01"), 240, Kg);
        faults.Add((DemoEvent.Object(At(day, 18), "commissioning", farm.Site) with { Action = "ADD", Quantities = [lot], Disposition = "active", Ilmd = [new("productName", "翠冠梨")] }).Fault(kind));
        faults.Add(Ship(At(day, 19), farm, city.WholesaleMarket, lot, kind));
        faults.Add((Receive(At(day, 20), farm, city.WholesaleMarket, lot, kind) with
        {
            Fields = [new("marketEntry", Fields(("seller", farm.Name), ("sellerCode", farm.Uscc), ("commodityCode", "0301"))), new("demoFault", kind)],
        }));
    }

    /// <summary>A carcass lot of no recorded slaughter enters the market without a quarantine voucher.</summary>
    private static void QuarantineCertificateMissing(DemoCity city, DateOnly day, string tag, List<DemoEvent> faults)
    {
        const string kind = AlertKinds.QuarantineCertificateMissing;
        var slaughterhouse = city.Slaughterhouses[0];
        var trader = city.Traders[0];
        var lot = new DemoQuantity(DemoIdentifiers.Lgtin(slaughterhouse.CompanyPrefix, PorkCarcass, "X" + tag + "02"), 310, Kg);
        faults.Add(Ship(At(day, 18), slaughterhouse, city.WholesaleMarket, lot, kind));
        faults.Add(Receive(At(day, 19), slaughterhouse, city.WholesaleMarket, lot, kind) with
        {
            Fields =
            [
                new("category", Categories.MeatVegetable),
                new("marketEntry", Fields(("trader", trader.Name), ("traderCode", trader.Uscc), ("commodityCode", "0101"), ("weightKg", 310m), ("supplier", slaughterhouse.Name))),
                new("demoFault", kind),
            ],
        });
    }

    /// <summary>Imidacloprid sprayed on a vegetable plot, and the greens harvested there three days later (interval: seven days).</summary>
    private static void PesticideSafetyInterval(DemoCity city, DateOnly day, string tag, List<DemoEvent> faults)
    {
        const string kind = AlertKinds.PesticideSafetyInterval;
        var farm = city.Farms[0];
        var plot = farm.Location(8);
        var pesticide = DemoIdentifiers.Lgtin(city.PesticideMaker.CompanyPrefix, 21, "X" + tag + "03");
        faults.Add((DemoEvent.Object(At(day.AddDays(-3), 7), SuyuanVocabulary.ApplyingBizStep, plot) with
        {
            Quantities = [new(pesticide, 1, null)],
            Fields = [new("application", Fields(("registrationNumber", "PD20151234"), ("productName", "吡虫啉 10%可湿性粉剂"), ("crop", "青菜"), ("targetPest", "蚜虫"), ("dosage", "每亩 20 克"), ("operator", "王**")))],
        }).Fault(kind));
        faults.Add((DemoEvent.Object(At(day, 6), "commissioning", plot) with
        {
            Action = "ADD",
            Quantities = [new(DemoIdentifiers.Lgtin(farm.CompanyPrefix, 5, "X" + tag + "03"), 180, Kg)],
            Disposition = "active",
            Ilmd = [new("productName", "青菜"), new("harvestDate", Date(day))],
        }).Fault(kind));
    }

    /// <summary>Carbofuran granules sold by a dealer for greens: banned on vegetables.</summary>
    private static void BannedPesticide(DemoCity city, DateOnly day, string tag, List<DemoEvent> faults)
    {
        const string kind = AlertKinds.BannedPesticide;
        var maker = city.PesticideMaker;
        var dealer = city.PesticideDealers[0];
        var buyer = city.Farms[0];
        var lot = DemoIdentifiers.Lgtin(maker.CompanyPrefix, Carbofuran, "X" + tag + "04");
        faults.Add((DemoEvent.Object(At(day.AddDays(-2), 8), "commissioning", maker.Site) with
        {
            Action = "ADD",
            Quantities = [new(lot, 200, null)],
            Disposition = "active",
            Ilmd = [new("productName", "3%克百威颗粒剂"), new("registrationNumber", "PD20990001"), new("specification", "1千克/袋"), new("productionDate", Date(day.AddDays(-2))),
                new("batchNumber", "X" + tag + "04"), new("restrictedUse", true)],
        }).Fault(kind));
        faults.Add(Ship(At(day.AddDays(-1), 8), maker, dealer, new(lot, 20, null), kind));
        faults.Add(Receive(At(day.AddDays(-1), 13), maker, dealer, new(lot, 20, null), kind));
        faults.Add((DemoEvent.Object(At(day, 9), "retail_selling", dealer.Site) with
        {
            Quantities = [new(lot, 2, null)],
            Disposition = "retail_sold",
            Destinations = [new("owning_party", buyer.Party)],
            Fields = [new("sale", Fields(("buyer", buyer.Name), ("buyerCode", buyer.Uscc), ("crop", "青菜"), ("targetPest", "蚜虫"), ("registrationNumber", "PD20990001")))],
        }).Fault(kind));
    }

    /// <summary>A serial coded twice; an expired unit packed into two cases at once and dispensed.</summary>
    private static void DrugFaults(DemoCity city, DateOnly day, List<DemoEvent> faults)
    {
        var maker = city.DrugMaker;
        var pharmacy = city.Pharmacies[0];
        var codes = Enumerable.Range(0, 2).Select(i => DemoIdentifiers.DrugTraceCode(DrugIdentificationCode, 9_000_000_000L + day.DayNumber * 10L + i)).ToList();
        var units = codes.Select(c => DemoIdentifiers.Sgtin(maker.CompanyPrefix, Amoxicillin, c)).ToList();
        DemoEvent Coding(DateTimeOffset at, int unit, DateOnly expiry, string batch, string kind) => (DemoEvent.Object(at, "commissioning", maker.Location(2)) with
        {
            Action = "ADD",
            Epcs = [units[unit]],
            Disposition = "active",
            Ilmd =
            [
                new("productName", "阿莫西林胶囊"), new("specification", "0.25g×24粒"), new("dosageForm", "胶囊剂"), new("approvalNumber", "国药准字H32020999"),
                new("drugIdentificationCode", DrugIdentificationCode), new("drugTraceCodes", (IReadOnlyList<string>)[codes[unit]]), new("batchNumber", batch),
                new("productionDate", Date(expiry.AddYears(-2))), new("expiryDate", Date(expiry)), new("licenceHolder", maker.Name),
            ],
        }).Fault(kind);

        faults.Add(Coding(At(day.AddDays(-2), 8), 0, day.AddYears(2), "X01", AlertKinds.DrugSerialDuplicate));
        faults.Add(Coding(At(day.AddDays(-1), 8), 0, day.AddYears(2), "X02", AlertKinds.DrugSerialDuplicate));

        faults.Add(Coding(At(day.AddDays(-3), 8), 1, day.AddDays(-1), "X03", AlertKinds.DrugDispensedExpired));
        var first = DemoIdentifiers.Sscc(maker.CompanyPrefix, 9_000_000 + day.DayNumber % 100_000 * 2);
        var second = DemoIdentifiers.Sscc(maker.CompanyPrefix, 9_000_000 + day.DayNumber % 100_000 * 2 + 1);
        foreach (var (parent, hour) in new[] { (first, 9), (second, 10) })
        {
            faults.Add((DemoEvent.Aggregation(At(day.AddDays(-3), hour), "packing", maker.Location(3)) with
            {
                Action = "ADD",
                ParentId = parent,
                Epcs = [units[1]],
                Disposition = "in_progress",
                Fields = [new("packingRatio", "1:1"), new("packagingLevel", "箱")],
            }).Fault(AlertKinds.AggregationConflict));
        }
        faults.Add((DemoEvent.Object(At(day, 10), "dispensing", pharmacy.Location(2)) with
        {
            Epcs = [units[1]],
            Disposition = "dispensed",
            Fields = [new("drugTraceCode", codes[1]), new("dispensedBy", pharmacy.Name)],
        }).Fault(AlertKinds.DrugDispensedExpired));
    }

    /// <summary>Peaches recalled at a supermarket (disposition recalled) and sold there an hour later.</summary>
    private static void SaleAfterRecall(DemoCity city, DateOnly day, string tag, List<DemoEvent> faults)
    {
        const string kind = AlertKinds.SaleAfterRecall;
        var farm = city.FruitBases[^1];
        var shop = city.Supermarkets[0];
        var lot = DemoIdentifiers.Lgtin(farm.CompanyPrefix, Fruit, "X" + tag + "05");
        faults.Add((DemoEvent.Object(At(day, 5), "commissioning", farm.Site) with { Action = "ADD", Quantities = [new(lot, 120, Kg)], Disposition = "active", Ilmd = [new("productName", "水蜜桃")] }).Fault(kind));
        faults.Add(Ship(At(day, 7), farm, shop, new(lot, 120, Kg), kind));
        faults.Add(Receive(At(day, 9), farm, shop, new(lot, 120, Kg), kind));
        faults.Add((DemoEvent.Object(At(day, 11), "holding", shop.Site) with
        {
            Quantities = [new(lot, 120, Kg)],
            Disposition = "recalled",
            Fields = [new("recall", Fields(("reason", "农药残留超标"), ("orderedBy", "市农委")))],
        }).Fault(kind));
        var code = DemoIdentifiers.TraceCode(shop.District.Code, 3_000_000_000L + day.DayNumber, 0);
        faults.Add((DemoEvent.Object(At(day, 12), "retail_selling", shop.Location(2)) with
        {
            Epcs = [DemoIdentifiers.TraceCodeUri(code)],
            Quantities = [new(lot, 1.5m, Kg)],
            Disposition = "retail_sold",
            Fields = [new("traceCode", code), new("receipt", Fields(("market", shop.Name), ("item", "水蜜桃"), ("weightKg", 1.5m)))],
        }).Fault(kind));
    }

    /// <summary>A supermarket books in grapes from a farm that shipped it nothing.</summary>
    private static void ChainBreak(DemoCity city, DateOnly day, string tag, List<DemoEvent> faults)
    {
        const string kind = AlertKinds.ChainBreak;
        var farm = city.FruitBases[0];
        var shop = city.Supermarkets[1];
        var lot = new DemoQuantity(DemoIdentifiers.Lgtin(farm.CompanyPrefix, Fruit, "X" + tag + "06"), 80, Kg);
        faults.Add((DemoEvent.Object(At(day, 5, 30), "commissioning", farm.Site) with { Action = "ADD", Quantities = [lot], Disposition = "active", Ilmd = [new("productName", "阳光玫瑰葡萄")] }).Fault(kind));
        faults.Add(Receive(At(day, 15), farm, shop, lot, kind));
    }
}
