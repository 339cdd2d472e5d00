using System.Net.Http.Json;
using Microsoft.Playwright;
using Suyuan.Tests.Http;

namespace Suyuan.Browser.Tests;

/// <summary>Signs a page in as a new regulator of a department, through the login form as a person would.</summary>
internal static class SignIn
{
    public static async Task AsRegulatorAsync(IPage page, PlatformServer server, string department, string login, string displayName)
    {
        const string password = "regulator password";
        (await server.Client.PostAsJsonAsync("api/accounts", new { login, displayName, role = "regulator", department, password })).EnsureSuccessStatusCode();
        await page.GotoAsync(new Uri(server.BaseAddress, "login").ToString());
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.Locator("#session").WaitForAsync();
    }

    /// <summary>Registers an enterprise at <paramref name="location"/> and signs the page in as one of its staff.</summary>
    public static async Task AsEnterpriseStaffAsync(IPage page, PlatformServer server, string uscc, string location, string login)
    {
        const string password = "staff password";
        (await server.Client.PostAsJsonAsync("api/enterprises", new { uscc, name = "崇川区和平桥菜市场" + login, nodeTypes = new[] { "vegetable-market" }, region = "320602", locations = new[] { location } }))
            .EnsureSuccessStatusCode();
        (await server.Client.PostAsJsonAsync("api/accounts", new { login, displayName = login, role = "enterprise", enterprise = uscc, password })).EnsureSuccessStatusCode();
        await page.GotoAsync(new Uri(server.BaseAddress, "login").ToString());
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.Locator("#session").WaitForAsync();
    }
}
