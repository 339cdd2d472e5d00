using System.Net;
using Suyuan.Tests.Http;
using Xunit;
using static Suyuan.Tests.Equipment.EquipmentEvents;

namespace Suyuan.Tests.Equipment;

public sealed class ElevatorTests
{
    private const string Code = "31103206022015000001";
    private const string Tag = "urn:epc:id:giai:6901234.DT010001";
    private const string Building = "urn:epc:id:sgln:6909876.00010.0";
    private const string Owner = "urn:epc:id:pgln:6909876.00000";

    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private static string Registration(DateTimeOffset at) => Object(at, "ADD", "commissioning", Building, $$"""
        "epcList":["{{Tag}}"],"disposition":"active","destinationList":[{"type":"owning_party","destination":"{{Owner}}"}],
        "ilmd":{"sy:registrationCode":"{{Code}}","sy:useCertificateNumber":"梯11SY02(0001)","sy:factoryNumber":"DT010001","sy:maker":"通力电梯有限公司",
                "sy:installer":"通力电梯有限公司","sy:maintainer":"南通安达电梯维保有限公司","sy:maintainerPhone":"0513-85550000","sy:installationDate":"2015-06-01"}
        """);

    private static string Maintenance(DateTimeOffset at) => Object(at, "OBSERVE", "repairing", Building, $$"""
        "epcList":["{{Tag}}"],"disposition":"active","sy:registrationCode":"{{Code}}",
        "sy:maintenance":{"sy:kind":"半月维保","sy:items":["轿厢照明","层门门锁电气触点"],"sy:maintainer":"南通安达电梯维保有限公司","sy:technician":"王**","sy:signedBy":"物业安全管理员"}
        """);

    private static string Inspection(DateTimeOffset at, string next) => Object(at, "OBSERVE", "inspecting", Building, $$"""
        "epcList":["{{Tag}}"],"disposition":"conformant",
        "sy:inspection":{"sy:kind":"定期检验","sy:conclusion":"合格","sy:reportNumber":"DT2026-00001","sy:nextInspectionDate":"{{next}}"}
        """);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnElevatorMaintainedEveryTenDaysAndInspectedRaisesNoAlert(string provider)
    {
        var clock = new FakeClock(China(2026, 11, 25));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(China(2026, 10, 1)));
        await server.PostAsync(Inspection(China(2026, 10, 5), "2027-10-05"));
        for (var day = 2; day <= 52; day += 10)
        {
            await server.PostAsync(Maintenance(China(2026, 10, 1).AddDays(day)));
        }

        Assert.Empty(await server.AlertKindsAsync());
        var elevator = await server.GetJsonAsync($"api/elevators/{Code}");
        Assert.Equal("梯11SY02(0001)", elevator.GetProperty("elevator").GetProperty("useCertificateNumber").GetString());
        Assert.Equal("2027-10-05", elevator.GetProperty("elevator").GetProperty("nextInspectionDate").GetString());
        Assert.False(elevator.GetProperty("maintenanceOverdue").GetBoolean());
        Assert.Equal(8, elevator.GetProperty("history").GetArrayLength());
        Assert.Equal(elevator.GetProperty("elevator").GetProperty("registrationCode").GetString(), (await server.GetJsonAsync($"api/elevators/{Uri.EscapeDataString(Tag)}")).GetProperty("elevator").GetProperty("registrationCode").GetString());
    }

    /// <summary>An inspection recorded in error and declared so no longer counts: the elevator's last inspection and next date are the earlier one's.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnInspectionDeclaredErroneousNoLongerCounts(string provider)
    {
        var clock = new FakeClock(China(2026, 11, 10));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(China(2025, 10, 1)));
        await server.PostAsync(Inspection(China(2025, 10, 5), "2026-10-05"));
        await server.PostAsync(Maintenance(China(2026, 11, 1)));
        await server.PostAsync(Inspection(China(2026, 11, 2), "2027-11-02"));
        Assert.Equal("2027-11-02", (await server.GetJsonAsync($"api/elevators/{Code}")).GetProperty("elevator").GetProperty("nextInspectionDate").GetString());

        await server.DeclareErroneousAsync(Inspection(China(2026, 11, 2), "2027-11-02"));
        var elevator = await server.GetJsonAsync($"api/elevators/{Code}");
        Assert.Equal("2026-10-05", elevator.GetProperty("elevator").GetProperty("nextInspectionDate").GetString());
        Assert.Equal(3, elevator.GetProperty("history").GetArrayLength());
        Assert.Equal("半月维保", elevator.GetProperty("elevator").GetProperty("lastMaintenanceKind").GetString());
        // The inspection date passed: the sweep finds it overdue again.
        Assert.Contains("elevator-inspection-overdue", await server.AlertKindsAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnElevatorNotMaintainedForMoreThanFifteenDaysRaisesMaintenanceOverdueOnce(string provider)
    {
        var clock = new FakeClock(China(2026, 11, 10));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(China(2026, 10, 1)));
        await server.PostAsync(Inspection(China(2026, 10, 5), "2027-10-05"));
        await server.PostAsync(Maintenance(China(2026, 11, 1)));
        Assert.Empty(await server.AlertKindsAsync());

        clock.Now = China(2026, 11, 20);
        Assert.Equal(["elevator-maintenance-overdue"], await server.AlertKindsAsync());
        clock.Now = China(2026, 11, 22);
        Assert.Equal(["elevator-maintenance-overdue"], await server.AlertKindsAsync()); // the same gap alerts once
        var alert = Assert.Single(await server.AlertsAsync("elevator-maintenance-overdue"));
        Assert.Equal("quality", alert.GetProperty("department").GetString());
        Assert.Contains(Code, alert.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.True((await server.GetJsonAsync($"api/elevators/{Code}")).GetProperty("maintenanceOverdue").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AMaintenanceVisitRecordedLateRaisesMaintenanceOverdueForTheGap(string provider)
    {
        var clock = new FakeClock(China(2026, 10, 28));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(China(2026, 10, 1)));
        await server.PostAsync(Inspection(China(2026, 10, 2), "2027-10-02"));
        await server.PostAsync(Maintenance(China(2026, 10, 3)));
        await server.PostAsync(Maintenance(China(2026, 10, 27)));

        Assert.Equal(["elevator-maintenance-overdue"], await server.AlertKindsAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnElevatorPastItsNextInspectionDateRaisesInspectionOverdue(string provider)
    {
        var clock = new FakeClock(China(2026, 11, 12));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(China(2025, 11, 1)));
        await server.PostAsync(Inspection(China(2025, 11, 9), "2026-11-09"));
        await server.PostAsync(Maintenance(China(2026, 11, 5)));

        Assert.Equal(["elevator-inspection-overdue"], await server.AlertKindsAsync());
        Assert.Single(await server.AlertsAsync("elevator-inspection-overdue"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ThePublicPageShowsMaintenanceInspectionAndTheRescueNumberAndAnUnknownCodeIsAFriendly404(string provider)
    {
        var clock = new FakeClock(China(2026, 11, 12));
        await using var server = await StartAsync(provider, clock);
        await server.PostAsync(Registration(China(2026, 10, 1)));
        await server.PostAsync(Inspection(China(2026, 10, 2), "2027-10-02"));
        await server.PostAsync(Maintenance(China(2026, 11, 5)));

        var page = await server.Client.GetAsync($"e/{Code}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("2026-11-05", html);
        Assert.Contains("2027-10-02", html);
        Assert.Contains("南通安达电梯维保有限公司", html);
        Assert.Contains("96333", html);
        Assert.DoesNotContain("王**", html); // technicians are not public
        Assert.DoesNotContain(Tag, html);
        var qr = await server.Client.GetAsync($"e/{Code}/qr.png");
        Assert.Equal("image/png", qr.Content.Headers.ContentType?.MediaType);
        var english = await (await server.Client.GetAsync($"e/{Code}?lang=en")).Content.ReadAsStringAsync();
        Assert.Contains("Next inspection", english);

        using var asPage = new HttpRequestMessage(HttpMethod.Get, "e/31103206022015999999?lang=zh");
        asPage.Headers.Accept.ParseAdd("text/html");
        var missing = await server.AnonymousClient.SendAsync(asPage);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("未找到该电梯", await missing.Content.ReadAsStringAsync());
        await server.GetJsonAsync("api/elevators/31103206022015999999", HttpStatusCode.NotFound);
        // A client that asks for JSON gets its 404 as a problem naming the code.
        using var asJson = new HttpRequestMessage(HttpMethod.Get, "e/31103206022015999999");
        asJson.Headers.Accept.ParseAdd("application/json");
        var problem = await server.Client.SendAsync(asJson);
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"pointer\":\"/code\"", await problem.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
