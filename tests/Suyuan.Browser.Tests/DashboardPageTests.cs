using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Suyuan.Storage.Alerts;
using Suyuan.Tests.Http;

namespace Suyuan.Browser.Tests;

/// <summary>A regulator signs in, looks at the coverage and volume charts, searches the directory and opens an enterprise.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardPageTests(BrowserFixture browser)
{
    private const string Dairy = "91350200MA2YJ1XR9G";
    private const string SilentDairy = "91350200776049653A";
    private const string DairySite = "urn:epc:id:sgln:0614141.00001.0";

    [BrowserFact]
    public async Task ARegulatorSeesCoverageChartsSearchesTheDirectoryAndDrillsDown()
    {
        await using var server = await PlatformServer.StartAsync();
        (await server.Client.PostAsJsonAsync("api/enterprises", new { uscc = Dairy, name = "南通鲜乳乳业有限公司", nodeTypes = new[] { "food-maker" }, region = "320602", locations = new[] { DairySite }, categories = new[] { "food" }, productLines = new[] { "dairy" } })).EnsureSuccessStatusCode();
        (await server.Client.PostAsJsonAsync("api/enterprises", new { uscc = SilentDairy, name = "如皋白蒲乳品厂", nodeTypes = new[] { "food-maker" }, region = "320682", categories = new[] { "food" }, productLines = new[] { "dairy" } })).EnsureSuccessStatusCode();
        (await server.Client.PostAsync("events", new StringContent($$"""
            {"type":"ObjectEvent","eventTime":"{{DateTimeOffset.UtcNow.AddHours(-1):yyyy-MM-ddTHH:mm:ss}}Z","eventTimeZoneOffset":"+08:00","action":"ADD","bizStep":"commissioning",
             "epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"bizLocation":{"id":"{{DairySite}}"},
             "@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]}
            """, null, "application/json"))).EnsureSuccessStatusCode();
        var page = await browser.NewPhonePageAsync();

        // Not signed in: the dashboard sends the person to sign in.
        await page.GotoAsync(new Uri(server.BaseAddress, "dashboard").ToString());
        Assert.Contains("/login", page.Url);
        await SignIn.AsRegulatorAsync(page, server, "food-drug", "li.na", "李娜");

        await page.GotoAsync(new Uri(server.BaseAddress, "dashboard").ToString());
        await PageAssert.VisibleAsync(page, "覆盖率与规划目标");
        await PageAssert.VisibleAsync(page, "市食药监局");
        Assert.True(await page.Locator("svg.chart").CountAsync() >= 2, "the coverage and volume charts are drawn");
        Assert.True(await page.Locator("svg.chart rect.bar").CountAsync() >= 2);
        var dairy = page.Locator("tr", new() { HasText = "乳制品生产企业" });
        Assert.Contains("未达标", await dairy.InnerTextAsync()); // 1 of 2 dairy makers reports; the plan wants all
        await PageAssert.FitsPhoneAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-phone");

        await page.GetByText("名录").First.ClickAsync();
        await page.FillAsync("input[name=q]", "乳");
        await page.ClickAsync("form.search button[type=submit]");
        await page.Locator("table.directory").WaitForAsync();
        Assert.Equal(2, await page.Locator("table.directory tbody tr").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "dashboard-directory-phone");

        await page.GetByText("南通鲜乳乳业有限公司").ClickAsync();
        await PageAssert.VisibleAsync(page, Dairy);
        await PageAssert.VisibleAsync(page, "commissioning");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-enterprise-phone");

        await page.GetByText("English").ClickAsync();
        await PageAssert.VisibleAsync(page, "Latest records");
    }

    [BrowserFact]
    public async Task ARegulatorAcknowledgesAnAlertOnItsPageAndSeesOnlyItsDepartments()
    {
        await using var server = await PlatformServer.StartAsync();
        var alerts = server.Services.GetRequiredService<AlertStore>();
        var at = DateTimeOffset.UtcNow.AddHours(-2);
        await alerts.RaiseAsync(new NewAlert("t1", "chain-break", "food", "food-drug", Dairy, ["urn:epc:class:lgtin:0614141.107346.L7"], [], "批次 L7 入市无来源记录", at));
        await alerts.RaiseAsync(new NewAlert("t2", "cylinder-inspection-overdue", "gas-cylinder", "quality", null, ["urn:epc:id:giai:0614141.C9"], [], "气瓶 C9 超期未检", at));
        var page = await browser.NewPhonePageAsync();
        await SignIn.AsRegulatorAsync(page, server, "food-drug", "li.na", "李娜");

        // From the overview to the list of open alerts: its own department's only.
        await page.GotoAsync(new Uri(server.BaseAddress, "dashboard").ToString());
        await page.GetByText("查看并处理预警").ClickAsync();
        await PageAssert.VisibleAsync(page, "批次 L7 入市无来源记录");
        Assert.Equal(0, await page.GetByText("气瓶 C9 超期未检").CountAsync());
        await PageAssert.FitsPhoneAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-alerts-phone");

        // A note is required; with one, the alert moves to the acknowledged ones, with who did it and the note.
        await page.ClickAsync("form.ack button[type=submit]");
        Assert.Equal(1, await page.Locator("ul.alerts li").CountAsync()); // the browser's required check kept the form
        await page.FillAsync("form.ack input[name=note]", "已通知市场下架该批次");
        await page.ClickAsync("form.ack button[type=submit]");
        await PageAssert.VisibleAsync(page, "没有预警。");
        await page.GetByText("已处理").First.ClickAsync();
        await PageAssert.VisibleAsync(page, "已通知市场下架该批次");
        await PageAssert.VisibleAsync(page, "li.na");
        var stored = Assert.Single(await alerts.ListAsync(new AlertFilter(Department: "food-drug")));
        Assert.Equal("已通知市场下架该批次", stored.Note);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-alerts-acknowledged-phone");
    }
}
