using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Suyuan.Tests.Http;
using Xunit;

namespace Suyuan.Tests.Dashboard;

public sealed class DashboardApiTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private const string Dairy = "91350200MA2YJ1XR9G";
    private const string SilentDairy = "91350200776049653A";
    private const string Market = "91440101MA5CJQ4N59";
    private const string DairySite = "urn:epc:id:sgln:0614141.00001.0";

    private static async Task RegisterAsync(HttpClient client, object enterprise)
    {
        var response = await client.PostAsJsonAsync("api/enterprises", enterprise);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CoverageCountsRegisteredEnterprisesThatReport(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var client = server.Client;
        await RegisterAsync(client, new { uscc = Dairy, name = "南通鲜乳乳业有限公司", nodeTypes = new[] { "food-maker" }, region = "320602", locations = new[] { DairySite }, categories = new[] { "food" }, productLines = new[] { "dairy" } });
        await RegisterAsync(client, new { uscc = SilentDairy, name = "如皋白蒲乳品厂", nodeTypes = new[] { "food-maker" }, region = "320682", categories = new[] { "food" }, productLines = new[] { "dairy" } });
        await RegisterAsync(client, new { uscc = Market, name = "崇川区文峰菜市场", nodeTypes = new[] { "vegetable-market" }, region = "320602" });
        var capture = await client.PostAsync("events", new StringContent($$"""
            {"type":"ObjectEvent","eventTime":"{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss}}Z","eventTimeZoneOffset":"+08:00","action":"ADD","bizStep":"commissioning",
             "epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"bizLocation":{"id":"{{DairySite}}"},
             "@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]}
            """, null, "application/json"));
        Assert.Equal(HttpStatusCode.Created, capture.StatusCode);

        var dashboard = await client.GetFromJsonAsync<JsonElement>("api/dashboard");
        var dairy = dashboard.GetProperty("coverage").EnumerateArray().Single(r => r.GetProperty("target").GetString() == "dairy");
        Assert.Equal(2, dairy.GetProperty("registered").GetInt32());
        Assert.Equal(1, dairy.GetProperty("reporting").GetInt32());
        Assert.False(dairy.GetProperty("met").GetBoolean()); // the plan wants every dairy maker
        Assert.Equal(2, dashboard.GetProperty("neverReported").GetInt32());
        Assert.Equal(1, dashboard.GetProperty("volumes").EnumerateArray().Sum(v => v.GetProperty("events").GetInt64()));

        // The commerce department sees the meat-and-vegetable targets only.
        var commerce = await client.GetFromJsonAsync<JsonElement>("api/dashboard?department=commerce");
        Assert.All(commerce.GetProperty("coverage").EnumerateArray(), r => Assert.Equal("meat-vegetable", r.GetProperty("category").GetString()));
        Assert.Equal(1, commerce.GetProperty("enterprises").GetInt32());

        var page = await client.GetStringAsync("dashboard");
        Assert.Contains("<svg", page);
        Assert.Contains("乳制品生产企业", page);
        Assert.Contains("未达标", page);
        var english = await client.GetStringAsync("dashboard?lang=en");
        Assert.Contains("Dairy makers", english);

        var found = await client.GetStringAsync("dashboard/directory?q=" + Uri.EscapeDataString("乳"));
        Assert.Contains("南通鲜乳乳业有限公司", found);
        Assert.Contains("如皋白蒲乳品厂", found);
        Assert.DoesNotContain("文峰菜市场", found);
        var byRegion = await client.GetStringAsync("dashboard/directory?region=320682");
        Assert.Contains("如皋白蒲乳品厂", byRegion);
        Assert.DoesNotContain("南通鲜乳乳业有限公司", byRegion);

        var drill = await client.GetStringAsync($"dashboard/enterprises/{Dairy}");
        Assert.Contains("commissioning", drill);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("dashboard/enterprises/91320000000000000X")).StatusCode);
    }

    [Fact]
    public async Task AnUnknownDepartmentIsRefusedNamingIt()
    {
        await using var server = await PlatformServer.StartAsync();
        var response = await server.Client.GetAsync("api/dashboard?department=nowhere");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("/query/department", await response.Content.ReadAsStringAsync());
    }
}
