using System.Globalization;

namespace Suyuan.Features.Demo;

/// <summary>
/// A few units of the demo city that break the special-equipment and hazardous-goods rules, one fault each, so every such alert
/// kind shows up once: an elevator visited late, an elevator inspected after its date, an overdue and a scrapped cylinder filled,
/// a highly toxic chemical sold without a permit and a lot with kilograms nobody can account for. Their numbers lie outside the
/// ranges of the clean chains (serials 9xxxxx), which trip nothing.
/// </summary>
internal static class DemoEquipmentFaults
{
    private const string Kg = "KGM";
    private const int Cyanide = 31, CyanideWaste = 39;

    public static void Emit(DemoCity city, DateOnly firstDay, IDemoSink sink)
    {
        var events = new List<DemoEvent>();
        LateMaintenance(city, firstDay, events);
        LateInspection(city, firstDay, events);
        OverdueCylinderFilled(city, firstDay, events);
        ScrappedCylinderFilled(city, firstDay, events);
        SaleWithoutPermit(city, firstDay, events);
        UnexplainedLoss(city, firstDay, events);
        foreach (var e in events)
        {
            if (sink.IsFull)
            {
                return;
            }
            sink.Emit(e);
        }
    }

    // ---- elevators

    private static (string Tag, string Code, string Where) Elevator(DemoCity city, int n, List<DemoEvent> events, DateOnly installed)
    {
        var building = city.Buildings[n % city.Buildings.Count];
        var tag = DemoIdentifiers.Giai(city.ElevatorMaker.CompanyPrefix, "DT" + DemoIdentifiers.D(900_000 + n, 6));
        var code = "3110" + building.District.Code + installed.Year.ToString(CultureInfo.InvariantCulture) + DemoIdentifiers.D(900_000 + n, 6);
        var where = building.Location(90 + n);
        events.Add(DemoEvent.Object(DemoChains.At(installed, 10, 0), "commissioning", where) with
        {
            Action = "ADD",
            Disposition = "active",
            Epcs = [tag],
            Sources = [new("owning_party", city.ElevatorMaker.Party), new("location", city.ElevatorMaker.Site)],
            Destinations = [new("owning_party", building.Party), new("location", building.Site)],
            Ilmd =
            [
                new("registrationCode", code), new("useCertificateNumber", $"梯11{building.District.Code[2..]}{installed.Year % 100:D2}({9000 + n:D4})"),
                new("factoryNumber", "DT" + DemoIdentifiers.D(900_000 + n, 6)), new("variety", "曳引驱动乘客电梯"), new("maker", city.ElevatorMaker.Name),
                new("installer", city.ElevatorMaker.Name), new("maintainer", city.ElevatorMaintainer.Name), new("installationDate", Date(installed)),
            ],
        });
        return (tag, code, where);
    }

    private static DemoEvent Maintenance(DemoCity city, (string Tag, string Code, string Where) lift, DateOnly date) =>
        DemoEvent.Object(DemoChains.At(date, 10, 15), "repairing", lift.Where) with
        {
            Epcs = [lift.Tag],
            Disposition = "active",
            Fields =
            [
                new("registrationCode", lift.Code),
                new("maintenance", Fields(("kind", "半月维保"), ("items", new[] { "轿厢照明、风扇、应急照明", "层门、轿门门锁电气触点" }), ("maintainer", city.ElevatorMaintainer.Name), ("technician", "周**"))),
            ],
        };

    private static DemoEvent Inspection(DemoCity city, (string Tag, string Code, string Where) lift, DateOnly date, DateOnly next) =>
        DemoEvent.Object(DemoChains.At(date, 14, 0), "inspecting", lift.Where) with
        {
            Epcs = [lift.Tag],
            Disposition = "conformant",
            Fields =
            [
                new("inspection", Fields(("kind", "定期检验"), ("conclusion", "合格"), ("reportNumber", "DT" + date.Year + "9" + DemoIdentifiers.D(date.DayOfYear, 4)),
                    ("inspector", city.EquipmentInspector.Name), ("nextInspectionDate", Date(next)))),
            ],
        };

    /// <summary>Maintained on day 0, then not again until day 20: five days past the fifteen.</summary>
    private static void LateMaintenance(DemoCity city, DateOnly firstDay, List<DemoEvent> events)
    {
        var lift = Elevator(city, 1, events, new DateOnly(2019, 4, 18));
        events.Add(Inspection(city, lift, firstDay.AddDays(-100), firstDay.AddDays(265)));
        events.Add(Maintenance(city, lift, firstDay));
        events.Add(Maintenance(city, lift, firstDay.AddDays(20)));
    }

    /// <summary>Due for inspection on day 5, inspected on day 12; maintained on time.</summary>
    private static void LateInspection(DemoCity city, DateOnly firstDay, List<DemoEvent> events)
    {
        var lift = Elevator(city, 2, events, new DateOnly(2016, 9, 6));
        events.Add(Inspection(city, lift, firstDay.AddDays(-360), firstDay.AddDays(5)));
        foreach (var day in new[] { 1, 14, 27 })
        {
            events.Add(Maintenance(city, lift, firstDay.AddDays(day)));
        }
        events.Add(Inspection(city, lift, firstDay.AddDays(12), firstDay.AddDays(12).AddYears(1)));
    }

    // ---- gas cylinders

    private static (string Tag, string Number, Enterprise Station) Cylinder(DemoCity city, int n, DateOnly nextInspection, List<DemoEvent> events, DateOnly firstDay)
    {
        var station = city.FillingStations[n % city.FillingStations.Count];
        var number = "YSP" + DemoIdentifiers.D(900_000 + n, 7);
        var tag = DemoIdentifiers.Giai(city.CylinderMaker.CompanyPrefix, number);
        var made = firstDay.AddYears(-4).AddDays(-n);
        events.Add(DemoEvent.Object(DemoChains.At(made, 9, 0), "commissioning", city.CylinderMaker.Site) with
        {
            Action = "ADD",
            Disposition = "active",
            Epcs = [tag],
            Destinations = [new("owning_party", station.Party)],
            Ilmd =
            [
                new("cylinderNumber", number), new("model", "YSP35.5"), new("gas", "液化石油气"), new("workingPressureMPa", 2.1m), new("nominalVolumeL", 35.5m),
                new("tareWeightKg", 14.8m), new("maker", city.CylinderMaker.Name), new("ownerUnit", station.Name), new("manufactureDate", Date(made)),
                new("nextInspectionDate", Date(nextInspection)),
            ],
        });
        return (tag, number, station);
    }

    private static void Fill((string Tag, string Number, Enterprise Station) c, DateOnly date, List<DemoEvent> events)
    {
        var time = DemoChains.At(date, 11, 5);
        events.Add(DemoEvent.Object(time, "inspecting", c.Station.Location(2)) with
        {
            Epcs = [c.Tag],
            Disposition = "conformant",
            Fields = [new("preFillCheck", Fields(("cylinderNumber", c.Number), ("ownerUnit", c.Station.Name), ("appearance", "无损伤、无腐蚀"), ("valve", "完好"), ("inspector", "吴**"), ("result", "合格")))],
        });
        events.Add(DemoEvent.Object(time.AddMinutes(4), DemoIdentifiers.FillingBizStep, c.Station.Location(3)) with
        {
            Epcs = [c.Tag],
            Disposition = "active",
            Fields = [new("filling", Fields(("gas", "液化石油气"), ("amountKg", 14.5m), ("scale", "充装秤-04"), ("filler", "吴**")))],
        });
    }

    /// <summary>Its inspection fell due twenty days before the first day; the pre-fill check missed it and it was filled.</summary>
    private static void OverdueCylinderFilled(DemoCity city, DateOnly firstDay, List<DemoEvent> events) =>
        Fill(Cylinder(city, 1, firstDay.AddDays(-20), events, firstDay), firstDay.AddDays(3), events);

    /// <summary>Scrapped at the inspection station on day 2 and still filled on day 6.</summary>
    private static void ScrappedCylinderFilled(DemoCity city, DateOnly firstDay, List<DemoEvent> events)
    {
        var c = Cylinder(city, 2, firstDay.AddDays(200), events, firstDay);
        events.Add(DemoEvent.Object(DemoChains.At(firstDay.AddDays(2), 15, 0), "destroying", city.EquipmentInspector.Location(2)) with
        {
            Action = "DELETE",
            Epcs = [c.Tag],
            Disposition = "destroyed",
            Fields = [new("scrapping", Fields(("reason", "定期检验不合格：壁厚减薄超标"), ("station", city.EquipmentInspector.Name)))],
        });
        Fill(c, firstDay.AddDays(6), events);
    }

    // ---- hazardous chemical

    private static string Lot(DemoCity city, DateOnly firstDay, string tag, decimal kg, List<DemoEvent> events)
    {
        var maker = city.ChemicalMaker;
        var lot = DemoIdentifiers.Lgtin(maker.CompanyPrefix, Cyanide, tag);
        events.Add(DemoEvent.Object(DemoChains.At(firstDay.AddDays(4), 8, 30), "commissioning", maker.Location(2)) with
        {
            Action = "ADD",
            Quantities = [new(lot, kg, Kg)],
            Disposition = "active",
            Ilmd =
            [
                new("productName", "氰化钠"), new("casNumber", "143-33-9"), new("unNumber", "UN1689"), new("hazardClass", "6.1"), new("highlyToxic", true),
                new("productionLicence", "（苏）WH安许证字〔2024〕0612"), new("batchNumber", tag), new("packaging", "50kg 钢桶"),
            ],
        });
        return lot;
    }

    private static void SaleAndReceipt(DemoCity city, DateOnly day, string lot, decimal kg, string? permit, string waybill, List<DemoEvent> events)
    {
        var (maker, user) = (city.ChemicalMaker, city.ChemicalUser);
        var sale = new List<(string, object)> { ("buyer", user.Name), ("buyerCode", user.Uscc), ("agentIdNumber", "320602********7310"), ("use", "电镀"), ("policeReportedAt", Date(day)) };
        if (permit is not null)
        {
            sale.Insert(2, ("purchasePermit", permit));
        }
        events.Add(DemoEvent.Object(DemoChains.At(day, 9, 20), "shipping", maker.Site) with
        {
            Quantities = [new(lot, kg, Kg)],
            Disposition = "in_transit",
            Transactions = [new("bol", DemoIdentifiers.IdBase + "doc/waybill/" + waybill)],
            Sources = [new("owning_party", maker.Party), new("location", maker.Site)],
            Destinations = [new("owning_party", user.Party), new("location", user.Site)],
            Fields =
            [
                new("sale", Fields([.. sale])),
                new("transport", Fields(("electronicWaybill", waybill), ("carrier", city.HazmatCarrier.Name), ("vehiclePlate", "苏FC7731挂"), ("driver", "陈**"), ("escort", "黄**"))),
            ],
        });
        events.Add(DemoEvent.Object(DemoChains.At(day, 13, 40), "receiving", user.Site) with
        {
            Quantities = [new(lot, kg, Kg)],
            Disposition = "in_progress",
            Sources = [new("owning_party", maker.Party)],
            Destinations = [new("owning_party", user.Party), new("location", user.Site)],
        });
        events.Add(DemoEvent.Object(DemoChains.At(day, 14, 10), "storing", user.Location(2)) with
        {
            Quantities = [new(lot, kg, Kg)],
            Disposition = "in_progress",
            Fields = [new("storage", Fields(("warehouse", "剧毒品专用仓库"), ("doubleLock", true)))],
        });
    }

    /// <summary>Sold with no purchase permit recorded on the sale; the kilograms themselves balance.</summary>
    private static void SaleWithoutPermit(DemoCity city, DateOnly firstDay, List<DemoEvent> events)
    {
        var lot = Lot(city, firstDay, "C900001", 500, events);
        SaleAndReceipt(city, firstDay.AddDays(5), lot, 500, permit: null, "YD900000000001", events);
    }

    /// <summary>400 kg received, 300 kg used, and the stock left is declared as 88 kg: 12 kg nobody can account for.</summary>
    private static void UnexplainedLoss(DemoCity city, DateOnly firstDay, List<DemoEvent> events)
    {
        var lot = Lot(city, firstDay, "C900002", 400, events);
        SaleAndReceipt(city, firstDay.AddDays(5), lot, 400, "剧毒化学品购买许可证 320602900002", "YD900000000002", events);
        var waste = DemoIdentifiers.Lgtin(city.ChemicalUser.CompanyPrefix, CyanideWaste, "W900002");
        events.Add(DemoEvent.Transformation(DemoChains.At(firstDay.AddDays(9), 16, 0), city.ChemicalUser.Location(3)) with
        {
            InputQuantities = [new(lot, 300, Kg)],
            OutputQuantities = [new(waste, 12, Kg)],
            Disposition = "active",
            Ilmd = [new("productName", "含氰废渣"), new("wasteCode", "HW33 336-104-33"), new("fromLot", lot)],
            Fields = [new("consumption", Fields(("consumedKg", 288m), ("onHandKg", 88m), ("process", "镀铜")))],
        });
    }

    private static IReadOnlyList<DemoField> Fields(params (string Name, object Value)[] fields) => [.. fields.Select(f => new DemoField(f.Name, f.Value is string[] a ? (IReadOnlyList<string>)a : f.Value))];

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
