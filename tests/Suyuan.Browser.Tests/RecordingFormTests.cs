using Microsoft.Playwright;
using Suyuan.Features.Recording;
using Suyuan.Tests.Http;

namespace Suyuan.Browser.Tests;

/// <summary>The recording forms on a phone: filled and submitted per category, the success panel, a bad field's message, English.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RecordingFormTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Stall = "urn:epc:id:sgln:6923456.00012.0";

    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [BrowserFact]
    public async Task OneFormPerCategoryIsFilledAndSubmittedAndShowsTheRecordedEvent()
    {
        string[] forms = ["stall-purchase", "stall-sale", "farm-harvest", "pesticide-sale", "pharmacy-dispense", "meat-dispatch", "wine-import", "food-batch"];
        var page = await browser.NewPhonePageAsync();
        await SignIn.AsEnterpriseStaffAsync(page, _server, "91350200MA2YJ1XR9G", Stall, "stall.staff");
        await page.GotoAsync(Url("record"));
        foreach (var name in forms)
        {
            await page.Locator($"a[href='/record/{name}']").ClickAsync();
            var action = RecordActions.Find(name)!;
            await FillAsync(page, action);

            await page.Locator("button.primary").ClickAsync();

            await page.Locator("#recorded").WaitForAsync(new() { Timeout = 10_000 });
            var eventId = (await page.Locator("#event-id").InnerTextAsync()).Trim();
            Assert.StartsWith("urn:uuid:", eventId);
            var stored = await RecordingClientForPages.EventAsync(_server.Client, eventId);
            Assert.Contains(Stall, stored);
            if (RecordActions.Issues(action, new RecordValues()))
            {
                var code = (await page.Locator("#trace-code").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
                Assert.Equal(20, code.Length);
                Assert.Contains("urn:suyuan:trace:" + code, stored);
            }
            Assert.Equal(Stall, await page.Locator("#f-location").InputValueAsync()); // kept for the next record
            await PageAssert.FitsPhoneAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "record-" + name + "-phone");
            await page.Locator("header a.brand").ClickAsync();
        }
    }

    [BrowserFact]
    public async Task SaleInJinShowsItsTraceCodeAndQrAndOpensThePublicPage()
    {
        var page = await browser.NewPhonePageAsync();
        await SignIn.AsEnterpriseStaffAsync(page, _server, "91350200MA2YJ1XR9G", Stall, "stall.staff");
        await page.GotoAsync(Url("record/stall-sale"));
        await FillAsync(page, RecordActions.Find("stall-sale")!);
        await page.Locator("#f-weightKg").FillAsync("5");
        await page.Locator("select[name='unit:weightKg']").SelectOptionAsync("jin");

        await page.Locator("button.primary").ClickAsync();

        await PageAssert.VisibleAsync(page, "5 斤（2.5 kg）");
        var code = (await page.Locator("#trace-code").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        // The image is fetched after the page shows the record: wait for it (a busy machine may take a moment), then check it decoded.
        await page.Locator("img.qr").WaitForAsync();
        var qrLoaded = false;
        try
        {
            await page.WaitForFunctionAsync("() => { const img = document.querySelector('img.qr'); return img && img.complete && img.naturalWidth > 0; }",
                null, new() { Timeout = 15_000 });
            qrLoaded = true;
        }
        catch (TimeoutException)
        {
        }
        Assert.True(qrLoaded, "the QR image did not load");
        await BrowserFixture.ScreenshotAsync(page, "record-stall-sale-jin-phone");
        await page.GetByText("查看公开追溯页面").ClickAsync();
        await page.WaitForURLAsync("**/t/" + code);
        await PageAssert.VisibleAsync(page, "流通环节");
        await BrowserFixture.ScreenshotAsync(page, "record-stall-sale-public-page-phone");
    }

    [BrowserFact]
    public async Task BadFieldShowsItsMessageNextToTheFieldAndKeepsWhatWasTyped()
    {
        var page = await browser.NewPhonePageAsync();
        await SignIn.AsEnterpriseStaffAsync(page, _server, "91350200MA2YJ1XR9G", Stall, "stall.staff");
        await page.GotoAsync(Url("record/pesticide-sale"));
        await FillAsync(page, RecordActions.Find("pesticide-sale")!);
        await page.Locator("#f-registrationNumber").FillAsync("PX123");
        await page.Locator("#f-restrictedUse").SelectOptionAsync("是");
        await page.Locator("#f-targetPest").FillAsync("");

        await page.Locator("button.primary").ClickAsync();

        var registration = page.Locator("#err-registrationNumber");
        await registration.WaitForAsync();
        Assert.Contains("PD", await registration.InnerTextAsync());
        Assert.Equal("限制使用农药须登记防治对象", (await page.Locator("#err-targetPest").InnerTextAsync()).Trim());
        Assert.Equal("PX123", await page.Locator("#f-registrationNumber").InputValueAsync());
        Assert.Equal(0, await page.Locator("#recorded").CountAsync());
        await PageAssert.FitsPhoneAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "record-pesticide-sale-errors-phone");

        await page.GetByText("English").ClickAsync();
        await PageAssert.VisibleAsync(page, "Registration number");
        await page.Locator("#f-location").FillAsync(Stall);
        await page.Locator("button.primary").ClickAsync();
        await PageAssert.VisibleAsync(page, "Product is required");
        await BrowserFixture.ScreenshotAsync(page, "record-pesticide-sale-errors-phone-en");
    }

    private static async Task FillAsync(IPage page, RecordAction action)
    {
        await page.Locator("#f-location").FillAsync(Stall);
        foreach (var field in action.Fields.Where(f => f.Example.Length > 0))
        {
            var input = page.Locator("#f-" + field.Name);
            if (field.Kind is FieldKind.Choice or FieldKind.YesNo)
            {
                await input.SelectOptionAsync(field.Example);
            }
            else
            {
                await input.FillAsync(field.Example);
            }
        }
    }

    private string Url(string path) => new Uri(_server.BaseAddress, path).ToString();
}

/// <summary>Reads a recorded event back through the query interface, as raw JSON text.</summary>
internal static class RecordingClientForPages
{
    public static async Task<string> EventAsync(HttpClient client, string eventId)
    {
        var body = await client.GetStringAsync("events?EQ_eventID=" + Uri.EscapeDataString(eventId));
        Assert.Contains(eventId, body);
        return body;
    }
}
