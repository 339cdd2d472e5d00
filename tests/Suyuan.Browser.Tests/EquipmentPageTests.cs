using System.Text.Json;
using Suyuan.Features.Demo;
using Suyuan.Tests.Equipment;
using Suyuan.Tests.Http;

namespace Suyuan.Browser.Tests;

/// <summary>The demo city seeded with the clock on the morning after its last day of trade, so its clean elevators are up to date.</summary>
public sealed class EquipmentDemoServer : IAsyncLifetime
{
    public PlatformServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var plan = DemoPlan.City();
        Server = await EquipmentEvents.StartAsync("sqlite", new FakeClock(DemoChains.At(plan.FirstDay.AddDays(plan.Days), 8, 0)));
        var output = new StringWriter();
        var result = await DemoSeeding.SeedIfEmptyAsync(Server.Services, Server.BaseAddress.ToString(), plan, output, CancellationToken.None);
        if (result is null || result.Failures.Count > 0)
        {
            throw new InvalidOperationException("the demo city was not seeded: " + output);
        }
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>What a passenger sees after scanning the sticker in the car, and what a regulator sees of a chemical, on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EquipmentPageTests(BrowserFixture browser, EquipmentDemoServer demo) : IClassFixture<EquipmentDemoServer>
{
    private async Task<List<JsonElement>> ElevatorsAsync()
    {
        var list = await demo.Server.GetJsonAsync("api/elevators");
        return list.GetProperty("items").EnumerateArray().ToList();
    }

    [BrowserFact]
    public async Task AnElevatorsPublicPageShowsItsLastMaintenanceNextInspectionAndTheRescueNumber()
    {
        var elevator = (await ElevatorsAsync()).First(e => !e.GetProperty("maintenanceOverdue").GetBoolean()
            && e.GetProperty("elevator").TryGetProperty("nextInspectionDate", out var next) && next.ValueKind == JsonValueKind.String).GetProperty("elevator");
        var code = elevator.GetProperty("registrationCode").GetString()!;
        var lastMaintenance = elevator.GetProperty("lastMaintenance").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        var page = await browser.NewPhonePageAsync();

        var response = await page.GotoAsync(new Uri(demo.Server.BaseAddress, $"e/{code}").ToString());

        Assert.Equal(200, response!.Status);
        await PageAssert.VisibleAsync(page, "电梯安全信息");
        await PageAssert.VisibleAsync(page, code);
        await PageAssert.VisibleAsync(page, lastMaintenance);
        await PageAssert.VisibleAsync(page, elevator.GetProperty("nextInspectionDate").GetString()!);
        await PageAssert.VisibleAsync(page, "南通安达电梯维保有限公司");
        await PageAssert.VisibleAsync(page, "96333");
        Assert.True(await page.Locator("img[src$='/qr.png']").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        Assert.DoesNotContain("安全管理员", await page.ContentAsync()); // sign-offs are not public
        await PageAssert.FitsPhoneAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "elevator-public-page-phone");

        await page.GetByText("English").ClickAsync();
        await PageAssert.VisibleAsync(page, "Next inspection");
        await BrowserFixture.ScreenshotAsync(page, "elevator-public-page-phone-en");
        await page.GotoAsync(new Uri(demo.Server.BaseAddress, "e/31103206022099999999?lang=zh").ToString());
        await PageAssert.VisibleAsync(page, "未找到该电梯");
    }

    [BrowserFact]
    public async Task AnElevatorVisitedLateShowsItsMaintenanceAsOverdue()
    {
        var late = (await ElevatorsAsync()).Select(e => e.GetProperty("elevator")).First(e => e.GetProperty("registrationCode").GetString()!.EndsWith("900001", StringComparison.Ordinal));
        var alerts = await demo.Server.GetJsonAsync("api/alerts?kind=elevator-maintenance-overdue");
        Assert.Single(alerts.GetProperty("items").EnumerateArray());
        var page = await browser.NewPhonePageAsync();

        await page.GotoAsync(new Uri(demo.Server.BaseAddress, $"e/{late.GetProperty("registrationCode").GetString()}?lang=zh").ToString());

        await PageAssert.VisibleAsync(page, "维护保养");
        await BrowserFixture.ScreenshotAsync(page, "elevator-public-page-late-phone");
    }

    [BrowserFact]
    public async Task TheRegulatorsChemicalViewListsEveryHolderWithTheUnexplainedKilograms()
    {
        var page = await browser.NewPhonePageAsync();
        await SignIn.AsRegulatorAsync(page, demo.Server, "work-safety", "zhou.jun", "周军");

        var response = await page.GotoAsync(new Uri(demo.Server.BaseAddress, "regulator/chemicals?product=" + Uri.EscapeDataString("氰化钠")).ToString());

        Assert.Equal(200, response!.Status);
        await PageAssert.VisibleAsync(page, "危险化学品去向");
        await PageAssert.VisibleAsync(page, "按持有单位");
        await PageAssert.VisibleAsync(page, "南通崇川精工电镀有限公司");
        await PageAssert.VisibleAsync(page, "不明差额");
        Assert.Equal(1, await page.Locator("tr.imbalance").CountAsync());
        Assert.Contains("12", await page.Locator("tr.imbalance").InnerTextAsync());
        await PageAssert.FitsPhoneAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "regulator-chemicals-phone");

        await page.GetByText("English").ClickAsync();
        await PageAssert.VisibleAsync(page, "By holder");
        await BrowserFixture.ScreenshotAsync(page, "regulator-chemicals-phone-en");
    }
}
