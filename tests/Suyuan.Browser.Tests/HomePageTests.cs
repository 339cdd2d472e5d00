using System.Net.Http.Headers;

namespace Suyuan.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class HomePageTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task HomePageShowsWhereToStartAndTheLatestCaptureOnAPhone()
    {
        await using var server = await PlatformServer.StartAsync();
        using (var content = new ByteArrayContent(await File.ReadAllBytesAsync(Corpus.PathOf("epcis", "gs1-examples", "Example_9.6.1-ObjectEvent.jsonld"))))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/ld+json");
            (await server.Client.PostAsync("capture", content)).EnsureSuccessStatusCode();
        }
        var page = await browser.NewPhonePageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        Assert.Equal("溯源 Suyuan · 重要产品追溯平台", await page.TitleAsync());
        await page.Locator("a[href='/scalar']").WaitForAsync();
        // Capture jobs span every enterprise: a visitor is asked to sign in instead.
        Assert.DoesNotContain(">success<", await page.ContentAsync(), StringComparison.Ordinal);
        await PageAssert.VisibleAsync(page, "Recent capture jobs are shown to regulators and admins");
        await SignIn.AsRegulatorAsync(page, server, "food-drug", "wang.fang", "王芳");
        await page.GotoAsync(server.BaseAddress.ToString());
        // The capture job appears once the worker has stored it.
        for (var attempt = 0; attempt < 100 && !(await page.ContentAsync()).Contains(">success<", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            await page.ReloadAsync();
        }
        Assert.Contains(">success<", await page.ContentAsync(), StringComparison.Ordinal);
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width}px wide on a 390px phone");
        await BrowserFixture.ScreenshotAsync(page, "home-phone");
    }

    [BrowserFact]
    public async Task ApiReferenceRendersOffline()
    {
        await using var server = await PlatformServer.StartAsync();
        var page = await browser.NewPhonePageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "scalar").ToString());
        await page.GetByText("Suyuan EPCIS 2.0 repository").First.WaitForAsync(new() { Timeout = 30_000 });
        await BrowserFixture.ScreenshotAsync(page, "api-reference-phone");
    }
}
