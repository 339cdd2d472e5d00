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

    /// <summary>
    /// The alerts page: a regulator lists and acknowledges its own department's alerts only; a form without a note goes back
    /// with the error shown; the page it goes back to is always one of its own; bad filters are a 400 naming them.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheAlertsPageAcknowledgesOnlyTheRegulatorsOwnAlertsWithANote(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var alerts = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Storage.Alerts.AlertStore>(server.Services);
        var at = DateTimeOffset.UtcNow;
        await alerts.RaiseAsync(new("a", "chain-break", "food", "food-drug", null, ["lot-a"], [], "食品批次断链", at));
        await alerts.RaiseAsync(new("b", "cylinder-inspection-overdue", "gas-cylinder", "quality", null, ["cyl-b"], [], "气瓶超期", at));
        var all = await alerts.ListAsync(new());
        var food = all.Single(a => a.Department == "food-drug").Id;
        var cylinder = all.Single(a => a.Department == "quality").Id;
        var regulator = await server.RegulatorClientAsync("food-drug");

        var page = await regulator.GetStringAsync("dashboard/alerts");
        Assert.Contains("食品批次断链", page, StringComparison.Ordinal);
        Assert.DoesNotContain("气瓶超期", page, StringComparison.Ordinal);
        Assert.Contains("Open", await regulator.GetStringAsync("dashboard/alerts?lang=en"), StringComparison.Ordinal);

        // Another department's alert is not found, and stays open; an empty note goes back with the error; the return is local.
        var foreign = await regulator.PostAsync($"dashboard/alerts/{cylinder}/acknowledge", new FormUrlEncodedContent([new("note", "seen"), new("return", "/dashboard/alerts")]));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Null((await alerts.GetAsync(cylinder))!.AcknowledgedAt);
        var empty = await regulator.PostAsync($"dashboard/alerts/{food}/acknowledge", new FormUrlEncodedContent([new("note", " "), new("return", "/dashboard/alerts?state=open")]));
        // (The client follows the 303 without its key, as clients do; a browser keeps its cookie. The page it went back to:)
        var back = empty.RequestMessage!.RequestUri!;
        Assert.Equal("/dashboard/alerts", back.AbsolutePath);
        Assert.Contains("error=note", back.Query, StringComparison.Ordinal);
        Assert.Contains("请填写处理说明", await regulator.GetStringAsync(back.PathAndQuery.TrimStart('/')), StringComparison.Ordinal);
        Assert.Null((await alerts.GetAsync(food))!.AcknowledgedAt);
        var done = await regulator.PostAsync($"dashboard/alerts/{food}/acknowledge", new FormUrlEncodedContent([new("note", "已下架"), new("return", "https://elsewhere.example/")]));
        Assert.Equal("/dashboard/alerts", done.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(server.BaseAddress.Authority, done.RequestMessage.RequestUri.Authority);
        Assert.Equal("已下架", (await alerts.GetAsync(food))!.Note);

        Assert.Equal(HttpStatusCode.BadRequest, (await regulator.GetAsync("dashboard/alerts?state=maybe")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await regulator.GetAsync("dashboard/alerts?before=x")).StatusCode);
        // Admins see every department's.
        Assert.Contains("气瓶超期", await server.Client.GetStringAsync("dashboard/alerts"), StringComparison.Ordinal);
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
        using var json = new HttpRequestMessage(HttpMethod.Get, "dashboard/enterprises/91320000000000000X");
        json.Headers.Accept.ParseAdd("application/json");
        Assert.Equal("/uscc", await Http.QueryInterface.ProblemAsync(await client.SendAsync(json), HttpStatusCode.NotFound));
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
