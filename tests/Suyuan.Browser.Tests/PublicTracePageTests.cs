using System.Net.Http.Json;
using Microsoft.Playwright;
using Suyuan.Core.Identifiers;
using Suyuan.Tests.PublicTrace;

namespace Suyuan.Browser.Tests;

/// <summary>What a shopper sees on a phone after scanning: the demo city's pork receipt, a milk carton's lot, an unknown code.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicTracePageTests(BrowserFixture browser, DemoCityServer demo) : IClassFixture<DemoCityServer>
{
    [BrowserFact]
    public async Task PorkReceiptShowsTheSlaughterhouseAndQuarantineCertificateAndNoPrice()
    {
        var chain = await demo.Server.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"t/{demo.PorkReceipt}?format=json");
        var slaughterhouse = chain.GetProperty("producer").GetString()!;
        var quarantine = chain.GetProperty("certificates").EnumerateArray().First(c => c.GetProperty("name").GetString() == "quarantineCertificate").GetProperty("number").GetString()!;
        var page = await browser.NewPhonePageAsync();

        var response = await page.GotoAsync(new Uri(demo.Server.BaseAddress, $"t/{demo.PorkReceipt}").ToString());

        Assert.Equal(200, response!.Status);
        await PageAssert.VisibleAsync(page, "白条猪肉");
        await PageAssert.VisibleAsync(page, slaughterhouse);
        await PageAssert.VisibleAsync(page, quarantine);
        await PageAssert.VisibleAsync(page, "屠宰");
        var html = await page.ContentAsync();
        Assert.DoesNotContain("单价", html);
        Assert.DoesNotContain("元", html);
        await PageAssert.FitsPhoneAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "public-pork-receipt-phone");

        await page.GetByText("English").ClickAsync();
        await PageAssert.VisibleAsync(page, "Meat inspection certificate");
        await page.GotoAsync(new Uri(demo.Server.BaseAddress, $"t/{demo.PorkReceipt}").ToString());
        await PageAssert.VisibleAsync(page, "The chain"); // the cookie remembers the language
        await BrowserFixture.ScreenshotAsync(page, "public-pork-receipt-phone-en");
    }

    [BrowserFact]
    public async Task MilkCartonLotShowsTheProductBatchAndTestReport()
    {
        var page = await browser.NewPhonePageAsync();

        var response = await page.GotoAsync(new Uri(demo.Server.BaseAddress, demo.MilkLotPath.TrimStart('/')).ToString());

        Assert.Equal(200, response!.Status);
        await PageAssert.VisibleAsync(page, "纯牛奶 250mL（超高温灭菌）");
        await PageAssert.VisibleAsync(page, "保质期至");
        await PageAssert.VisibleAsync(page, "三聚氰胺");
        await PageAssert.FitsPhoneAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "public-milk-lot-phone");
    }

    [BrowserFact]
    public async Task UnknownCodeIsAFriendlyNotFoundPageWithABoxToTypeAgain()
    {
        var page = await browser.NewPhonePageAsync();

        var response = await page.GotoAsync(new Uri(demo.Server.BaseAddress, $"t/{PlatformTraceCode.Generate("3206").Digits}").ToString());

        Assert.Equal(404, response!.Status);
        await PageAssert.VisibleAsync(page, "未找到该追溯码");
        await page.Locator("input[name=code]").FillAsync(demo.PorkReceipt);
        await page.Locator("form button").ClickAsync();
        await PageAssert.VisibleAsync(page, "白条猪肉");
        await page.GoBackAsync();
        await PageAssert.FitsPhoneAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "public-unknown-code-phone");
    }
}

/// <summary>A recall of the carcass lot puts the banner on every receipt cut from it (its own server: the recall changes what pages say).</summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicRecallBannerTests(BrowserFixture browser, DemoCityServer demo) : IClassFixture<DemoCityServer>
{
    [BrowserFact]
    public async Task RecalledLotShowsAProminentBannerOnTheReceiptPage()
    {
        using var created = await demo.Server.Client.PostAsJsonAsync("api/recalls", new { id = demo.PorkLot, reason = "检出违禁兽药残留，责令召回", department = "南通市农业农村局" });
        created.EnsureSuccessStatusCode();
        var page = await browser.NewPhonePageAsync();

        await page.GotoAsync(new Uri(demo.Server.BaseAddress, $"t/{demo.PorkReceipt}").ToString());

        var banner = page.Locator("section.recall");
        await banner.WaitForAsync();
        Assert.Contains("召回", await banner.InnerTextAsync());
        Assert.Contains("检出违禁兽药残留", await banner.InnerTextAsync());
        var box = await banner.BoundingBoxAsync();
        Assert.True(box is not null && box.Y < 200, "the recall banner is not at the top of the page");
        await PageAssert.FitsPhoneAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "public-recalled-lot-phone");
    }
}

/// <summary>Assertions on what a phone shows.</summary>
internal static class PageAssert
{
    public static async Task VisibleAsync(IPage page, string text) =>
        await page.GetByText(text, new() { Exact = false }).First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 10_000 });

    public static async Task FitsPhoneAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width}px wide on a 390px phone");
    }
}
