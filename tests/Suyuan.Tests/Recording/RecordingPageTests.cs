using System.Net;
using Suyuan.Tests.Http;

namespace Suyuan.Tests.Recording;

/// <summary>The phone forms over HTTP: a posted form records like the JSON API, a bad one comes back with the message under its field.</summary>
public sealed class RecordingPageTests
{
    private const string Stall = "urn:epc:id:sgln:6923456.00010.0";

    public static TheoryData<string> Providers() => TestDatabases.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PostedSaleFormInJinRecordsAndShowsTheTraceCode(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var form = Sale("4", "jin");

        using var response = await server.Client.PostAsync("record/stall-sale", new FormUrlEncodedContent(form));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("4 斤（2 kg）", html);
        Assert.Contains("id=\"trace-code\"", html);
        var stored = await RecordingClient.EventsAtAsync(server.Client, Stall);
        Assert.Equal(2m, Assert.Single(stored).GetProperty("quantityList")[0].GetProperty("quantity").GetDecimal());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PostedFormWithABadWeightComesBackWithTheMessageUnderTheFieldAndStoresNothing(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);

        using var response = await server.Client.PostAsync("record/stall-sale?lang=en", new FormUrlEncodedContent(Sale("0", "kg")));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<p class=\"error\" id=\"err-weightKg\">Weight sold must be a number above zero</p>", html);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"err-weightKg\"", html);
        Assert.Empty(await RecordingClient.EventsAtAsync(server.Client, Stall));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EveryFormAndTheIndexRenderInChineseByDefault(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);

        var index = await server.Client.GetStringAsync("record");

        Assert.Contains("<html lang=\"zh-CN\">", index);
        foreach (var action in Suyuan.Features.Recording.RecordActions.All)
        {
            Assert.Contains($"href=\"/record/{action.Name}\"", index);
            var page = await server.Client.GetStringAsync("record/" + action.Name);
            Assert.Contains("<h1>" + action.Zh + "</h1>", page);
            Assert.Contains($"/api/record/{action.Name}/template.xlsx", page);
        }
        using var html = new HttpRequestMessage(HttpMethod.Get, "record/no-such-action");
        html.Headers.Accept.ParseAdd("text/html");
        using var unknown = await server.Client.SendAsync(html);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.StartsWith("text/html", unknown.Content.Headers.ContentType?.MediaType);
        // A client that asks for JSON is told in JSON, naming the form.
        using var json = new HttpRequestMessage(HttpMethod.Get, "record/no-such-action");
        json.Headers.Accept.ParseAdd("application/json");
        Assert.Equal("/name", await Http.QueryInterface.ProblemAsync(await server.Client.SendAsync(json), HttpStatusCode.NotFound));
    }

    /// <summary>A stall's receipt is the meat-vegetable retail sale, whose profile requires the market: the form names the field, in the form.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AStallWithoutItsMarketComesBackWithTheMessageUnderTheMarketField(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var form = Sale("4", "kg");
        form["stall"] = "08号摊位";
        using var response = await server.Client.PostAsync("record/stall-sale", new FormUrlEncodedContent(form));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("填写摊位号时请同时填写市场名称", html);
        Assert.Empty(await RecordingClient.EventsAtAsync(server.Client, Stall));
    }

    private static Dictionary<string, string> Sale(string weight, string unit) => new()
    {
        ["location"] = Stall,
        ["traceCode"] = "urn:epc:class:lgtin:6923456.000001.B0001",
        ["item"] = "青菜",
        ["weightKg"] = weight,
        ["unit:weightKg"] = unit,
        ["unitPriceYuanPerKg"] = "3",
        ["unit:unitPriceYuanPerKg"] = "jin",
    };
}
