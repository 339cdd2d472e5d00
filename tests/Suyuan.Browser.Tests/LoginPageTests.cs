using System.Net.Http.Json;

namespace Suyuan.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LoginPageTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task AStaffMemberSignsInOnAPhoneSeesWhoTheyAreAndSignsOutAndAWrongPasswordIsSaid()
    {
        await using var server = await PlatformServer.StartAsync();
        (await server.Client.PostAsJsonAsync("api/accounts", new { login = "zhang.wei", displayName = "张伟", role = "regulator", department = "food-drug", password = "right password" }))
            .EnsureSuccessStatusCode();
        var page = await browser.NewPhonePageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "login").ToString());
        Assert.Equal("登录 · 溯源", await page.TitleAsync());

        await page.FillAsync("#login", "zhang.wei");
        await page.FillAsync("#password", "wrong password");
        await page.ClickAsync("button[type=submit]");
        await page.Locator(".error").WaitForAsync();
        Assert.Equal("用户名或密码错误。", (await page.Locator(".error").InnerTextAsync()).Trim());
        await BrowserFixture.ScreenshotAsync(page, "login-wrong-password-phone");

        await page.FillAsync("#password", "right password");
        await page.ClickAsync("button[type=submit]");
        await page.Locator("#session").WaitForAsync();
        var session = await page.Locator("#session").InnerTextAsync();
        Assert.Contains("张伟 (zhang.wei)", session);
        Assert.Contains("市食药监局", session);
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width}px wide on a 390px phone");
        await BrowserFixture.ScreenshotAsync(page, "login-signed-in-phone");

        await page.GetByText("English").ClickAsync();
        await page.Locator("#session").WaitForAsync();
        Assert.Contains("Food and Drug Administration", await page.Locator("#session").InnerTextAsync());
        await page.GetByText("Sign out").ClickAsync();
        await page.Locator("#login").WaitForAsync();
        Assert.Equal("Sign in · Suyuan", await page.TitleAsync());
        var me = await page.APIRequest.GetAsync(new Uri(server.BaseAddress, "api/session").ToString());
        Assert.Equal(401, me.Status);
    }
}
