using Suyuan.Core.Domain;
using System.Globalization;

namespace Suyuan.Features.Demo;

/// <summary>Receives generated events in order; <see cref="IsFull"/> tells the generator to stop early.</summary>
internal interface IDemoSink
{
    void Emit(DemoEvent e);

    bool IsFull { get; }
}

/// <summary>
/// The demo city's supply chains, one day at a time. A day depends only on the seed and its index, so days can be counted
/// and regenerated without keeping state; <paramref name="scale"/> multiplies the lots per day.
/// </summary>
internal sealed class DemoChains(DemoCity city, int seed, int scale)
{
    public static readonly TimeSpan China = ChinaStandardTime.Offset;

    private const string Kg = "KGM";
    private const string Litre = "LTR";

    // Item references of the products, under each maker's own company prefix.
    private const int Grapes = 1, Pears = 1, Peaches = 1, PorkCarcass = 1, RawMilk = 1, UhtMilk = 2, Rapeseed = 1, RapeseedOil = 2;
    private const int Sorghum = 1, BaseLiquor = 2, YellowWine = 3, Amoxicillin = 101, RawHerb = 1, HerbSlices = 11, Pesticide = 21, Cyanide = 31, CyanideWaste = 39;

    /// <summary>The French producer of the imported wine (GS1 France range 300–379; fictional).</summary>
    private const string WineProducerPrefix = "3770456";
    private const string DrugIdentificationCode = "8612345";
    private const string PesticideRegistration = "PD20151234";

    public int Scale { get; } = Math.Max(1, scale);

    /// <summary>Equipment that existed before the first day: elevators and gas cylinders, registered once.</summary>
    public void Registrations(DateOnly firstDay, IDemoSink sink)
    {
        for (var i = 0; i < ElevatorCount && !sink.IsFull; i++)
        {
            var building = city.Buildings[i % city.Buildings.Count];
            var installed = At(Installed(i), 10, i % 60);
            sink.Emit(DemoEvent.Object(installed, "commissioning", building.Location(10 + i / city.Buildings.Count)) with
            {
                Action = "ADD",
                Disposition = "active",
                Epcs = [Elevator(i)],
                Sources = [new("owning_party", city.ElevatorMaker.Party), new("location", city.ElevatorMaker.Site)],
                Destinations = [new("owning_party", building.Party), new("location", building.Site)],
                Ilmd =
                [
                    new("registrationCode", ElevatorRegistrationCode(i, building)),
                    new("useCertificateNumber", $"梯11{building.District.Code[2..]}{installed.Year % 100:D2}({i + 1:D4})"),
                    new("factoryNumber", FactoryNumber(i)),
                    new("variety", "曳引驱动乘客电梯"),
                    new("ratedLoadKg", 1000 + 50 * (i % 7)),
                    new("ratedSpeedMps", 1.75m),
                    new("maker", city.ElevatorMaker.Name),
                    new("installer", city.ElevatorMaker.Name),
                    new("maintainer", city.ElevatorMaintainer.Name),
                    new("installationDate", Date(installed)),
                ],
            });
        }
        for (var i = 0; i < CylinderCount && !sink.IsFull; i++)
        {
            var station = city.FillingStations[i % city.FillingStations.Count];
            var made = At(firstDay.AddDays(-200 - 11 * i % 1300), 9, i % 60);
            sink.Emit(DemoEvent.Object(made, "commissioning", city.CylinderMaker.Site) with
            {
                Action = "ADD",
                Disposition = "active",
                Epcs = [Cylinder(i)],
                Destinations = [new("owning_party", station.Party)],
                Ilmd =
                [
                    new("cylinderNumber", CylinderNumber(i)),
                    new("model", "YSP35.5"),
                    new("gas", "液化石油气"),
                    new("workingPressureMPa", 2.1m),
                    new("nominalVolumeL", 35.5m),
                    new("tareWeightKg", 14.6m + (i % 9) / 10m),
                    new("maker", city.CylinderMaker.Name),
                    new("ownerUnit", station.Name),
                    new("manufactureDate", Date(made)),
                    new("nextInspectionDate", NextCylinderInspection(i, firstDay).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ],
            });
        }
    }

    public int ElevatorCount => 40 * city.StoreFactor;

    public int CylinderCount => 200 * city.StoreFactor;

    /// <summary>Every chain's events of one day, in chain order (each chain in time order).</summary>
    public void Day(int dayIndex, DateOnly date, IDemoSink sink)
    {
        for (var lot = 0; lot < Scale && !sink.IsFull; lot++)
        {
            var unit = (long)dayIndex * Scale + lot;
            Pork(Rng(dayIndex, 1 + lot * 16), unit, date, sink);
            Fruit(Rng(dayIndex, 2 + lot * 16), unit, date, sink);
            Dairy(Rng(dayIndex, 3 + lot * 16), unit, date, sink);
            EdibleOil(Rng(dayIndex, 4 + lot * 16), unit, date, sink);
            Liquor(Rng(dayIndex, 5 + lot * 16), unit, date, sink);
            if ((dayIndex + lot) % 3 == 0)
            {
                ImportedWine(Rng(dayIndex, 6 + lot * 16), unit, date, sink);
            }
            Drugs(Rng(dayIndex, 7 + lot * 16), unit, date, sink);
            Herbs(Rng(dayIndex, 8 + lot * 16), unit, date, sink);
            Pesticides(Rng(dayIndex, 9 + lot * 16), unit, date, sink);
            GasFillings(Rng(dayIndex, 10 + lot * 16), dayIndex, lot, date, sink);
            HazardousChemical(Rng(dayIndex, 11 + lot * 16), unit, date, sink);
        }
        if (!sink.IsFull)
        {
            Elevators(Rng(dayIndex, 15), dayIndex, date, sink);
        }
    }

    // ---- meat and vegetable circulation: farm → slaughterhouse → wholesale market → markets, supermarkets, stores, canteens

    private void Pork(Random r, long unit, DateOnly date, IDemoSink sink)
    {
        for (var s = 0; s < city.Slaughterhouses.Count; s++)
        {
            for (var b = 0; b < 2; b++)
            {
                PorkBatch(r, unit * 4 + s * 2 + b, city.Slaughterhouses[s], date, sink);
            }
        }
    }

    private void PorkBatch(Random r, long batch, Enterprise slaughterhouse, DateOnly date, IDemoSink sink)
    {
        var farm = city.PigFarms[r.Next(city.PigFarms.Count)];
        var heads = r.Next(16, 25);
        var tags = Enumerable.Range(0, heads).Select(i => DemoIdentifiers.EarTagUri(DemoIdentifiers.EarTag(farm.District.Code, batch * 40 + i))).ToList();
        var quarantine = "3206" + DemoIdentifiers.D(batch * 7 + 1_000_000, 8);
        var productQuarantine = "3206" + DemoIdentifiers.D(batch * 7 + 5_000_000, 8);
        var meatCertificate = "NT" + DemoIdentifiers.D(batch + 100_000, 8);
        var slaughterBatch = $"{date:yyMMdd}-{batch % 10_000:D4}";
        var lot = DemoIdentifiers.Lgtin(slaughterhouse.CompanyPrefix, PorkCarcass, "P" + date.ToString("yyMMdd", CultureInfo.InvariantCulture) + DemoIdentifiers.D(batch % 100_000, 5));
        var day = date.AddDays(-1);
        var plate = Plate(r);
        var minute = (int)(batch % 40);

        sink.Emit(DemoEvent.Object(At(day, 15, minute), "inspecting", farm.Site) with
        {
            Epcs = tags,
            Disposition = "conformant",
            Fields =
            [
                new("quarantineCertificate", Fields(
                    ("kind", "动物B"), ("number", quarantine), ("species", "生猪"), ("headCount", heads), ("owner", farm.Name),
                    ("origin", farm.District.Name), ("destination", slaughterhouse.Name), ("use", "屠宰"), ("vehiclePlate", plate),
                    ("disinfected", true), ("officialVet", Masked(r)), ("issuedOn", Date(day)))),
            ],
        });
        sink.Emit(DemoEvent.Object(At(day, 21, minute), "shipping", farm.Site) with
        {
            Epcs = tags,
            Disposition = "in_transit",
            Transactions = [new("desadv", Doc("desadv", quarantine))],
            Sources = [new("owning_party", farm.Party), new("location", farm.Site)],
            Destinations = [new("owning_party", slaughterhouse.Party), new("location", slaughterhouse.Site)],
            Fields = [new("quarantineCertificateNumber", quarantine), new("vehiclePlate", plate)],
        });
        sink.Emit(DemoEvent.Object(At(date, 0, 10 + minute), "receiving", slaughterhouse.Site) with
        {
            Epcs = tags,
            Disposition = "in_progress",
            Sources = [new("owning_party", farm.Party), new("location", farm.Site)],
            Destinations = [new("owning_party", slaughterhouse.Party), new("location", slaughterhouse.Site)],
            Fields = [new("intake", Fields(("quarantineCertificateNumber", quarantine), ("headCount", heads), ("origin", farm.District.Name), ("result", "合格")))],
        });
        var carcassKg = Round(heads * (72m + r.Next(0, 160) / 10m));
        sink.Emit(DemoEvent.Transformation(At(date, 3, minute), slaughterhouse.Location(2), "killing") with
        {
            InputEpcs = tags,
            OutputQuantities = [new(lot, carcassKg, Kg)],
            Disposition = "active",
            Ilmd =
            [
                new("productName", "白条猪肉"),
                new("slaughterBatch", slaughterBatch),
                new("slaughterDate", Date(date)),
                new("headCount", heads),
                new("animalQuarantineCertificate", quarantine),
                new("productQuarantineCertificate", productQuarantine),
                new("meatInspectionCertificate", meatCertificate),
                new("asfTestReport", "ASF" + slaughterBatch),
                new("earTagsRecovered", true),
            ],
        });
        sink.Emit(DemoEvent.Object(At(date, 4, minute), "shipping", slaughterhouse.Site) with
        {
            Quantities = [new(lot, carcassKg, Kg)],
            Disposition = "in_transit",
            Transactions = [new("desadv", Doc("desadv", meatCertificate))],
            Sources = [new("owning_party", slaughterhouse.Party), new("location", slaughterhouse.Site)],
            Destinations = [new("owning_party", city.WholesaleMarket.Party), new("location", city.WholesaleMarket.Site)],
            Fields = [new("productQuarantineCertificate", productQuarantine), new("meatInspectionCertificate", meatCertificate)],
        });
        var trader = city.Traders[r.Next(city.Traders.Count)];
        sink.Emit(DemoEvent.Object(At(date, 4, 30 + minute % 30), "receiving", city.WholesaleMarket.Site) with
        {
            Quantities = [new(lot, carcassKg, Kg)],
            Disposition = "in_progress",
            Sources = [new("owning_party", slaughterhouse.Party)],
            Destinations = [new("owning_party", trader.Party), new("location", city.WholesaleMarket.Site)],
            Fields =
            [
                new("marketEntry", Fields(("trader", trader.Name), ("traderCode", trader.Uscc), ("voucherKind", "检疫证"), ("voucherNumber", productQuarantine),
                    ("commodityCode", "0101"), ("vehiclePlate", plate), ("weightKg", carcassKg), ("supplier", slaughterhouse.Name))),
            ],
        });
        var buyers = city.MeatBuyers.ToList();
        var left = carcassKg;
        for (var k = 0; k < 5; k++)
        {
            var buyer = buyers[(int)((batch * 5 + k) * 7 % buyers.Count)];
            var kg = k == 4 ? left : Round(carcassKg / 5 * (0.8m + r.Next(0, 40) / 100m));
            left -= kg;
            var price = 24m + r.Next(0, 60) / 10m;
            var voucher = "JY" + DemoIdentifiers.D(batch * 5 + k, 10);
            sink.Emit(DemoEvent.Object(At(date, 5, k * 5 + minute % 5), "shipping", city.WholesaleMarket.Site) with
            {
                Quantities = [new(lot, kg, Kg)],
                Disposition = "in_transit",
                Transactions = [new("inv", Doc("trade", voucher))],
                Sources = [new("owning_party", trader.Party), new("location", city.WholesaleMarket.Site)],
                Destinations = [new("owning_party", buyer.Party), new("location", buyer.Site)],
                Fields = [new("trade", Fields(("voucherNumber", voucher), ("commodityCode", "0101"), ("unitPriceYuanPerKg", price), ("amountYuan", Round(price * kg)), ("buyer", buyer.Name)))],
            });
            sink.Emit(DemoEvent.Object(At(date, 6, k * 5 + minute % 5), "receiving", buyer.Site) with
            {
                Quantities = [new(lot, kg, Kg)],
                Disposition = "in_progress",
                Transactions = [new("inv", Doc("trade", voucher))],
                Sources = [new("owning_party", trader.Party)],
                Destinations = [new("owning_party", buyer.Party), new("location", buyer.Site)],
                Fields = [new("incomingCheck", Fields(("supplier", trader.Name), ("quarantineCertificateNumber", productQuarantine), ("meatInspectionCertificate", meatCertificate), ("result", "合格")))],
            });
            if (buyer.Kind == "canteen")
            {
                continue;
            }
            var stall = 2 + r.Next(0, 12);
            for (var n = 0; n < 4; n++)
            {
                var sold = Round(0.4m + r.Next(0, 200) / 100m);
                var unitPrice = Round(price * 1.35m);
                var code = DemoIdentifiers.TraceCode(buyer.District.Code, (batch * 5 + k) * 4 + n, seed);
                sink.Emit(DemoEvent.Object(At(date, 7 + n * 3, r.Next(0, 60), r.Next(0, 60)), "retail_selling", buyer.Location(stall)) with
                {
                    Epcs = [DemoIdentifiers.TraceCodeUri(code)],
                    Quantities = [new(lot, sold, Kg)],
                    Disposition = "retail_sold",
                    Fields =
                    [
                        new("traceCode", code),
                        new("receipt", Fields(("market", buyer.Name), ("stall", $"{stall - 1:D2}号摊位"), ("item", "猪肉"), ("unitPriceYuanPerKg", unitPrice),
                            ("weightKg", sold), ("amountYuan", Round(unitPrice * sold)))),
                    ],
                });
            }
        }
    }

    // ---- edible farm produce: origin certificate (承诺达标合格证) → market entry → supermarket → receipt

    private void Fruit(Random r, long unit, DateOnly date, IDemoSink sink)
    {
        (int Item, string Name)[] products = [(Grapes, "阳光玫瑰葡萄"), (Pears, "翠冠梨"), (Peaches, "水蜜桃")];
        for (var i = 0; i < city.FruitBases.Count; i++)
        {
            var farm = city.FruitBases[i];
            var product = products[i];
            var serial = unit * 3 + i;
            var lot = DemoIdentifiers.Lgtin(farm.CompanyPrefix, product.Item, "F" + date.ToString("yyMMdd", CultureInfo.InvariantCulture) + DemoIdentifiers.D(serial % 1000, 3));
            var kg = (decimal)(r.Next(30, 120) * 5);
            var certificate = "HGZ" + farm.District.Code + DemoIdentifiers.D(serial, 9);
            string[] bases = ["自检合格", "委托检测合格", "内部质量控制合格"];
            sink.Emit(DemoEvent.Object(At(date, 5, r.Next(0, 60)), "commissioning", farm.Site) with
            {
                Action = "ADD",
                Quantities = [new(lot, kg, Kg)],
                Disposition = "active",
                Ilmd =
                [
                    new("productName", product.Name),
                    new("harvestDate", Date(date)),
                    new("certificate", Fields(("kind", "承诺达标合格证"), ("number", certificate), ("product", product.Name), ("weightKg", kg),
                        ("origin", $"江苏省南通市{farm.District.Name}"), ("issuer", farm.Name), ("issuerContact", "138****" + r.Next(1000, 9999)),
                        ("issuedAt", Date(date)), ("basis", bases[r.Next(bases.Length)]),
                        ("commitment", new[] { "不使用禁用农药兽药、停用兽药和非法添加物", "常规农药兽药残留不超标", "对承诺的真实性负责" }))),
                ],
            });
            Move(r, date, 6, farm, city.WholesaleMarket, lot, kg, Kg, certificate, sink);
            sink.Emit(DemoEvent.Object(At(date, 7, r.Next(0, 60)), "receiving", city.WholesaleMarket.Site) with
            {
                Quantities = [new(lot, kg, Kg)],
                Disposition = "in_progress",
                Sources = [new("owning_party", farm.Party), new("location", farm.Site)],
                Destinations = [new("owning_party", city.WholesaleMarket.Party), new("location", city.WholesaleMarket.Site)],
                Fields = [new("marketEntry", Fields(("voucherKind", "产地证明"), ("voucherNumber", certificate), ("certificateChecked", true), ("seller", farm.Name), ("sellerCode", farm.Uscc), ("commodityCode", "0301")))],
            });
            var shop = city.Supermarkets[(int)(serial % city.Supermarkets.Count)];
            Move(r, date, 8, city.WholesaleMarket, shop, lot, kg, Kg, certificate, sink);
            Receive(r, date, 9, city.WholesaleMarket, shop, lot, kg, Kg, sink);
            for (var n = 0; n < 2; n++)
            {
                var sold = Round(0.5m + r.Next(0, 250) / 100m);
                var code = DemoIdentifiers.TraceCode(shop.District.Code, 1_000_000_000L + serial * 2 + n, seed);
                sink.Emit(DemoEvent.Object(At(date, 10 + 4 * n, r.Next(0, 60), r.Next(0, 60)), "retail_selling", shop.Location(2)) with
                {
                    Epcs = [DemoIdentifiers.TraceCodeUri(code)],
                    Quantities = [new(lot, sold, Kg)],
                    Disposition = "retail_sold",
                    Fields = [new("traceCode", code), new("receipt", Fields(("market", shop.Name), ("item", product.Name), ("weightKg", sold), ("certificateNumber", certificate)))],
                });
            }
        }
    }

    // ---- food: raw lots → production batches (TransformationEvents) → distribution

    private void Dairy(Random r, long unit, DateOnly date, IDemoSink sink)
    {
        var inputs = new List<DemoQuantity>();
        for (var i = 0; i < city.DairyFarms.Count; i++)
        {
            var farm = city.DairyFarms[i];
            var lot = DemoIdentifiers.Lgtin(farm.CompanyPrefix, RawMilk, "M" + date.ToString("yyMMdd", CultureInfo.InvariantCulture) + DemoIdentifiers.D(unit % 1000, 3));
            var kg = (decimal)r.Next(1800, 4200);
            sink.Emit(DemoEvent.Object(At(date, 4, 10 * i + r.Next(0, 10)), "commissioning", farm.Site) with
            {
                Action = "ADD",
                Quantities = [new(lot, kg, Kg)],
                Disposition = "active",
                Ilmd = [new("productName", "生鲜乳"), new("milkingDate", Date(date)), new("testReport", Fields(("proteinPercent", 3.1m + r.Next(0, 4) / 10m), ("fatPercent", 3.6m + r.Next(0, 5) / 10m), ("melamine", "未检出"), ("result", "合格")))],
            });
            Move(r, date, 5, farm, city.Dairy, lot, kg, Kg, null, sink);
            Receive(r, date, 6, farm, city.Dairy, lot, kg, Kg, sink);
            inputs.Add(new(lot, kg, Kg));
        }
        var batch = "U" + date.ToString("yyMMdd", CultureInfo.InvariantCulture) + DemoIdentifiers.D(unit % 1000, 3);
        var cartons = DemoIdentifiers.Lgtin(city.Dairy.CompanyPrefix, UhtMilk, batch);
        var count = (decimal)(int)(inputs.Sum(q => q.Amount) / 0.258m);
        sink.Emit(DemoEvent.Transformation(At(date, 9, r.Next(0, 60)), city.Dairy.Location(2)) with
        {
            InputQuantities = inputs,
            OutputQuantities = [new(cartons, count, null)],
            Disposition = "active",
            Ilmd = [new("productName", "纯牛奶 250mL（超高温灭菌）"), new("productionBatch", batch), new("productionDate", Date(date)), new("bestBeforeDate", Date(date.AddMonths(6))), new("standard", "GB 25190-2010")],
        });
        for (var k = 0; k < 2; k++)
        {
            var shop = city.Supermarkets[(int)((unit * 2 + k) % city.Supermarkets.Count)];
            var part = Math.Floor(count / 4);
            Move(r, date.AddDays(1), 7 + k, city.Dairy, shop, cartons, part, null, null, sink);
            Receive(r, date.AddDays(1), 10 + k, city.Dairy, shop, cartons, part, null, sink);
        }
    }

    private void EdibleOil(Random r, long unit, DateOnly date, IDemoSink sink)
    {
        var seedLot = DemoIdentifiers.Lgtin(city.RapeseedCooperative.CompanyPrefix, Rapeseed, "R" + date.ToString("yyMMdd", CultureInfo.InvariantCulture) + DemoIdentifiers.D(unit % 1000, 3));
        var kg = (decimal)r.Next(8, 20) * 1000;
        sink.Emit(DemoEvent.Object(At(date, 7, r.Next(0, 60)), "commissioning", city.RapeseedCooperative.Site) with
        {
            Action = "ADD",
            Quantities = [new(seedLot, kg, Kg)],
            Disposition = "active",
            Ilmd = [new("productName", "油菜籽"), new("harvestYear", date.Year), new("origin", "江苏省南通市启东市")],
        });
        Move(r, date, 8, city.RapeseedCooperative, city.OilMill, seedLot, kg, Kg, null, sink);
        Receive(r, date, 10, city.RapeseedCooperative, city.OilMill, seedLot, kg, Kg, sink);
        var oilLot = DemoIdentifiers.Lgtin(city.OilMill.CompanyPrefix, RapeseedOil, "O" + date.ToString("yyMMdd", CultureInfo.InvariantCulture) + DemoIdentifiers.D(unit % 1000, 3));
        var litres = Round(kg * 0.38m / 0.915m);
        sink.Emit(DemoEvent.Transformation(At(date, 15, r.Next(0, 60)), city.OilMill.Location(2)) with
        {
            InputQuantities = [new(seedLot, kg, Kg)],
            OutputQuantities = [new(oilLot, litres, Litre)],
            Disposition = "active",
            Ilmd = [new("productName", "压榨菜籽油（一级）"), new("productionBatch", oilLot[^10..]), new("productionDate", Date(date)), new("bestBeforeDate", Date(date.AddMonths(18))), new("standard", "GB/T 1536")],
        });
        Move(r, date.AddDays(1), 9, city.OilMill, city.WholesaleMarket, oilLot, litres, Litre, null, sink);
        Receive(r, date.AddDays(1), 12, city.OilMill, city.WholesaleMarket, oilLot, litres, Litre, sink);
    }

    private void Liquor(Random r, long unit, DateOnly date, IDemoSink sink)
    {
        var tag = date.ToString("yyMMdd", CultureInfo.InvariantCulture) + DemoIdentifiers.D(unit % 1000, 3);
        var grain = DemoIdentifiers.Lgtin(city.GrainSupplier.CompanyPrefix, Sorghum, "G" + tag);
        var kg = (decimal)r.Next(3, 8) * 1000;
        sink.Emit(DemoEvent.Object(At(date, 8, r.Next(0, 60)), "commissioning", city.GrainSupplier.Site) with
        {
            Action = "ADD",
            Quantities = [new(grain, kg, Kg)],
            Disposition = "active",
            Ilmd = [new("productName", "糯米"), new("origin", "江苏省南通市海安市"), new("harvestYear", date.Year - 1)],
        });
        Move(r, date, 9, city.GrainSupplier, city.Winery, grain, kg, Kg, null, sink);
        Receive(r, date, 11, city.GrainSupplier, city.Winery, grain, kg, Kg, sink);
        var baseLiquor = DemoIdentifiers.Lgtin(city.Winery.CompanyPrefix, BaseLiquor, "J" + tag);
        var litres = Round(kg * 1.6m);
        sink.Emit(DemoEvent.Transformation(At(date, 14, r.Next(0, 60)), city.Winery.Location(2)) with
        {
            InputQuantities = [new(grain, kg, Kg)],
            OutputQuantities = [new(baseLiquor, litres, Litre)],
            Disposition = "active",
            Ilmd = [new("productName", "黄酒原酒"), new("brewingBatch", "J" + tag), new("fermentationStart", Date(date))],
        });
        var bottled = DemoIdentifiers.Lgtin(city.Winery.CompanyPrefix, YellowWine, "B" + tag);
        var bottles = Math.Floor(litres / 0.5m);
        sink.Emit(DemoEvent.Transformation(At(date, 16, r.Next(0, 60)), city.Winery.Location(3)) with
        {
            InputQuantities = [new(baseLiquor, litres, Litre)],
            OutputQuantities = [new(bottled, bottles, null)],
            Disposition = "active",
            Ilmd = [new("productName", "白蒲黄酒 500mL 14%vol"), new("bottlingBatch", "B" + tag), new("productionDate", Date(date)), new("standard", "GB/T 13662")],
        });
        var shop = city.Supermarkets[(int)(unit % city.Supermarkets.Count)];
        Move(r, date.AddDays(1), 8, city.Winery, shop, bottled, Math.Floor(bottles / 10), null, null, sink);
        Receive(r, date.AddDays(1), 13, city.Winery, shop, bottled, Math.Floor(bottles / 10), null, sink);
    }

    private void ImportedWine(Random r, long unit, DateOnly date, IDemoSink sink)
    {
        var lot = DemoIdentifiers.Lgtin(WineProducerPrefix, 1, "FR" + (date.Year - 3) + DemoIdentifiers.D(unit % 10_000, 4));
        var bottles = (decimal)r.Next(10, 40) * 60;
        var declaration = "2301" + date.Year + "0" + DemoIdentifiers.D(unit % 100_000_000, 9);
        var importer = city.WineImporter;
        sink.Emit(DemoEvent.Object(At(date, 9, r.Next(0, 60)), "receiving", importer.Location(2)) with
        {
            Action = "ADD",
            Quantities = [new(lot, bottles, null)],
            Disposition = "in_progress",
            Transactions = [new("po", Doc("po", "IMP" + DemoIdentifiers.D(unit, 8)))],
            Destinations = [new("owning_party", importer.Party), new("location", importer.Location(2))],
            Ilmd = [new("productName", "Château Lune Claire Bordeaux AOC 2021 红葡萄酒 750mL"), new("countryOfOrigin", "FR"), new("vintage", date.Year - 3)],
            Fields =
            [
                new("import", Fields(("customsDeclarationNumber", declaration), ("portOfEntry", "南通港"), ("inspectionCertificate", "320600" + DemoIdentifiers.D(unit, 9)),
                    ("chineseBackLabel", true), ("importer", importer.Name), ("importerCode", importer.Uscc))),
            ],
        });
        sink.Emit(DemoEvent.Object(At(date, 14, r.Next(0, 60)), "inspecting", importer.Location(2)) with
        {
            Quantities = [new(lot, bottles, null)],
            Disposition = "conformant",
            Fields = [new("inspection", Fields(("authority", "南通海关"), ("result", "合格"), ("customsDeclarationNumber", declaration)))],
        });
        var shop = city.Supermarkets[(int)((unit + 3) % city.Supermarkets.Count)];
        Move(r, date.AddDays(2), 9, importer, shop, lot, 60, null, null, sink);
        Receive(r, date.AddDays(2), 14, importer, shop, lot, 60, null, sink);
        var code = DemoIdentifiers.TraceCode(shop.District.Code, 2_000_000_000L + unit, seed);
        sink.Emit(DemoEvent.Object(At(date.AddDays(3), 18, r.Next(0, 60)), "retail_selling", shop.Location(3)) with
        {
            Epcs = [DemoIdentifiers.TraceCodeUri(code)],
            Quantities = [new(lot, 2, null)],
            Disposition = "retail_sold",
            Fields = [new("traceCode", code), new("receipt", Fields(("market", shop.Name), ("item", "进口红葡萄酒 750mL"), ("count", 2), ("customsDeclarationNumber", declaration)))],
        });
    }

    // ---- drugs: serialized units (drug trace code as SGTIN serial) → cases → pallet (SSCC) → distributor → pharmacies, hospitals → dispensed

    private void Drugs(Random r, long unit, DateOnly date, IDemoSink sink)
    {
        var maker = city.DrugMaker;
        var batch = date.ToString("yyMMdd", CultureInfo.InvariantCulture) + DemoIdentifiers.D(unit % 100, 2);
        var codes = Enumerable.Range(0, 40).Select(i => DemoIdentifiers.DrugTraceCode(DrugIdentificationCode, unit * 40 + i)).ToList();
        var units = codes.Select(c => DemoIdentifiers.Sgtin(maker.CompanyPrefix, Amoxicillin, c)).ToList();
        var expiry = date.AddMonths(24).AddDays(-1);
        sink.Emit(DemoEvent.Object(At(date, 8, r.Next(0, 30)), "commissioning", maker.Location(2)) with
        {
            Action = "ADD",
            Epcs = units,
            Disposition = "active",
            Ilmd =
            [
                new("productName", "阿莫西林胶囊"), new("specification", "0.25g×24粒"), new("dosageForm", "胶囊剂"), new("approvalNumber", "国药准字H32020999"),
                new("drugIdentificationCode", DrugIdentificationCode), new("drugTraceCodes", codes), new("batchNumber", batch),
                new("productionDate", Date(date)), new("expiryDate", Date(expiry)), new("licenceHolder", maker.Name),
            ],
        });
        var cases = new List<(string Sscc, List<string> Units)>();
        for (var c = 0; c < 4; c++)
        {
            var sscc = DemoIdentifiers.Sscc(maker.CompanyPrefix, unit * 5 + c);
            var children = units.GetRange(c * 10, 10);
            cases.Add((sscc, children));
            sink.Emit(DemoEvent.Aggregation(At(date, 9, 5 * c + r.Next(0, 5)), "packing", maker.Location(3)) with
            {
                Action = "ADD",
                ParentId = sscc,
                Epcs = children,
                Disposition = "in_progress",
                Fields = [new("packingRatio", "1:10"), new("packagingLevel", "箱")],
            });
        }
        var pallet = DemoIdentifiers.Sscc(maker.CompanyPrefix, unit * 5 + 4);
        sink.Emit(DemoEvent.Aggregation(At(date, 10, r.Next(0, 60)), "packing", maker.Location(3)) with
        {
            Action = "ADD",
            ParentId = pallet,
            Epcs = [.. cases.Select(c => c.Sscc)],
            Disposition = "in_progress",
            Fields = [new("packagingLevel", "托盘")],
        });
        var bill = "XS" + DemoIdentifiers.D(unit, 10);
        sink.Emit(DemoEvent.Object(At(date, 14, r.Next(0, 60)), "shipping", maker.Site) with
        {
            Epcs = [pallet],
            Disposition = "in_transit",
            Transactions = [new("desadv", Doc("desadv", bill))],
            Sources = [new("owning_party", maker.Party), new("location", maker.Site)],
            Destinations = [new("owning_party", city.DrugDistributor.Party), new("location", city.DrugDistributor.Site)],
            Fields = [new("bill", Fields(("kind", "销售出库单"), ("number", bill), ("batchNumber", batch), ("expiryDate", Date(expiry)), ("codeCount", units.Count)))],
        });
        var next = date.AddDays(1);
        sink.Emit(DemoEvent.Object(At(next, 8, r.Next(0, 60)), "receiving", city.DrugDistributor.Site) with
        {
            Epcs = [pallet],
            Disposition = "in_progress",
            Transactions = [new("desadv", Doc("desadv", bill))],
            Sources = [new("owning_party", maker.Party), new("location", maker.Site)],
            Destinations = [new("owning_party", city.DrugDistributor.Party), new("location", city.DrugDistributor.Site)],
            Fields = [new("bill", Fields(("kind", "采购入库单"), ("number", bill), ("codeCount", units.Count)))],
        });
        sink.Emit(DemoEvent.Aggregation(At(next, 9, r.Next(0, 60)), "unpacking", city.DrugDistributor.Site) with
        {
            Action = "DELETE",
            ParentId = pallet,
            Epcs = [.. cases.Select(c => c.Sscc)],
            Disposition = "in_progress",
        });
        for (var c = 0; c < cases.Count; c++)
        {
            var (sscc, children) = cases[c];
            var customer = c % 2 == 0 ? city.Hospitals[(int)(unit + c / 2) % city.Hospitals.Count] : city.Pharmacies[(int)((unit * 2 + c) % city.Pharmacies.Count)];
            var order = "PS" + DemoIdentifiers.D(unit * 4 + c, 10);
            sink.Emit(DemoEvent.Object(At(next, 13, 10 * c + r.Next(0, 10)), "shipping", city.DrugDistributor.Site) with
            {
                Epcs = [sscc],
                Disposition = "in_transit",
                Transactions = [new("desadv", Doc("desadv", order))],
                Sources = [new("owning_party", city.DrugDistributor.Party), new("location", city.DrugDistributor.Site)],
                Destinations = [new("owning_party", customer.Party), new("location", customer.Site)],
                Fields = [new("bill", Fields(("kind", "销售出库单"), ("number", order), ("batchNumber", batch), ("codeCount", children.Count)))],
            });
            var arrival = date.AddDays(2);
            sink.Emit(DemoEvent.Object(At(arrival, 9, 10 * c + r.Next(0, 10)), "receiving", customer.Site) with
            {
                Epcs = [sscc],
                Disposition = "in_progress",
                Transactions = [new("desadv", Doc("desadv", order))],
                Sources = [new("owning_party", city.DrugDistributor.Party)],
                Destinations = [new("owning_party", customer.Party), new("location", customer.Site)],
            });
            sink.Emit(DemoEvent.Aggregation(At(arrival, 10, 10 * c + r.Next(0, 10)), "unpacking", customer.Site) with
            {
                Action = "DELETE",
                ParentId = sscc,
                Epcs = children,
                Disposition = "in_progress",
            });
            for (var n = 0; n < 5; n++)
            {
                sink.Emit(DemoEvent.Object(At(arrival.AddDays(1 + n), 9 + n, r.Next(0, 60), r.Next(0, 60)), "dispensing", customer.Location(2)) with
                {
                    Epcs = [children[n]],
                    Disposition = "dispensed",
                    Fields = [new("drugTraceCode", codes[c * 10 + n]), new("dispensedBy", customer.Name)],
                });
            }
        }
    }

    private void Herbs(Random r, long unit, DateOnly date, IDemoSink sink)
    {
        var tag = date.ToString("yyMMdd", CultureInfo.InvariantCulture) + DemoIdentifiers.D(unit % 1000, 3);
        var raw = DemoIdentifiers.Lgtin(city.HerbBase.CompanyPrefix, RawHerb, "H" + tag);
        var kg = (decimal)r.Next(200, 600);
        sink.Emit(DemoEvent.Object(At(date, 6, r.Next(0, 60)), "commissioning", city.HerbBase.Site) with
        {
            Action = "ADD",
            Quantities = [new(raw, kg, Kg)],
            Disposition = "active",
            Ilmd = [new("productName", "丹参（中药材）"), new("latinName", "Salviae Miltiorrhizae Radix et Rhizoma"), new("origin", "江苏省南通市如皋市"), new("harvestDate", Date(date)), new("plantingBase", city.HerbBase.Name)],
        });
        Move(r, date, 8, city.HerbBase, city.HerbSliceMaker, raw, kg, Kg, null, sink);
        Receive(r, date, 11, city.HerbBase, city.HerbSliceMaker, raw, kg, Kg, sink);
        var slices = DemoIdentifiers.Lgtin(city.HerbSliceMaker.CompanyPrefix, HerbSlices, "YP" + tag);
        var out_ = Round(kg * 0.86m);
        sink.Emit(DemoEvent.Transformation(At(date.AddDays(2), 10, r.Next(0, 60)), city.HerbSliceMaker.Location(2)) with
        {
            InputQuantities = [new(raw, kg, Kg)],
            OutputQuantities = [new(slices, out_, Kg)],
            Disposition = "active",
            Ilmd = [new("productName", "丹参饮片"), new("specification", "厚片"), new("origin", "江苏省南通市如皋市"), new("batchNumber", "YP" + tag), new("productionDate", Date(date.AddDays(2))), new("maker", city.HerbSliceMaker.Name)],
        });
        var hospital = city.Hospitals[(int)(unit % city.Hospitals.Count)];
        Move(r, date.AddDays(3), 9, city.HerbSliceMaker, hospital, slices, 50, Kg, null, sink);
        Receive(r, date.AddDays(3), 14, city.HerbSliceMaker, hospital, slices, 50, Kg, sink);
        for (var n = 0; n < 2; n++)
        {
            var dose = Round(0.09m + r.Next(0, 7) / 100m);
            sink.Emit(DemoEvent.Object(At(date.AddDays(4 + n), 10, r.Next(0, 60), r.Next(0, 60)), "dispensing", hospital.Location(3)) with
            {
                Quantities = [new(slices, dose, Kg)],
                Disposition = "dispensed",
                Fields = [new("prescription", Fields(("number", "CF" + DemoIdentifiers.D(unit * 2 + n, 9)), ("pharmacy", "中药房"), ("amountYuan", Round(dose * 460m))))],
            });
        }
    }

    // ---- agricultural inputs: pesticide lot → licensed dealers in Hai'an and Haimen → farms

    private void Pesticides(Random r, long unit, DateOnly date, IDemoSink sink)
    {
        var maker = city.PesticideMaker;
        var tag = date.ToString("yyMMdd", CultureInfo.InvariantCulture) + DemoIdentifiers.D(unit % 1000, 3);
        var lot = DemoIdentifiers.Lgtin(maker.CompanyPrefix, Pesticide, "N" + tag);
        var bottles = (decimal)r.Next(20, 60) * 20;
        sink.Emit(DemoEvent.Object(At(date, 8, r.Next(0, 60)), "commissioning", maker.Site) with
        {
            Action = "ADD",
            Quantities = [new(lot, bottles, null)],
            Disposition = "active",
            Ilmd =
            [
                new("productName", "吡虫啉 10%可湿性粉剂"), new("registrationNumber", PesticideRegistration), new("productionLicence", "农药生许（苏）0123"),
                new("specification", "100克/袋"), new("productionDate", Date(date)), new("batchNumber", "N" + tag), new("restrictedUse", false),
            ],
        });
        var dealer = city.PesticideDealers[(int)(unit % city.PesticideDealers.Count)];
        Move(r, date.AddDays(1), 8, maker, dealer, lot, bottles / 2, null, null, sink);
        Receive(r, date.AddDays(1), 13, maker, dealer, lot, bottles / 2, null, sink);
        var farms = city.Farms.Where(f => f.District == dealer.District).ToList();
        for (var n = 0; n < 3; n++)
        {
            var farm = farms[(int)((unit + n) % farms.Count)];
            var count = r.Next(2, 12);
            var labels = Enumerable.Range(0, Math.Min(count, 3)).Select(i => PesticideLabelCode(unit * 10 + n * 3 + i)).ToList();
            string[] crops = ["水稻", "小麦", "青菜", "梨树"];
            string[] pests = ["稻飞虱", "蚜虫", "白粉虱"];
            sink.Emit(DemoEvent.Object(At(date.AddDays(2 + n), 9, r.Next(0, 60), r.Next(0, 60)), "retail_selling", dealer.Site) with
            {
                Quantities = [new(lot, count, null)],
                Disposition = "retail_sold",
                Destinations = [new("owning_party", farm.Party)],
                Fields =
                [
                    new("sale", Fields(("buyer", farm.Name), ("buyerCode", farm.Uscc), ("crop", crops[r.Next(crops.Length)]), ("targetPest", pests[r.Next(pests.Length)]),
                        ("registrationNumber", PesticideRegistration), ("dealerLicence", "农药经营许可证（苏）" + dealer.District.Code + "0" + (unit % 2 + 1)), ("labelCodes", labels))),
                ],
            });
        }
    }

    // ---- special equipment: elevators (maintenance every 15 days, yearly inspection), gas cylinders (pre-fill check, fill, post-fill check)

    private void Elevators(Random r, int dayIndex, DateOnly date, IDemoSink sink)
    {
        for (var i = 0; i < ElevatorCount && !sink.IsFull; i++)
        {
            var building = city.Buildings[i % city.Buildings.Count];
            var where = building.Location(10 + i / city.Buildings.Count);
            if ((dayIndex + i) % 15 == 0)
            {
                var cycle = (dayIndex + i) / 15;
                var kind = cycle % 24 == 0 ? "年度维保" : cycle % 12 == 0 ? "半年维保" : cycle % 6 == 0 ? "季度维保" : "半月维保";
                sink.Emit(DemoEvent.Object(At(date, 9 + i % 8, r.Next(0, 60)), "repairing", where) with
                {
                    Epcs = [Elevator(i)],
                    Disposition = "active",
                    Fields =
                    [
                        new("registrationCode", ElevatorRegistrationCode(i, building)),
                        new("maintenance", Fields(("kind", kind), ("items", new[] { "机房、滑轮间环境", "轿厢照明、风扇、应急照明", "层门、轿门门锁电气触点", "制动器各销轴部位润滑" }),
                            ("maintainer", city.ElevatorMaintainer.Name), ("technician", Masked(r)), ("signedBy", building.Name + "安全管理员"), ("durationMinutes", r.Next(40, 90)))),
                    ],
                });
            }
            if ((dayIndex + i * 9) % 365 == 0)
            {
                sink.Emit(DemoEvent.Object(At(date, 14, r.Next(0, 60)), "inspecting", where) with
                {
                    Epcs = [Elevator(i)],
                    Disposition = "conformant",
                    Fields =
                    [
                        new("inspection", Fields(("kind", "定期检验"), ("conclusion", "合格"), ("reportNumber", "DT" + date.Year + DemoIdentifiers.D(i, 5)),
                            ("inspector", city.EquipmentInspector.Name), ("nextInspectionDate", Date(date.AddYears(1))))),
                    ],
                });
            }
        }
    }

    private void GasFillings(Random r, int dayIndex, int lot, DateOnly date, IDemoSink sink)
    {
        for (var j = 0; j < 6 && !sink.IsFull; j++)
        {
            var i = (int)(((long)dayIndex * Scale * 6 + lot * 6 + j) * 7 % CylinderCount);
            var station = city.FillingStations[i % city.FillingStations.Count];
            var due = NextCylinderInspection(i, date);
            var overdue = r.Next(0, 50) == 0;
            var check = overdue ? "不合格：超过检验期" : "合格";
            var time = At(date, 8 + j, r.Next(0, 50), r.Next(0, 60));
            sink.Emit(DemoEvent.Object(time, "inspecting", station.Location(2)) with
            {
                Epcs = [Cylinder(i)],
                Disposition = overdue ? "non_conformant" : "conformant",
                Fields =
                [
                    new("preFillCheck", Fields(("cylinderNumber", CylinderNumber(i)), ("ownerUnit", station.Name), ("nextInspectionDate", overdue ? Date(date.AddDays(-r.Next(5, 90))) : Date(due)),
                        ("appearance", "无损伤、无腐蚀"), ("valve", "完好"), ("residualPressureMPa", r.Next(1, 5) / 100m), ("inspector", Masked(r)), ("result", check))),
                ],
            });
            if (overdue)
            {
                continue;
            }
            var kg = 14.5m - r.Next(0, 4) / 10m;
            sink.Emit(DemoEvent.Object(time.AddMinutes(4), DemoIdentifiers.FillingBizStep, station.Location(3)) with
            {
                Epcs = [Cylinder(i)],
                Disposition = "active",
                Fields = [new("filling", Fields(("gas", "液化石油气"), ("amountKg", kg), ("scale", $"充装秤-{j % 4 + 1:D2}"), ("filler", Masked(r))))],
            });
            sink.Emit(DemoEvent.Object(time.AddMinutes(6), "inspecting", station.Location(3)) with
            {
                Epcs = [Cylinder(i)],
                Disposition = "conformant",
                Fields = [new("postFillCheck", Fields(("leak", "无泄漏"), ("grossWeightOk", true), ("inspector", Masked(r)), ("result", "合格")))],
            });
        }
    }

    // ---- hazardous chemical: production → storage → sale with permit → road transport → use → waste → disposal (a closed loop per lot)

    private void HazardousChemical(Random r, long unit, DateOnly date, IDemoSink sink)
    {
        var maker = city.ChemicalMaker;
        var user = city.ChemicalUser;
        var tag = date.ToString("yyMMdd", CultureInfo.InvariantCulture) + DemoIdentifiers.D(unit % 1000, 3);
        var lot = DemoIdentifiers.Lgtin(maker.CompanyPrefix, Cyanide, "C" + tag);
        var kg = (decimal)r.Next(8, 20) * 50;
        sink.Emit(DemoEvent.Object(At(date, 8, r.Next(0, 60)), "commissioning", maker.Location(2)) with
        {
            Action = "ADD",
            Quantities = [new(lot, kg, Kg)],
            Disposition = "active",
            Ilmd =
            [
                new("productName", "氰化钠"), new("casNumber", "143-33-9"), new("unNumber", "UN1689"), new("hazardClass", "6.1"), new("highlyToxic", true),
                new("productionLicence", "（苏）WH安许证字〔2024〕0612"), new("batchNumber", "C" + tag), new("packaging", "50kg 钢桶"),
            ],
        });
        sink.Emit(DemoEvent.Object(At(date, 10, r.Next(0, 60)), "storing", maker.Location(3)) with
        {
            Quantities = [new(lot, kg, Kg)],
            Disposition = "in_progress",
            Fields = [new("storage", Fields(("warehouse", "剧毒品专用仓库"), ("doubleLock", true)))],
        });
        var waybill = "YD" + DemoIdentifiers.D(unit * 2, 12);
        var plate = "苏F" + (char)('A' + r.Next(0, 6)) + r.Next(1000, 9999) + "挂";
        var next = date.AddDays(1);
        sink.Emit(DemoEvent.Object(At(next, 9, r.Next(0, 60)), "shipping", maker.Site) with
        {
            Quantities = [new(lot, kg, Kg)],
            Disposition = "in_transit",
            Transactions = [new("bol", Doc("waybill", waybill))],
            Sources = [new("owning_party", maker.Party), new("location", maker.Site)],
            Destinations = [new("owning_party", user.Party), new("location", user.Site)],
            Fields =
            [
                new("sale", Fields(("buyer", user.Name), ("buyerCode", user.Uscc), ("purchasePermit", "剧毒化学品购买许可证 320602" + DemoIdentifiers.D(unit, 6)),
                    ("agentIdNumber", "320602********" + r.Next(1000, 9999)), ("use", "电镀"), ("policeReportedAt", Date(next)))),
                new("transport", Fields(("electronicWaybill", waybill), ("carrier", city.HazmatCarrier.Name), ("vehiclePlate", plate), ("driver", Masked(r)), ("escort", Masked(r)),
                    ("roadTransportPass", "剧毒化学品道路运输通行证 " + DemoIdentifiers.D(unit, 8)))),
            ],
        });
        sink.Emit(DemoEvent.Object(At(next, 13, r.Next(0, 60)), "receiving", user.Site) with
        {
            Quantities = [new(lot, kg, Kg)],
            Disposition = "in_progress",
            Transactions = [new("bol", Doc("waybill", waybill))],
            Sources = [new("owning_party", maker.Party)],
            Destinations = [new("owning_party", user.Party), new("location", user.Site)],
            Fields = [new("policeReportedAt", Date(next))],
        });
        sink.Emit(DemoEvent.Object(At(next, 14, r.Next(0, 60)), "storing", user.Location(2)) with
        {
            Quantities = [new(lot, kg, Kg)],
            Disposition = "in_progress",
            Fields = [new("storage", Fields(("warehouse", "剧毒品专用仓库"), ("doubleLock", true)))],
        });
        var used = kg - 50;
        var waste = DemoIdentifiers.Lgtin(user.CompanyPrefix, CyanideWaste, "W" + tag);
        var wasteKg = Round(used * 0.04m);
        sink.Emit(DemoEvent.Transformation(At(date.AddDays(5), 16, r.Next(0, 60)), user.Location(3)) with
        {
            InputQuantities = [new(lot, used, Kg)],
            OutputQuantities = [new(waste, wasteKg, Kg)],
            Disposition = "active",
            Ilmd = [new("productName", "含氰废渣"), new("wasteCode", "HW33 336-104-33"), new("fromLot", lot)],
            Fields = [new("consumption", Fields(("consumedKg", used - wasteKg), ("onHandKg", kg - used), ("process", "镀铜")))],
        });
        var manifest = "WF" + DemoIdentifiers.D(unit, 10);
        sink.Emit(DemoEvent.Object(At(date.AddDays(7), 9, r.Next(0, 60)), "shipping", user.Site) with
        {
            Quantities = [new(waste, wasteKg, Kg)],
            Disposition = "in_transit",
            Transactions = [new("bol", Doc("waybill", "YD" + DemoIdentifiers.D(unit * 2 + 1, 12)))],
            Sources = [new("owning_party", user.Party), new("location", user.Site)],
            Destinations = [new("owning_party", city.WasteDisposer.Party), new("location", city.WasteDisposer.Site)],
            Fields = [new("hazardousWasteManifest", manifest)],
        });
        sink.Emit(DemoEvent.Object(At(date.AddDays(7), 15, r.Next(0, 60)), "receiving", city.WasteDisposer.Site) with
        {
            Quantities = [new(waste, wasteKg, Kg)],
            Disposition = "in_progress",
            Sources = [new("owning_party", user.Party)],
            Destinations = [new("owning_party", city.WasteDisposer.Party), new("location", city.WasteDisposer.Site)],
            Fields = [new("hazardousWasteManifest", manifest)],
        });
        sink.Emit(DemoEvent.Object(At(date.AddDays(9), 10, r.Next(0, 60)), "destroying", city.WasteDisposer.Location(2)) with
        {
            Action = "DELETE",
            Quantities = [new(waste, wasteKg, Kg)],
            Disposition = "destroyed",
            Fields = [new("disposal", Fields(("method", "高温焚烧"), ("hazardousWasteManifest", manifest), ("licence", "危险废物经营许可证 JS0681OOD123")))],
        });
    }

    // ---- shared steps

    private static void Move(Random r, DateOnly date, int hour, Enterprise from, Enterprise to, string lot, decimal amount, string? uom, string? certificate, IDemoSink sink)
    {
        var document = "DN" + DemoIdentifiers.D(r.NextInt64(0, 10_000_000_000), 10);
        sink.Emit(DemoEvent.Object(At(date, hour, r.Next(0, 60), r.Next(0, 60)), "shipping", from.Site) with
        {
            Quantities = [new(lot, amount, uom)],
            Disposition = "in_transit",
            Transactions = [new("desadv", Doc("desadv", document))],
            Sources = [new("owning_party", from.Party), new("location", from.Site)],
            Destinations = [new("owning_party", to.Party), new("location", to.Site)],
            Fields = certificate is null ? null : [new("certificateNumber", certificate)],
        });
    }

    private static void Receive(Random r, DateOnly date, int hour, Enterprise from, Enterprise to, string lot, decimal amount, string? uom, IDemoSink sink)
    {
        sink.Emit(DemoEvent.Object(At(date, hour, r.Next(0, 60), r.Next(0, 60)), "receiving", to.Site) with
        {
            Quantities = [new(lot, amount, uom)],
            Disposition = "in_progress",
            Sources = [new("owning_party", from.Party), new("location", from.Site)],
            Destinations = [new("owning_party", to.Party), new("location", to.Site)],
        });
    }

    private string Elevator(int i) => DemoIdentifiers.Giai(city.ElevatorMaker.CompanyPrefix, FactoryNumber(i));

    private static string FactoryNumber(int i) => "DT" + DemoIdentifiers.D(10_000 + i, 6);

    /// <summary>20 digits: variety code 3110 (traction passenger lift), the county, the year of registration, a serial.</summary>
    private static string ElevatorRegistrationCode(int i, Enterprise building) =>
        "3110" + building.District.Code + Installed(i).Year.ToString(CultureInfo.InvariantCulture) + DemoIdentifiers.D(i + 1, 6);

    private static DateOnly Installed(int i) => new(2008 + i * 7 % 15, 1 + i % 12, 1 + i % 28);

    private string Cylinder(int i) => DemoIdentifiers.Giai(city.CylinderMaker.CompanyPrefix, CylinderNumber(i));

    private static string CylinderNumber(int i) => "YSP" + DemoIdentifiers.D(200_000 + i, 7);

    /// <summary>Household LPG cylinders are inspected every four years; cylinder i is due on a day spread over the cycle.</summary>
    private static DateOnly NextCylinderInspection(int i, DateOnly after) => after.AddDays(30 + 13 * i % 1400);

    /// <summary>The pesticide label code: type 1 (PD), registration's last six digits, production type 1, spec 001, 21-digit serial.</summary>
    private static string PesticideLabelCode(long serial) => "1" + PesticideRegistration[^6..] + "1" + "001" + DemoIdentifiers.D(serial * 7_919 % 1_000_000_000_000_000, 21);

    private static IReadOnlyList<DemoField> Fields(params (string Name, object Value)[] fields) => [.. fields.Select(f => new DemoField(f.Name, f.Value is string[] a ? (IReadOnlyList<string>)a : f.Value))];

    private static string Doc(string kind, string number) => DemoIdentifiers.IdBase + "doc/" + kind + "/" + number;

    private static string Plate(Random r) => "苏F" + (char)('A' + r.Next(0, 8)) + r.Next(10000, 99999);

    private static string Masked(Random r) => "王李张刘陈杨黄赵吴周"[r.Next(10)] + "**";

    private static decimal Round(decimal d) => Math.Round(d, 2);

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset At(DateOnly date, int hour, int minute, int second = 0) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), China).AddHours(hour).AddMinutes(minute).AddSeconds(second);

    private Random Rng(int dayIndex, int stream) => new(unchecked(seed * 1_000_003 + dayIndex * 7_919 + stream * 104_729));
}
