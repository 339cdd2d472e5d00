using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Suyuan.Core.Domain;
using Suyuan.Tests.Http;
using Xunit;
using static Suyuan.Tests.Rules.FoodChains;
using static Suyuan.Tests.Rules.FoodEvents;

namespace Suyuan.Tests.Rules;

/// <summary>Each rule raises exactly its alert, with the ids and eventIDs involved, readable at GET /api/alerts?kind=…</summary>
public sealed class FoodRuleTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private static async Task<System.Text.Json.JsonElement> SingleAlertAsync(PlatformServer server, string kind, IReadOnlyList<string> ids, IReadOnlyList<int> eventIds, string department)
    {
        var alert = Assert.Single(await AlertsAsync(server.Client, kind));
        Assert.Equal(kind, alert.GetProperty("kind").GetString());
        Assert.Equal(ids, alert.Strings("ids"));
        Assert.Equal(eventIds.Select(Id).ToList(), alert.Strings("eventIDs"));
        Assert.Equal(department, alert.GetProperty("department").GetString());
        return alert;
    }

    /// <summary>The maker's commissioning of an imidacloprid lot (registration PD20151234, a 7-day interval on pears).</summary>
    private static JsonObject Imidacloprid(int id, string lot, string batch) =>
        Object(id, At(1, 8), "commissioning", Site(PesticideMaker), "ADD").With("quantityList", Quantity(lot, 100, null))
            .Ilmd(("productName", "吡虫啉 10%可湿性粉剂"), ("registrationNumber", "PD20151234"), ("specification", "100克/袋"), ("productionDate", "2026-03-01"), ("batchNumber", batch));

    /// <summary>The maker's commissioning of a carbofuran lot (registration PD20990001, banned on vegetables).</summary>
    private static JsonObject Carbofuran(int id, string lot, string batch) =>
        Object(id, At(1, 8), "commissioning", Site(PesticideMaker), "ADD").With("quantityList", Quantity(lot, 100, null))
            .Ilmd(("productName", "3%克百威颗粒剂"), ("registrationNumber", "PD20990001"), ("specification", "1千克/袋"), ("productionDate", "2026-03-01"), ("batchNumber", batch), ("restrictedUse", true));

    private static JsonObject Application(int id, string plot, string pesticide) =>
        Object(id, At(2, 7), SuyuanVocabulary.ApplyingBizStep, plot).With("quantityList", Quantity(pesticide, 1, null))
            .Sy(("application", Fields(("registrationNumber", "PD20151234"), ("crop", "梨树"))));

    private static JsonObject Harvest(int id, int day, string plot, string lot, int kg) =>
        Object(id, At(day, 6), "commissioning", plot, "ADD").With("quantityList", Quantity(lot, kg)).Ilmd(("productName", "翠冠梨"), ("harvestDate", $"2026-03-{day:D2}"));

    private static JsonObject CarbofuranSale(int id, string lot, string crop) =>
        Object(id, At(3, 9), "retail_selling", Site(Dealer)).With("quantityList", Quantity(lot, 2, null)).With("disposition", "retail_sold")
            .Sy(("sale", Fields(("buyer", "菜农"), ("crop", crop), ("registrationNumber", "PD20990001"))));

    private static JsonObject RecallOf(int id, string lot, string time) =>
        Object(id, time, "holding", Site(Shop)).With("quantityList", Quantity(lot, 100)).With("disposition", "recalled");

    /// <summary>Starts a recall of a lot in the registry (pesticide residue, agriculture), from the time given.</summary>
    private static async Task StartRecallAsync(PlatformServer server, string lot, string startedAt)
    {
        var recall = await server.Client.PostAsJsonAsync("api/recalls", new { id = lot, reason = "农药残留超标", department = Departments.Agriculture, startedAt });
        Assert.Equal(HttpStatusCode.Created, recall.StatusCode);
    }

    /// <summary>The one sale-after-recall alert, naming the fruit chain's sale (event 15) of the lot, filed as edible agricultural produce.</summary>
    private static async Task FruitSaleAfterRecallAsync(PlatformServer server, string lot) =>
        Assert.Equal(Categories.EdibleAgricultural,
            (await SingleAlertAsync(server, AlertKinds.SaleAfterRecall, [Canonical(lot)], [15], Departments.Agriculture)).GetProperty("category").GetString());

    /// <summary>The event again under its eventID, declared erroneous (EPCIS 2.0).</summary>
    private static JsonObject Declared(JsonObject e) =>
        ((JsonObject)e.DeepClone()).With("errorDeclaration", new JsonObject { ["declarationTime"] = "2026-03-10T08:00:00.000+08:00", ["reason"] = "incorrect_data" });

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ProduceEnteringTheMarketWithoutACertificateRaisesOriginCertificateMissing(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var lot = Lot(Farm, 1, "X260301");
        await CaptureAllAsync(server.Client,
            Object(1, At(1, 5), "commissioning", Site(Farm), "ADD").With("quantityList", Quantity(lot, 200)).Ilmd(("productName", "翠冠梨")),
            Ship(2, At(1, 6), Site(Farm), Party(Farm), Site(Market), Party(Market), Quantity(lot, 200)),
            Receive(3, At(1, 7), Site(Farm), Party(Farm), Site(Market), Party(Market), Quantity(lot, 200))
                .Sy(("marketEntry", Fields(("seller", "无证果农"), ("sellerCode", "320682********1234"), ("commodityCode", "0301")))));
        await SingleAlertAsync(server, AlertKinds.OriginCertificateMissing, [Canonical(lot), Canonical(Site(Market))], [3], Departments.Agriculture);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MeatReceivedWithoutAQuarantineCertificateRaisesQuarantineCertificateMissing(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var lot = Lot(Slaughterhouse, 1, "X260302");
        await CaptureAllAsync(server.Client,
            Ship(1, At(2, 4), Site(Slaughterhouse), Party(Slaughterhouse), Site(Market), Party(Market), Quantity(lot, 80)),
            Receive(2, At(2, 5), Site(Slaughterhouse), Party(Slaughterhouse), Site(Market), Party(Market), Quantity(lot, 80))
                .Sy(("category", "meat-vegetable"), ("marketEntry", Fields(("trader", "李记"), ("traderCode", "92320602MA1XYZ0003"), ("commodityCode", "0101"), ("weightKg", 80)))));
        await SingleAlertAsync(server, AlertKinds.QuarantineCertificateMissing, [Canonical(lot)], [2], Departments.Commerce);
        // Not an origin-certificate fault as well: the entry is declared meat.
        Assert.Empty(await AlertsAsync(server.Client, AlertKinds.OriginCertificateMissing));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task HarvestWithinThePesticideSafetyIntervalRaisesAnAlertNamingTheApplication(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var plot = Site(Grower, 9);
        var pesticide = Lot(PesticideMaker, 21, "N260301");
        var pears = Lot(Grower, 1, "F260305");
        await CaptureAllAsync(server.Client,
            Imidacloprid(1, pesticide, "N260301"),
            Application(2, plot, pesticide),
            // Another field's harvest is not affected.
            Harvest(3, 5, Site(Grower, 10), Lot(Grower, 1, "F260305B"), 100),
            Harvest(4, 5, plot, pears, 300));
        await SingleAlertAsync(server, AlertKinds.PesticideSafetyInterval, [Canonical(pears), Canonical(plot)], [2, 4], Departments.Agriculture);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SellingABannedPesticideForVegetablesRaisesBannedPesticideButNotForRice(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var lot = Lot(PesticideMaker, 22, "K260301");
        await CaptureAllAsync(server.Client, Carbofuran(1, lot, "K260301"), CarbofuranSale(2, lot, "水稻"), CarbofuranSale(3, lot, "青菜"));
        var alert = await SingleAlertAsync(server, AlertKinds.BannedPesticide, [Canonical(lot), "PD20990001"], [3], Departments.Agriculture);
        Assert.Contains("克百威", alert.GetProperty("message").GetString());
    }

    /// <summary>
    /// An alert stands on its events: once the sender declares one of them erroneous (EPCIS 2.0 error declaration), the alert
    /// is acknowledged by the platform with a note naming the event and the reason; an event declared erroneous in the same
    /// document as its declaration raises nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnAlertWhoseEventIsDeclaredErroneousIsResolvedAndADeclaredEventRaisesNone(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var lot = Lot(PesticideMaker, 22, "K260302");
        JsonObject Sale(int id) => CarbofuranSale(id, lot, "青菜");
        await CaptureAllAsync(server.Client, Carbofuran(1, lot, "K260302"), Sale(2));
        var raised = await SingleAlertAsync(server, AlertKinds.BannedPesticide, [Canonical(lot), "PD20990001"], [2], Departments.Agriculture);
        Assert.False(raised.GetProperty("acknowledged").GetBoolean());

        await CaptureAllAsync(server.Client, Declared(Sale(2)));
        var resolved = await SingleAlertAsync(server, AlertKinds.BannedPesticide, [Canonical(lot), "PD20990001"], [2], Departments.Agriculture);
        Assert.True(resolved.GetProperty("acknowledged").GetBoolean());
        Assert.Equal("system", resolved.GetProperty("acknowledgedBy").GetString());
        Assert.Contains(Id(2), resolved.GetProperty("note").GetString());
        Assert.Contains("incorrect_data", resolved.GetProperty("note").GetString());

        // A sale and its declaration sent together: the rule never sees the sale.
        await CaptureAllAsync(server.Client, Sale(3), Declared(Sale(3)));
        Assert.Single(await AlertsAsync(server.Client, AlertKinds.BannedPesticide));
    }

    /// <summary>
    /// A rule behind the others (added later and replaying, or recovering from a failure) reaches an event after the view
    /// that acknowledges alerts on declared events has gone past its declaration: it raises nothing on it.
    /// </summary>
    [Fact]
    public async Task ARuleThatReachesAnEventAfterItsDeclarationRaisesNothingOnIt()
    {
        var data = Path.Combine(Path.GetTempPath(), "suyuan-behind-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            var lot = Lot(PesticideMaker, 22, "K260311");
            var sale = CarbofuranSale(2, lot, "青菜");
            await using (var first = await PlatformServer.StartAsync(configure: o => o with { DataDirectory = data },
                services: s => s.Remove(s.Single(d => d.ImplementationType == typeof(Suyuan.Features.Rules.BannedPesticideRule)))))
            {
                await CaptureAllAsync(first.Client, Carbofuran(1, lot, "K260311"), sale);
                // More than a batch of the views between the sale and its declaration.
                await CaptureAllAsync(first.Client, [.. Enumerable.Range(1000, 1001).Select(i => Object(i, At(4, 9), "inspecting", Site(Shop)).With("epcList", Epcs($"urn:epc:id:sgtin:6901001.000001.{i}")))]);
                await CaptureAllAsync(first.Client, Declared(sale));
                Assert.Empty(await AlertsAsync(first.Client, AlertKinds.BannedPesticide));
            }
            await using var second = await PlatformServer.StartAsync(configure: o => o with { DataDirectory = data });
            Assert.Empty(await AlertsAsync(second.Client, AlertKinds.BannedPesticide));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>What a rule kept of an event declared erroneous is taken back: a harvest after a declared application, or a sale after a declared recall, raises nothing.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ARuleForgetsWhatItKeptOfAnEventDeclaredErroneous(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var plot = Site(Grower, 9);
        var pesticide = Lot(PesticideMaker, 21, "N260309");
        var application = Application(2, plot, pesticide);
        await CaptureAllAsync(server.Client, Imidacloprid(1, pesticide, "N260309"), application);
        Assert.Empty(await AlertsAsync(server.Client));
        await CaptureAllAsync(server.Client, Declared(application));
        Assert.Empty(await AlertsAsync(server.Client));
        await CaptureAllAsync(server.Client, Harvest(4, 5, plot, Lot(Grower, 1, "F260309"), 300));
        Assert.Empty(await AlertsAsync(server.Client, AlertKinds.PesticideSafetyInterval));

        var chain = Fruit(10);
        var recall = RecallOf(30, Lot(Farm, 1, "F260301"), At(1, 9));
        await CaptureAllAsync(server.Client, [.. chain[..5], recall]);
        await CaptureAllAsync(server.Client, Declared(recall));
        await CaptureAllAsync(server.Client, chain[5]);
        Assert.Empty(await AlertsAsync(server.Client, AlertKinds.SaleAfterRecall));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ADrugSerialCommissionedTwiceRaisesDrugSerialDuplicate(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var chain = Drug(10);
        var again = (JsonObject)chain[0].DeepClone();
        again["eventID"] = Id(99);
        again["eventTime"] = At(9, 8);
        again["epcList"] = Epcs(Serial(DrugMaker, 101, "861234526030801" + "00003"));
        await CaptureAllAsync(server.Client, [.. chain, again]);
        await SingleAlertAsync(server, AlertKinds.DrugSerialDuplicate, [Canonical(Serial(DrugMaker, 101, "86123452603080100003"))], [10, 99], Departments.FoodDrug);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DispensingAfterTheExpiryDateRaisesDrugDispensedExpired(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        await CaptureAllAsync(server.Client, Drug(10, expiry: "2026-03-09"));
        await SingleAlertAsync(server, AlertKinds.DrugDispensedExpired, [Canonical(Serial(DrugMaker, 101, "86123452603080100001"))], [10, 15], Departments.FoodDrug);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PackingAUnitStillInAnotherCaseRaisesAggregationConflict(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var chain = Drug(10);
        var first = Sscc(DrugMaker, 26030801);
        var second = Sscc(DrugMaker, 99);
        var unit = Serial(DrugMaker, 101, "86123452603080100002");
        await CaptureAllAsync(server.Client, chain[0], chain[1],
            Event("AggregationEvent", 20, At(8, 10), "packing", Site(DrugMaker, 3), "ADD").With("parentID", second).With("childEPCs", Epcs(unit)),
            // Unpacked first, then packed again: no conflict.
            Event("AggregationEvent", 21, At(8, 11), "unpacking", Site(DrugMaker, 3), "DELETE").With("parentID", first).With("childEPCs", Epcs(Serial(DrugMaker, 101, "86123452603080100001"))),
            Event("AggregationEvent", 22, At(8, 12), "packing", Site(DrugMaker, 3), "ADD").With("parentID", second).With("childEPCs", Epcs(Serial(DrugMaker, 101, "86123452603080100001"))));
        await SingleAlertAsync(server, AlertKinds.AggregationConflict, [Canonical(unit), Canonical(first), Canonical(second)], [11, 20], Departments.FoodDrug);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ARetailSaleOfARecalledLotRaisesSaleAfterRecall(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var chain = Fruit(10);
        var lot = Lot(Farm, 1, "F260301");
        // Everything up to the store's receipt, then the recall, then the sale.
        await CaptureAllAsync(server.Client, chain[..5]);
        await StartRecallAsync(server, lot, "2026-03-01T09:30:00+08:00");
        await CaptureAllAsync(server.Client, chain[5]);
        await FruitSaleAfterRecallAsync(server, lot);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ARecallStartedInTheRegistryFromAnEarlierTimeFindsTheSalesAlreadyRecordedSince(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var chain = Fruit(10);
        var lot = Lot(Farm, 1, "F260301");
        await CaptureAllAsync(server.Client, chain);
        Assert.Empty(await AlertsAsync(server.Client, AlertKinds.SaleAfterRecall));
        // Started after the sale (10:00): nothing.
        await StartRecallAsync(server, lot, "2026-03-01T10:30:00+08:00");
        Assert.Empty(await AlertsAsync(server.Client, AlertKinds.SaleAfterRecall));
        // Started before it: the sale recorded earlier raises the alert the other order would have raised.
        await StartRecallAsync(server, lot, "2026-03-01T09:30:00+08:00");
        await FruitSaleAfterRecallAsync(server, lot);
    }

    /// <summary>A recall entered without its look-back (a failure after the entry, another process) is looked back before the rule's next batch.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ARecallEnteredWithoutItsLookBackIsLookedBackBeforeTheRulesNextBatch(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var chain = Fruit(10);
        var lot = Lot(Farm, 1, "F260301");
        await CaptureAllAsync(server.Client, chain);
        Assert.Empty(await AlertsAsync(server.Client, AlertKinds.SaleAfterRecall)); // the views have applied the chain
        var store = server.Services.GetRequiredService<Suyuan.Storage.IEventStore>();
        await Suyuan.Storage.Recalls.RecallRegistry.Of(store).StartAsync(Canonical(lot), lot, "农药残留超标", Departments.Agriculture, DateTimeOffset.Parse("2026-03-01T09:30:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(await AlertsAsync(server.Client, AlertKinds.SaleAfterRecall));
        // Any later event: the rule's batch looks back first.
        await CaptureAllAsync(server.Client, Object(40, At(2, 9), "inspecting", Site(Shop)).With("quantityList", Quantity(Lot(Farm, 1, "OTHER"), 1)));
        await FruitSaleAfterRecallAsync(server, lot);
    }

    /// <summary>Data the query interface cannot ask for (an identifier holding '|', a malformed pattern, the first day of the calendar) stops no look-back, and no page.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LookBacksOverDataTheQueryInterfaceCannotTakeFindNothingAndStopNothing(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var chain = Fruit(10);
        var lot = Lot(Farm, 1, "F260301");
        await CaptureAllAsync(server.Client, chain);
        await CaptureAllAsync(server.Client,
            RecallOf(30, lot, At(1, 9)).With("epcList", Epcs("urn:suyuan:trace:a|")),
            RecallOf(31, "urn:epc:idpat:sgtin:6901001.*.0000001", At(1, 9)),
            Application(32, "urn:epc:id:sgln:6901001.00001.a|b", Lot(PesticideMaker, 21, "N260301")));
        var drug = Drug(50, expiry: "0001-01-01");
        await CaptureAllAsync(server.Client, drug[5], drug[0]);
        // The lot's sale is still found through the recall's other, queryable identifier.
        await SingleAlertAsync(server, AlertKinds.SaleAfterRecall, [Canonical(lot)], [30, 15], Departments.Agriculture);
        Assert.Single(await AlertsAsync(server.Client, AlertKinds.DrugDispensedExpired));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ASaleAfterARecallEventRaisesSaleAfterRecallNamingBoth(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var chain = Fruit(10);
        var lot = Lot(Farm, 1, "F260301");
        await CaptureAllAsync(server.Client, [.. chain[..5], RecallOf(30, lot, At(1, 9)), chain[5]]);
        await SingleAlertAsync(server, AlertKinds.SaleAfterRecall, [Canonical(lot)], [30, 15], Departments.Agriculture);
    }

    /// <summary>
    /// Enterprises send their data on their own schedules: the record a rule keeps (an application, a coding, a recall) may
    /// arrive after the one it is checked against. The late record looks back, and raises the same alert as the other order.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task APesticideApplicationRecordedAfterTheHarvestStillRaisesTheSafetyIntervalAlert(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var plot = Site(Grower, 9);
        var pesticide = Lot(PesticideMaker, 21, "N260301");
        var pears = Lot(Grower, 1, "F260305");
        await CaptureAllAsync(server.Client,
            Imidacloprid(1, pesticide, "N260301"),
            Harvest(3, 5, Site(Grower, 10), Lot(Grower, 1, "F260305B"), 100),
            Harvest(4, 5, plot, pears, 300),
            // A harvest at the plot before the application: not within its interval.
            Harvest(5, 1, plot, Lot(Grower, 1, "F260301"), 50));
        Assert.Empty(await AlertsAsync(server.Client, AlertKinds.PesticideSafetyInterval));
        await CaptureAllAsync(server.Client, Application(2, plot, pesticide));
        await SingleAlertAsync(server, AlertKinds.PesticideSafetyInterval, [Canonical(pears), Canonical(plot)], [2, 4], Departments.Agriculture);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ADrugCodingRecordedAfterTheDispensingStillRaisesDispensedExpired(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var chain = Drug(10, expiry: "2026-03-09");
        await CaptureAllAsync(server.Client, chain[1..]);
        Assert.Empty(await AlertsAsync(server.Client, AlertKinds.DrugDispensedExpired));
        await CaptureAllAsync(server.Client, chain[0]);
        await SingleAlertAsync(server, AlertKinds.DrugDispensedExpired, [Canonical(Serial(DrugMaker, 101, "86123452603080100001"))], [10, 15], Departments.FoodDrug);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ARecallEventRecordedAfterTheSaleStillRaisesSaleAfterRecallAndNotForASaleBeforeIt(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var chain = Fruit(10);
        var lot = Lot(Farm, 1, "F260301");
        await CaptureAllAsync(server.Client, chain);
        Assert.Empty(await AlertsAsync(server.Client, AlertKinds.SaleAfterRecall));
        // Recalled after the sale: no fault.
        await CaptureAllAsync(server.Client, RecallOf(31, lot, "2026-03-30T09:00:00.000+08:00"));
        Assert.Empty(await AlertsAsync(server.Client, AlertKinds.SaleAfterRecall));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ARecallEventRecordedAfterALaterSaleRaisesSaleAfterRecallNamingBoth(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var chain = Fruit(10);
        var lot = Lot(Farm, 1, "F260301");
        await CaptureAllAsync(server.Client, chain);
        await CaptureAllAsync(server.Client, RecallOf(30, lot, At(1, 9)));
        await SingleAlertAsync(server, AlertKinds.SaleAfterRecall, [Canonical(lot)], [30, 15], Departments.Agriculture);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ALotReceivedThatNobodyShippedToTheReceiverRaisesChainBreak(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var lot = Lot(Farm, 1, "Y260301");
        await CaptureAllAsync(server.Client,
            Object(1, At(1, 5), "commissioning", Site(Farm), "ADD").With("quantityList", Quantity(lot, 200)).Ilmd(("productName", "翠冠梨")),
            // Shipped to the market, but received by the shop.
            Ship(2, At(1, 6), Site(Farm), Party(Farm), Site(Market), Party(Market), Quantity(lot, 200)),
            Receive(3, At(1, 7), Site(Farm), Party(Farm), Site(Market), Party(Market), Quantity(lot, 200)),
            Receive(4, At(1, 9), Site(Farm), Party(Farm), Site(Shop), Party(Shop), Quantity(lot, 50)));
        await SingleAlertAsync(server, AlertKinds.ChainBreak, [Canonical(lot), Canonical(Party(Shop))], [4], Departments.FoodDrug);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AShipmentRecordedAfterTheReceiptResolvesTheChainBreak(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var pears = Lot(Farm, 1, "Z260301");
        var peaches = Lot(Farm, 2, "Z260302");
        // The shop's system sends its receipts before the farm sends its shipments.
        await CaptureAllAsync(server.Client,
            Receive(1, At(1, 9), Site(Farm), Party(Farm), Site(Shop), Party(Shop), Quantity(pears, 50)),
            Receive(2, At(1, 9), Site(Farm), Party(Farm), Site(Shop), Party(Shop), Quantity(peaches, 30)));
        var open = await AlertsAsync(server.Client, AlertKinds.ChainBreak);
        Assert.Equal(2, open.Count);
        Assert.All(open, a => Assert.False(a.GetProperty("acknowledged").GetBoolean()));

        // Shipped to the market, not to the shop: no link to the receipt.
        await CaptureAllAsync(server.Client, Ship(3, At(1, 6), Site(Farm), Party(Farm), Site(Market), Party(Market), Quantity(pears, 50)));
        Assert.All(await AlertsAsync(server.Client, AlertKinds.ChainBreak), a => Assert.False(a.GetProperty("acknowledged").GetBoolean()));

        // The farm's shipment of the pears to the shop arrives: that receipt's break is resolved, the peaches' stays.
        await CaptureAllAsync(server.Client, Ship(4, At(1, 6), Site(Farm), Party(Farm), Site(Shop), Party(Shop), Quantity(pears, 50)));
        var alerts = await AlertsAsync(server.Client, AlertKinds.ChainBreak);
        var resolved = Assert.Single(alerts, a => a.Strings("eventIDs").Single() == Id(1));
        Assert.True(resolved.GetProperty("acknowledged").GetBoolean());
        Assert.Equal("system", resolved.GetProperty("acknowledgedBy").GetString());
        Assert.Contains(Id(4), resolved.GetProperty("note").GetString());
        Assert.False(Assert.Single(alerts, a => a.Strings("eventIDs").Single() == Id(2)).GetProperty("acknowledged").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WithinOneDocumentAShipmentAfterTheReceiptResolvesItsBreakAndAShipmentBeforeTheReceiptPreventsOne(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var pears = Lot(Farm, 1, "W260301");
        var peaches = Lot(Farm, 2, "W260302");
        var plums = Lot(Farm, 3, "W260303");
        // One document, so the rules see these events in one batch: the pears' receipt before their shipment, the peaches'
        // shipment before their receipt, the plums received and never shipped to the shop.
        await CaptureAllAsync(server.Client,
            Receive(1, At(1, 9), Site(Farm), Party(Farm), Site(Shop), Party(Shop), Quantity(pears, 50)),
            Ship(2, At(1, 6), Site(Farm), Party(Farm), Site(Market), Party(Market), Quantity(peaches, 30)),
            Ship(3, At(1, 6), Site(Farm), Party(Farm), Site(Shop), Party(Shop), Quantity(peaches, 30)),
            Receive(4, At(1, 9), Site(Farm), Party(Farm), Site(Shop), Party(Shop), Quantity(peaches, 30)),
            Receive(5, At(1, 9), Site(Farm), Party(Farm), Site(Shop), Party(Shop), Quantity(plums, 20)),
            Ship(6, At(1, 6), Site(Farm), Party(Farm), Site(Shop), Party(Shop), Quantity(pears, 50)),
            Ship(7, At(1, 6), Site(Farm), Party(Farm), Site(Market), Party(Market), Quantity(plums, 20)));
        var alerts = await AlertsAsync(server.Client, AlertKinds.ChainBreak);
        Assert.Equal(2, alerts.Count);
        var resolved = Assert.Single(alerts, a => a.Strings("eventIDs").Single() == Id(1));
        Assert.True(resolved.GetProperty("acknowledged").GetBoolean());
        Assert.Contains(Id(6), resolved.GetProperty("note").GetString());
        Assert.False(Assert.Single(alerts, a => a.Strings("eventIDs").Single() == Id(5)).GetProperty("acknowledged").GetBoolean());

        // The plums' shipment to the shop, in a later document, resolves the last one.
        await CaptureAllAsync(server.Client, Ship(8, At(1, 6), Site(Farm), Party(Farm), Site(Shop), Party(Shop), Quantity(plums, 20)));
        Assert.All(await AlertsAsync(server.Client, AlertKinds.ChainBreak), a => Assert.True(a.GetProperty("acknowledged").GetBoolean()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WithinOneDocumentASaleOfALotSlaughteredWithoutACertificateRaisesQuarantineCertificateMissing(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var uncertified = Lot(Slaughterhouse, 1, "E260301");
        var certified = Lot(Slaughterhouse, 2, "E260302");
        // The sales declare nothing about meat: the slaughters earlier in the same batch make their lots meat.
        await CaptureAllAsync(server.Client,
            Event("TransformationEvent", 1, At(2, 3), "killing", Site(Slaughterhouse, 2)).With("inputEPCList", Epcs("urn:suyuan:eartag:132068200000009"))
                .With("outputQuantityList", Quantity(uncertified, 160)).Ilmd(("productName", "白条猪肉")),
            Object(2, At(2, 9), "retail_selling", Site(Butcher, 3)).With("quantityList", Quantity(uncertified, 1.2m)).With("disposition", "retail_sold"),
            Event("TransformationEvent", 3, At(2, 3), "killing", Site(Slaughterhouse, 2)).With("inputEPCList", Epcs("urn:suyuan:eartag:132068200000008"))
                .With("outputQuantityList", Quantity(certified, 160)).Ilmd(("productName", "白条猪肉"), ("productQuarantineCertificate", "320600005001")),
            Object(4, At(2, 9), "retail_selling", Site(Butcher, 3)).With("quantityList", Quantity(certified, 1.2m)).With("disposition", "retail_sold"));
        var alert = Assert.Single(await AlertsAsync(server.Client, AlertKinds.QuarantineCertificateMissing));
        Assert.Equal([Id(2)], alert.Strings("eventIDs"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WithinOneDocumentAContainerUnpackedWholeFreesItsUnitsAndOnlyAUnitStillPackedConflicts(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var (first, second) = (Serial(DrugMaker, 101, "86123452603080100111"), Serial(DrugMaker, 101, "86123452603080100222"));
        var (caseA, caseB, caseC) = (Sscc(DrugMaker, 1), Sscc(DrugMaker, 2), Sscc(DrugMaker, 3));
        JsonObject Pack(int id, string parent, params string[] children) =>
            Event("AggregationEvent", id, At(8, 10), "packing", Site(DrugMaker, 3), "ADD").With("parentID", parent).With("childEPCs", Epcs(children));
        await CaptureAllAsync(server.Client,
            Pack(1, caseA, first, second),
            // Unpacked whole (no childEPCs): both units are free again.
            Event("AggregationEvent", 2, At(8, 11), "unpacking", Site(DrugMaker, 3), "DELETE").With("parentID", caseA),
            Pack(3, caseB, first),
            Pack(4, caseB, second),
            Pack(5, caseC, first));
        var alert = Assert.Single(await AlertsAsync(server.Client, AlertKinds.AggregationConflict));
        Assert.Equal([Id(3), Id(5)], alert.Strings("eventIDs"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnOriginCertificateRecordedAfterTheMarketEntryResolvesItsAlertOnceEveryLotHasOne(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var pears = Lot(Farm, 1, "V260301");
        var peaches = Lot(Farm, 2, "V260302");
        var plums = Lot(Farm, 3, "V260303");
        JsonObject Harvest(int id, string lot, string number) =>
            Object(id, At(1, 5), "commissioning", Site(Farm), "ADD").With("quantityList", Quantity(lot, 200))
                .Ilmd(("productName", "鲜果"), ("certificate", Fields(("kind", "承诺达标合格证"), ("number", number), ("product", "鲜果"), ("weightKg", 200),
                    ("origin", "江苏省南通市如皋市"), ("issuer", "如皋果园合作社"), ("issuedAt", "2026-03-01"), ("basis", "自检合格"))));
        JsonObject Entry(int id, params string[] lots) =>
            Receive(id, At(1, 7), Site(Farm), Party(Farm), Site(Market), Party(Market), new JsonArray([.. lots.Select(l => Quantity(l, 100)[0]!.DeepClone())]))
                .Sy(("marketEntry", Fields(("seller", "果农"), ("sellerCode", "320682********1234"), ("commodityCode", "0301"))));

        // The market's entries arrive first: one of pears and peaches, one of plums.
        await CaptureAllAsync(server.Client, Entry(1, pears, peaches), Entry(2, plums));
        Assert.Equal(2, (await AlertsAsync(server.Client, AlertKinds.OriginCertificateMissing)).Count);

        // The pears' certificate: the first entry still lacks the peaches'.
        await CaptureAllAsync(server.Client, Harvest(3, pears, "HGZ1"));
        Assert.All(await AlertsAsync(server.Client, AlertKinds.OriginCertificateMissing), a => Assert.False(a.GetProperty("acknowledged").GetBoolean()));

        // The peaches' certificate resolves the first; in the same document, a third entry of peaches needs none.
        await CaptureAllAsync(server.Client, Harvest(4, peaches, "HGZ2"), Entry(5, peaches));
        var alerts = await AlertsAsync(server.Client, AlertKinds.OriginCertificateMissing);
        Assert.Equal(2, alerts.Count);
        var resolved = Assert.Single(alerts, a => a.Strings("eventIDs").Single() == Id(1));
        Assert.True(resolved.GetProperty("acknowledged").GetBoolean());
        Assert.Equal("system", resolved.GetProperty("acknowledgedBy").GetString());
        Assert.Contains(Id(4), resolved.GetProperty("note").GetString());
        Assert.False(Assert.Single(alerts, a => a.Strings("eventIDs").Single() == Id(2)).GetProperty("acknowledged").GetBoolean());

        // Within one document: an entry, then its lot's certificate.
        var figs = Lot(Farm, 4, "V260304");
        await CaptureAllAsync(server.Client, Entry(6, figs), Harvest(7, figs, "HGZ4"));
        Assert.True(Assert.Single(await AlertsAsync(server.Client, AlertKinds.OriginCertificateMissing), a => a.Strings("eventIDs").Single() == Id(6))
            .GetProperty("acknowledged").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ASlaughterWithACertificateRecordedAfterTheSaleResolvesTheQuarantineAlertAndCertifiesTheLot(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var lot = Lot(Slaughterhouse, 1, "Q260301");
        JsonObject Entry(int id) =>
            Receive(id, At(2, 5), Site(Slaughterhouse), Party(Slaughterhouse), Site(Market), Party(Market), Quantity(lot, 80))
                .Sy(("category", "meat-vegetable"), ("marketEntry", Fields(("trader", "李记"), ("traderCode", "92320602MA1XYZ0003"), ("commodityCode", "0101"), ("weightKg", 80))));

        // The market's entry arrives before the slaughterhouse's record.
        await CaptureAllAsync(server.Client, Entry(1));
        Assert.False(Assert.Single(await AlertsAsync(server.Client, AlertKinds.QuarantineCertificateMissing)).GetProperty("acknowledged").GetBoolean());

        await CaptureAllAsync(server.Client,
            Event("TransformationEvent", 2, At(2, 3), "killing", Site(Slaughterhouse, 2)).With("inputEPCList", Epcs("urn:suyuan:eartag:132068200000007"))
                .With("outputQuantityList", Quantity(lot, 160)).Ilmd(("productName", "白条猪肉"), ("productQuarantineCertificate", "320600005009")));
        var resolved = Assert.Single(await AlertsAsync(server.Client, AlertKinds.QuarantineCertificateMissing));
        Assert.True(resolved.GetProperty("acknowledged").GetBoolean());
        Assert.Equal("system", resolved.GetProperty("acknowledgedBy").GetString());
        Assert.Contains(Id(2), resolved.GetProperty("note").GetString());

        // The lot has the slaughter's certificate now: a later sale of it raises nothing.
        await CaptureAllAsync(server.Client, Object(3, At(2, 9), "retail_selling", Site(Butcher, 3)).With("quantityList", Quantity(lot, 1.2m)).With("disposition", "retail_sold"), Entry(4));
        Assert.Single(await AlertsAsync(server.Client, AlertKinds.QuarantineCertificateMissing));
    }
}
