using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Suyuan.Hosting.Projections;
using Suyuan.Storage;
using Suyuan.Tests.Http;
using Xunit;
using static Suyuan.Tests.Equipment.EquipmentEvents;

namespace Suyuan.Tests.Equipment;

public sealed class CylinderTests
{
    private const string Station = "urn:epc:id:pgln:6905555.00000";
    private const string StationScale = "urn:epc:id:sgln:6905555.00003.0";
    private const string OtherStation = "urn:epc:id:pgln:6907777.00000";
    private const string OtherScale = "urn:epc:id:sgln:6907777.00003.0";

    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private static string Tag(int n) => $"urn:epc:id:giai:6904321.YSP{n:D7}";

    private static string Registration(int n, string nextInspection, string gas = "液化石油气") => Object(China(2024, 3, 1), "ADD", "commissioning", "urn:epc:id:sgln:6904321.00002.0", $$"""
        "epcList":["{{Tag(n)}}"],"disposition":"active","destinationList":[{"type":"owning_party","destination":"{{Station}}"}],
        "ilmd":{"sy:cylinderNumber":"YSP{{n:D7}}","sy:gas":"{{gas}}","sy:maker":"南通气瓶制造有限公司","sy:ownerUnit":"如东燃气充装站","sy:manufactureDate":"2024-02-20","sy:nextInspectionDate":"{{nextInspection}}"}
        """);

    private static string PreFill(int n, DateTimeOffset at) => Object(at, "OBSERVE", "inspecting", StationScale, $$"""
        "epcList":["{{Tag(n)}}"],"disposition":"conformant","sy:preFillCheck":{"sy:cylinderNumber":"YSP{{n:D7}}","sy:valve":"完好","sy:result":"合格"}
        """);

    private static string Filling(int n, DateTimeOffset at, string scale = StationScale) => Object(at, "OBSERVE", FillingStep, scale, $$"""
        "epcList":["{{Tag(n)}}"],"disposition":"active","sy:filling":{"sy:gas":"液化石油气","sy:amountKg":14.5,"sy:scale":"充装秤-01","sy:filler":"李**"}
        """);

    private static string PostFill(int n, DateTimeOffset at) => Object(at, "OBSERVE", "inspecting", StationScale, $$"""
        "epcList":["{{Tag(n)}}"],"disposition":"conformant","sy:postFillCheck":{"sy:leak":"无泄漏","sy:result":"合格"}
        """);

    private static string Scrapping(int n, DateTimeOffset at) => Object(at, "DELETE", "destroying", "urn:epc:id:sgln:6908888.00001.0", $$"""
        "epcList":["{{Tag(n)}}"],"disposition":"destroyed","sy:scrapping":{"sy:reason":"壁厚减薄超标"}
        """);

    private static string PeriodicInspection(int n, DateTimeOffset at) => Object(at, "OBSERVE", "inspecting", "urn:epc:id:sgln:6908888.00001.0", $$"""
        "epcList":["{{Tag(n)}}"],"disposition":"conformant","sy:periodicInspection":{"sy:station":"南通气瓶检验站","sy:result":"合格"}
        """);

    private static async Task<JsonElement> CheckAsync(PlatformServer server, string code, string? station = null) =>
        await server.GetJsonAsync($"api/cylinders/{Uri.EscapeDataString(code)}/filling-check" + (station is null ? "" : "?station=" + Uri.EscapeDataString(station)));

    private static void Refused(JsonElement check, string code)
    {
        Assert.False(check.GetProperty("allowed").GetBoolean(), check.ToString());
        Assert.Equal(code, check.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(check.GetProperty("reasonZh").GetString()));
        Assert.False(string.IsNullOrEmpty(check.GetProperty("reason").GetString()));
    }

    /// <summary>A batch whose rows fail to commit is applied again in full: nothing the view held only in memory is skipped.</summary>
    [Fact]
    public async Task ABatchThatFailedToStoreIsAppliedAgainInFull()
    {
        var clock = new FakeClock(China(2026, 11, 10));
        await using var server = await StartAsync("sqlite", clock);
        await server.PostAsync(Registration(1, "2028-02-20"));
        Assert.Equal(1, (await server.GetJsonAsync("api/cylinders/YSP0000001")).GetProperty("history").GetArrayLength());

        var database = server.Services.GetRequiredService<FeatureDatabase>();
        var views = server.Services.GetRequiredService<ProjectionRunner>();
        await database.ExecuteAsync("CREATE TRIGGER refuse_units BEFORE INSERT ON equipment_units BEGIN SELECT RAISE(ABORT, 'refused for the test'); END", null);
        await server.PostAsync(PreFill(1, China(2026, 11, 1, 8)));
        // The view that failed is logged and left where it was (the other views and their readers go on).
        await views.CatchUpAsync();
        Assert.Equal(1, (await server.GetJsonAsync("api/cylinders/YSP0000001")).GetProperty("history").GetArrayLength());
        await database.ExecuteAsync("DROP TRIGGER refuse_units", null);
        await views.CatchUpAsync();

        var cylinder = await server.GetJsonAsync("api/cylinders/YSP0000001");
        Assert.Equal(2, cylinder.GetProperty("history").GetArrayLength());
        Assert.Equal("合格", cylinder.GetProperty("history")[1].GetProperty("facts").GetProperty("result").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AGoodCylinderIsFilledWithoutAlertAndMayBeFilledAgainByItsOwnStation(string provider)
    {
        var clock = new FakeClock(China(2026, 11, 10));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(1, "2028-02-20"));
        await server.PostAsync(PreFill(1, China(2026, 11, 1, 8)));
        await server.PostAsync(Filling(1, China(2026, 11, 1, 8).AddMinutes(4)));
        await server.PostAsync(PostFill(1, China(2026, 11, 1, 8).AddMinutes(6)));

        Assert.Empty(await server.AlertKindsAsync());
        var check = await CheckAsync(server, Tag(1), Station);
        Assert.True(check.GetProperty("allowed").GetBoolean(), check.ToString());
        Assert.True((await CheckAsync(server, "YSP0000001", StationScale)).GetProperty("allowed").GetBoolean()); // by number, from the station's own scale
        var cylinder = await server.GetJsonAsync("api/cylinders/YSP0000001");
        Assert.Equal(4, cylinder.GetProperty("history").GetArrayLength());
        Assert.Equal(1, cylinder.GetProperty("cylinder").GetProperty("fillings").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheFillingCheckRefusesUnknownScrappedOverdueRecentlyFilledAndOtherStationsCylinders(string provider)
    {
        var clock = new FakeClock(China(2026, 11, 10, 12));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(1, "2028-02-20"));
        await server.PostAsync(Registration(2, "2028-02-20"));
        await server.PostAsync(Scrapping(2, China(2026, 10, 1)));
        await server.PostAsync(Registration(3, "2026-11-01"));
        await server.PostAsync(Registration(4, "2028-02-20"));
        await server.PostAsync(Filling(4, China(2026, 11, 10, 8), OtherScale));

        Refused(await CheckAsync(server, "urn:epc:id:giai:6904321.YSP9999999"), "unknown-tag");
        Refused(await CheckAsync(server, Tag(2)), "scrapped");
        Refused(await CheckAsync(server, Tag(3)), "inspection-overdue");
        Refused(await CheckAsync(server, Tag(4), Station), "filled-recently");
        Refused(await CheckAsync(server, Tag(1), OtherStation), "not-own-cylinder");
        Assert.True((await CheckAsync(server, Tag(1), Station)).GetProperty("allowed").GetBoolean());
        clock.Now = China(2026, 11, 11, 12);
        Assert.True((await CheckAsync(server, Tag(4), Station)).GetProperty("allowed").GetBoolean()); // a day later
    }

    /// <summary>
    /// A scrapping recorded in error and declared so (EPCIS 2.0 error declaration) no longer stops the cylinder's filling, and
    /// its history keeps the other events; a filling declared erroneous no longer counts as the last one.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AScrappingOrFillingDeclaredErroneousNoLongerCounts(string provider)
    {
        var clock = new FakeClock(China(2026, 11, 10, 12));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(2, "2028-02-20"));
        await server.PostAsync(PreFill(2, China(2026, 9, 1)));
        await server.PostAsync(Scrapping(2, China(2026, 10, 1)));
        Refused(await CheckAsync(server, Tag(2), Station), "scrapped");

        await server.DeclareErroneousAsync(Scrapping(2, China(2026, 10, 1)));
        Assert.True((await CheckAsync(server, Tag(2), Station)).GetProperty("allowed").GetBoolean());
        var cylinder = await server.GetJsonAsync("api/cylinders/YSP0000002");
        Assert.False(cylinder.GetProperty("cylinder").GetProperty("scrapped").GetBoolean());
        Assert.Equal(2, cylinder.GetProperty("history").GetArrayLength());

        await server.PostAsync(Filling(2, China(2026, 11, 10, 8)));
        Refused(await CheckAsync(server, Tag(2), Station), "filled-recently");
        await server.DeclareErroneousAsync(Filling(2, China(2026, 11, 10, 8)));
        Assert.True((await CheckAsync(server, Tag(2), Station)).GetProperty("allowed").GetBoolean());
        cylinder = await server.GetJsonAsync("api/cylinders/YSP0000002");
        Assert.Equal(0, cylinder.GetProperty("cylinder").GetProperty("fillings").GetInt32());

        // The view goes on from where it was: a filling after the declarations counts once.
        await server.PostAsync(Filling(2, China(2026, 11, 10, 9)));
        Assert.Equal(1, (await server.GetJsonAsync("api/cylinders/YSP0000002")).GetProperty("cylinder").GetProperty("fillings").GetInt32());
        Assert.Empty(await server.AlertKindsAsync());
    }

    /// <summary>A scrapped cylinder's use raises an alert; when the scrapping is declared erroneous, the alert is resolved with it.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheAlertOnAScrappedCylindersUseGoesWhenTheScrappingIsDeclaredErroneous(string provider)
    {
        var clock = new FakeClock(China(2026, 11, 10));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(2, "2028-02-20"));
        await server.PostAsync(Scrapping(2, China(2026, 10, 1)));
        await server.PostAsync(Filling(2, China(2026, 11, 5)));
        var raised = Assert.Single(await server.AlertsAsync("cylinder-scrapped"));
        Assert.Equal(JsonValueKind.Null, raised.GetProperty("acknowledgedAt").ValueKind);

        await server.DeclareErroneousAsync(Scrapping(2, China(2026, 10, 1)));
        await server.GetJsonAsync("api/cylinders/YSP0000002");
        var resolved = Assert.Single(await server.AlertsAsync("cylinder-scrapped"));
        Assert.Equal(JsonValueKind.String, resolved.GetProperty("acknowledgedAt").ValueKind);
        Assert.Equal("system", resolved.GetProperty("acknowledgedBy").GetString());

        // A cylinder scrapped twice stays scrapped when one of the scrappings is declared erroneous: its alert stays open.
        await server.PostAsync(Registration(5, "2028-02-20"));
        await server.PostAsync(Scrapping(5, China(2026, 10, 1)));
        await server.PostAsync(Scrapping(5, China(2026, 10, 2)));
        await server.PostAsync(Filling(5, China(2026, 11, 5)));
        await server.DeclareErroneousAsync(Scrapping(5, China(2026, 10, 1)));
        Refused(await CheckAsync(server, Tag(5), Station), "scrapped");
        var open = (await server.AlertsAsync("cylinder-scrapped")).Where(a => a.GetProperty("ids").EnumerateArray().Any(x => x.GetString()!.Contains("0000005", StringComparison.Ordinal))).ToList();
        Assert.Equal(JsonValueKind.Null, Assert.Single(open).GetProperty("acknowledgedAt").ValueKind);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FillingAnOverdueCylinderRaisesInspectionOverdueOnly(string provider)
    {
        var clock = new FakeClock(China(2026, 11, 10));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(3, "2026-11-01"));
        await server.PostAsync(Filling(3, China(2026, 11, 5)));
        await server.PostAsync(Filling(3, China(2026, 11, 7)));

        Assert.Equal(["cylinder-inspection-overdue"], await server.AlertKindsAsync());
        var alert = Assert.Single(await server.AlertsAsync("cylinder-inspection-overdue"));
        Assert.Equal("gas-cylinder", alert.GetProperty("category").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FillingAScrappedCylinderRaisesCylinderScrappedOnly(string provider)
    {
        var clock = new FakeClock(China(2026, 11, 10));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(2, "2028-02-20"));
        await server.PostAsync(Scrapping(2, China(2026, 10, 1)));
        await server.PostAsync(Filling(2, China(2026, 11, 5)));

        Assert.Equal(["cylinder-scrapped"], await server.AlertKindsAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task APeriodicInspectionSetsTheNextDateByTheGasInterval(string provider)
    {
        var clock = new FakeClock(China(2026, 11, 10));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(3, "2026-11-01"));
        await server.PostAsync(Registration(5, "2026-11-01", gas: "氮气"));
        await server.PostAsync(PeriodicInspection(3, China(2026, 11, 8)));
        await server.PostAsync(PeriodicInspection(5, China(2026, 11, 8)));

        var lpg = await CheckAsync(server, Tag(3));
        Assert.True(lpg.GetProperty("allowed").GetBoolean(), lpg.ToString());
        Assert.Equal("2030-11-08", lpg.GetProperty("nextInspectionDate").GetString()); // household LPG: 4 years
        Assert.Equal("2031-11-08", (await CheckAsync(server, Tag(5))).GetProperty("nextInspectionDate").GetString()); // inert: 5 years
        Assert.Empty(await server.AlertKindsAsync());
    }
}
