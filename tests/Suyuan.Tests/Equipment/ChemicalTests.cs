using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Suyuan.Core.Domain;
using Suyuan.Features.Equipment;
using Suyuan.Tests.Http;
using Xunit;
using static Suyuan.Tests.Equipment.EquipmentEvents;

namespace Suyuan.Tests.Equipment;

public sealed class ChemicalTests
{
    private const string Lot = "urn:epc:class:lgtin:6903333.000031.C261101001";
    private const string Seller = "urn:epc:id:pgln:6903333.00000";
    private const string SellerSite = "urn:epc:id:sgln:6903333.00001.0";
    private const string Buyer = "urn:epc:id:pgln:6904444.00000";
    private const string BuyerSite = "urn:epc:id:sgln:6904444.00001.0";

    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private static string Quantity(decimal kg) => $$"""
        "quantityList":[{"epcClass":"{{Lot}}","quantity":{{kg}},"uom":"KGM"}]
        """;

    private static string Production() => Object(China(2026, 11, 1), "ADD", "commissioning", "urn:epc:id:sgln:6903333.00002.0", Quantity(50) + """
        ,"disposition":"active","ilmd":{"sy:productName":"氰化钠","sy:casNumber":"143-33-9","sy:unNumber":"UN1689","sy:hazardClass":"6.1","sy:highlyToxic":true,"sy:packaging":"50kg 钢桶"}
        """);

    private static string Sale(string? permit, string? validUntil = null) => Object(China(2026, 11, 2), "OBSERVE", "shipping", SellerSite, Quantity(50) + $$"""
        ,"disposition":"in_transit","sourceList":[{"type":"owning_party","source":"{{Seller}}"},{"type":"location","source":"{{SellerSite}}"}],
        "destinationList":[{"type":"owning_party","destination":"{{Buyer}}"},{"type":"location","destination":"{{BuyerSite}}"}],
        "sy:sale":{"sy:buyer":"南通电镀有限公司","sy:use":"电镀"{{(permit is null ? "" : $",\"sy:purchasePermit\":\"{permit}\"")}}{{(validUntil is null ? "" : $",\"sy:permitValidUntil\":\"{validUntil}\"")}}},
        "sy:transport":{"sy:electronicWaybill":"YD000000000001","sy:vehiclePlate":"苏FA1234挂","sy:driver":"张**"}
        """);

    private static string Receipt() => Object(China(2026, 11, 2, 15), "OBSERVE", "receiving", BuyerSite, Quantity(50) + $$"""
        ,"disposition":"in_progress","sourceList":[{"type":"owning_party","source":"{{Seller}}"}],"destinationList":[{"type":"owning_party","destination":"{{Buyer}}"}]
        """);

    private static string Use(decimal kg) => Object(China(2026, 11, 5), "OBSERVE", UsingStep, "urn:epc:id:sgln:6904444.00003.0", Quantity(kg) + """
        ,"disposition":"in_progress","sy:use":{"sy:process":"镀铜"}
        """);

    private static string Disposal(decimal kg) => Object(China(2026, 11, 9), "DELETE", "destroying", "urn:epc:id:sgln:6904444.00004.0", Quantity(kg) + """
        ,"disposition":"destroyed","sy:disposal":{"sy:method":"高温焚烧"}
        """);

    private static async Task<PlatformServer> StartAsync(string provider, decimal? toleranceKg = null) =>
        await EquipmentEvents.StartAsync(provider, new FakeClock(China(2026, 11, 20)), s =>
        {
            if (toleranceKg is { } kg)
            {
                s.AddSingleton(new EquipmentOptions { Chemicals = new ChemicalOptions { ToleranceKg = kg } });
            }
        });

    private static async Task CycleAsync(PlatformServer server, string? permit, decimal disposedKg)
    {
        await server.PostAsync(Production());
        await server.PostAsync(Sale(permit));
        await server.PostAsync(Receipt());
        await server.PostAsync(Use(30));
        await server.PostAsync(Disposal(disposedKg));
    }

    /// <summary>EPCIS takes any JSON number as a quantity: an amount no stock can hold (1.7e308) counts in no balance, and stops neither the view nor the recall's figures.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AQuantityBeyondAnyStockCountsInNoBalanceAndBreaksNoPage(string provider)
    {
        await using var server = await StartAsync(provider);
        await CycleAsync(server, "剧毒化学品购买许可证 320602000001", disposedKg: 20);
        var path = $"api/chemicals/{Uri.EscapeDataString("氰化钠")}/whereabouts";
        var before = (await server.GetJsonAsync(path)).ToString();
        var huge = Receipt().Replace("\"quantity\":50,", "\"quantity\":1.7e308,", StringComparison.Ordinal);
        Assert.Contains("1.7e308", huge);
        for (var i = 0; i < 2; i++)
        {
            var response = await server.Client.PostAsync("events", new StringContent(huge.Replace("2026-11-02T", $"2026-11-1{i}T", StringComparison.Ordinal), null, "application/json"));
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
        foreach (var api in new[] { "api/recall/impact?id=", "api/trace/holders?id=" })
        {
            var answer = await server.Client.GetAsync(api + Uri.EscapeDataString(Lot));
            Assert.True(answer.StatusCode == System.Net.HttpStatusCode.OK, api + ": " + await answer.Content.ReadAsStringAsync());
        }
        // The view went past them: a use recorded after is applied.
        await server.PostAsync(Use(5).Replace("2026-11-05T", "2026-11-12T", StringComparison.Ordinal));
        Assert.NotEqual(before, (await server.GetJsonAsync(path)).ToString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheRegulatorsPageAnswersAnUnknownChemicalWithAProblemToAJsonClient(string provider)
    {
        await using var server = await StartAsync(provider);
        var path = "regulator/chemicals?product=" + Uri.EscapeDataString("不存在的化学品");
        using var json = new HttpRequestMessage(HttpMethod.Get, path);
        json.Headers.Accept.ParseAdd("application/json");
        Assert.Equal("/product", await Http.QueryInterface.ProblemAsync(await server.Client.SendAsync(json), System.Net.HttpStatusCode.NotFound));
        using var html = new HttpRequestMessage(HttpMethod.Get, path);
        html.Headers.Accept.ParseAdd("text/html");
        using var page = await server.Client.SendAsync(html);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ASaleDeclaredErroneousNoLongerCountsAndIsNotASecondSale(string provider)
    {
        await using var server = await StartAsync(provider);
        await CycleAsync(server, "剧毒化学品购买许可证 320602000001", disposedKg: 20);
        var path = $"api/chemicals/{Uri.EscapeDataString("氰化钠")}/whereabouts";
        Assert.Equal(50m, SellerAccount(await server.GetJsonAsync(path)).GetProperty("outKg").GetDecimal());

        // The sale again under its eventID, with an error declaration: kept beside the sale, and no occurrence of its own.
        var sale = Sale("剧毒化学品购买许可证 320602000001");
        var response = await server.Client.PostAsync("events", new StringContent(sale, null, "application/json"));
        var eventId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("eventID").GetString();
        var declaration = "{\"eventID\":\"" + eventId + "\",\"errorDeclaration\":{\"declarationTime\":\"2026-11-03T00:00:00Z\",\"reason\":\"incorrect_data\"}," + sale.TrimStart()[1..];
        var declared = await server.Client.PostAsync("events", new StringContent(declaration, null, "application/json"));
        var body = await declared.Content.ReadAsStringAsync();
        Assert.True(declared.StatusCode == System.Net.HttpStatusCode.Created, body);
        Assert.Equal("false", Assert.Single(declared.Headers.GetValues("Suyuan-Duplicate")));

        // The seller's books no longer hold the sale; the buyer's receipt, use and disposal stand.
        var after = await server.GetJsonAsync(path);
        Assert.Equal(0m, SellerAccount(after).GetProperty("outKg").GetDecimal());
        Assert.Equal(50m, SellerAccount(after).GetProperty("inKg").GetDecimal());
        var buyer = after.GetProperty("holders").EnumerateArray().Single(h => h.GetProperty("holder").GetString() == Buyer);
        Assert.Equal(30m, buyer.GetProperty("usedKg").GetDecimal());
        Assert.Empty(await server.AlertKindsAsync());

        static JsonElement SellerAccount(JsonElement whereabouts) =>
            whereabouts.GetProperty("holders").EnumerateArray().Single(h => h.GetProperty("holder").GetString() == Seller);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ADrumSoldWithAPermitUsedAndDisposedInFullBalancesWithoutAlert(string provider)
    {
        await using var server = await StartAsync(provider);
        await CycleAsync(server, "剧毒化学品购买许可证 320602000001", disposedKg: 20);

        Assert.Empty(await server.AlertKindsAsync());
        var where = await server.GetJsonAsync($"api/chemicals/{Uri.EscapeDataString("氰化钠")}/whereabouts");
        var buyer = where.GetProperty("holders").EnumerateArray().Single(h => h.GetProperty("holder").GetString() == Buyer);
        Assert.Equal(30m, buyer.GetProperty("usedKg").GetDecimal());
        Assert.Equal(20m, buyer.GetProperty("disposedKg").GetDecimal());
        Assert.Equal(0m, buyer.GetProperty("unexplainedKg").GetDecimal());
        Assert.Equal("南通电镀有限公司", buyer.GetProperty("name").GetString());
        Assert.Equal(0m, where.GetProperty("inTransitKg").GetDecimal());

        // Hazardous chemicals are work safety's and the police's: their regulators read the whereabouts, food and drug's do not.
        var path = $"api/chemicals/{Uri.EscapeDataString("氰化钠")}/whereabouts";
        foreach (var department in new[] { Departments.WorkSafety, Departments.Police })
        {
            var regulator = await server.RegulatorClientAsync(department);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await regulator.GetAsync(path)).StatusCode);
        }
        var foodDrug = await server.RegulatorClientAsync(Departments.FoodDrug);
        var refused = await foodDrug.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("work-safety", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FiveKilogramsUnaccountedForAfterUseAndDisposalIsAMassImbalance(string provider)
    {
        await using var server = await StartAsync(provider);
        await CycleAsync(server, "剧毒化学品购买许可证 320602000001", disposedKg: 15);

        Assert.Equal(["chemical-mass-imbalance"], await server.AlertKindsAsync());
        var alert = Assert.Single(await server.AlertsAsync("chemical-mass-imbalance"));
        Assert.Equal("work-safety", alert.GetProperty("department").GetString());
        var where = await server.GetJsonAsync($"api/chemicals/143-33-9/whereabouts");
        Assert.Equal(5m, where.GetProperty("unexplainedKg").GetDecimal());
        Assert.Equal(0m, where.GetProperty("onHandKg").GetDecimal());
    }

    /// <summary>A use recorded in error unbalances the books; declared erroneous, the books balance and the imbalance alert is resolved.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnImbalanceThatAnErroneousEventMadeIsResolvedWhenItIsDeclared(string provider)
    {
        await using var server = await StartAsync(provider);
        var extra = Use(5).Replace("2026-11-05T", "2026-11-06T", StringComparison.Ordinal);
        await server.PostAsync(Production());
        await server.PostAsync(Sale("剧毒化学品购买许可证 320602000001"));
        await server.PostAsync(Receipt());
        await server.PostAsync(Use(30));
        await server.PostAsync(extra);
        await server.PostAsync(Disposal(20));
        var raised = Assert.Single(await server.AlertsAsync("chemical-mass-imbalance"));
        Assert.Equal(JsonValueKind.Null, raised.GetProperty("acknowledgedAt").ValueKind);

        await server.DeclareErroneousAsync(extra);
        var where = await server.GetJsonAsync($"api/chemicals/143-33-9/whereabouts");
        Assert.Equal(0m, where.GetProperty("unexplainedKg").GetDecimal());
        var resolved = Assert.Single(await server.AlertsAsync("chemical-mass-imbalance"));
        Assert.Equal("system", resolved.GetProperty("acknowledgedBy").GetString());

        // The resolved alert no longer holds its key: a genuine imbalance of the same lot and holder later is raised anew.
        await server.PostAsync(Object(China(2026, 11, 12), "OBSERVE", "cycle_counting", "urn:epc:id:sgln:6904444.00003.0", Quantity(10)));
        var alerts = await server.AlertsAsync("chemical-mass-imbalance");
        Assert.Equal(2, alerts.Count);
        Assert.Single(alerts, a => a.GetProperty("acknowledgedAt").ValueKind == JsonValueKind.Null);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FiveKilogramsWithinAToleranceAboveFiveIsNoAlert(string provider)
    {
        await using var server = await StartAsync(provider, toleranceKg: 6);
        await CycleAsync(server, "剧毒化学品购买许可证 320602000001", disposedKg: 15);

        Assert.Empty(await server.AlertKindsAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SellingAHighlyToxicChemicalWithoutAPermitRaisesBuyerWithoutPermit(string provider)
    {
        await using var server = await StartAsync(provider);
        await CycleAsync(server, permit: null, disposedKg: 20);

        Assert.Equal(["chemical-buyer-without-permit"], await server.AlertKindsAsync());
        var alert = Assert.Single(await server.AlertsAsync("chemical-buyer-without-permit"));
        Assert.Contains(Lot, alert.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnExpiredPermitIsNoPermit(string provider)
    {
        await using var server = await StartAsync(provider);
        await server.PostAsync(Production());
        await server.PostAsync(Sale("剧毒化学品购买许可证 320602000001", validUntil: "2026-10-31"));

        Assert.Equal(["chemical-buyer-without-permit"], await server.AlertKindsAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnUnknownChemicalIsA404(string provider)
    {
        await using var server = await StartAsync(provider);
        await server.GetJsonAsync($"api/chemicals/{Uri.EscapeDataString("三氯甲烷")}/whereabouts", System.Net.HttpStatusCode.NotFound);
    }
}
