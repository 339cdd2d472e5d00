using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Suyuan.Core.Identifiers;
using Suyuan.Features.Recording;
using Suyuan.Tests.Http;

namespace Suyuan.Tests.Recording;

/// <summary>The JSON recording API: every action becomes an EPCIS event found by its eventID, with the demo's field names.</summary>
public sealed class RecordingApiTests
{
    private const string Stall = "urn:epc:id:sgln:6923456.00008.0";

    public static TheoryData<string> Providers() => TestDatabases.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EveryActionIsCapturedAndQueryableByItsEventId(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var catalogue = JsonDocument.Parse(await server.Client.GetStringAsync("api/record")).RootElement;
        Assert.Equal(RecordActions.All.Count, catalogue.GetArrayLength());

        foreach (var action in RecordActions.All)
        {
            var body = RecordingClient.Example(action, Stall);
            var response = await QueryInterface.PostJsonAsync(server.Client, "api/record/" + action.Name, body.ToJsonString());
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{action.Name}: {(int)response.StatusCode} {text}");
            var result = JsonDocument.Parse(text).RootElement;
            var id = result.GetProperty("eventID").GetString()!;
            Assert.Equal("/events/" + Uri.EscapeDataString(id), response.Headers.Location?.ToString());

            var stored = await RecordingClient.EventAsync(server.Client, id);
            Assert.Equal(Expected[action.Name].BizStep, stored.GetProperty("bizStep").GetString()!.Split(['/', ':']).Last());
            Assert.Equal(Stall, stored.GetProperty("bizLocation").GetProperty("id").GetString());
            var (_, field, value) = Expected[action.Name];
            Assert.Equal(value, RecordingClient.Find(stored, field)?.ToString());
            if (result.GetProperty("publicUrl").GetString() is { } publicUrl)
            {
                using var page = await server.Client.GetAsync(publicUrl.TrimStart('/') + "?format=json");
                Assert.True(page.StatusCode == HttpStatusCode.OK, $"{action.Name}: {publicUrl} is {(int)page.StatusCode}");
            }
        }
    }

    /// <summary>Per action: its bizStep and one field of the demo vocabulary with the example's value.</summary>
    private static readonly Dictionary<string, (string BizStep, string Field, string Value)> Expected = new()
    {
        ["stall-purchase"] = ("receiving", "voucherNumber", "JY0000012345"),
        ["stall-sale"] = ("retail_selling", "unitPriceYuanPerKg", "6.8"),
        ["farm-harvest"] = ("commissioning", "certificateNumber", "HGZ320682000000123"),
        ["pesticide-sale"] = ("retail_selling", "registrationNumber", "PD20151234"),
        ["pharmacy-dispense"] = ("dispensing", "drugTraceCode", "86123450000000012345"),
        ["meat-dispatch"] = ("shipping", "quarantineCertificateNumber", "320650000123"),
        ["wine-import"] = ("receiving", "customsDeclarationNumber", "230120260000012345"),
        ["food-batch"] = ("commissioning", "productionBatch", "MG260501"),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StallSaleInJinIsStoredInKgAndPrintsATraceCodeWithItsPublicPageAndQr(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var body = RecordingClient.Example(RecordActions.Find("stall-sale")!, Stall);
        body.Remove("weightKg");
        body.Remove("unitPriceYuanPerKg");
        body["weightJin"] = 3;
        body["unitPriceYuanPerJin"] = 4.5;

        var response = await QueryInterface.PostJsonAsync(server.Client, "api/record/stall-sale", body.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var code = result.GetProperty("traceCode").GetString()!;
        Assert.True(PlatformTraceCode.Validate(code).IsValid);
        Assert.StartsWith("3206", code);
        Assert.Equal("/t/" + code, result.GetProperty("publicUrl").GetString());
        var stored = await RecordingClient.EventAsync(server.Client, result.GetProperty("eventID").GetString()!);
        Assert.Equal("urn:suyuan:trace:" + code, stored.GetProperty("epcList")[0].GetString());
        Assert.Equal(1.5m, stored.GetProperty("quantityList")[0].GetProperty("quantity").GetDecimal());
        Assert.Equal("KGM", stored.GetProperty("quantityList")[0].GetProperty("uom").GetString());
        Assert.Equal("9", RecordingClient.Find(stored, "unitPriceYuanPerKg")?.ToString());
        Assert.Equal("13.5", RecordingClient.Find(stored, "amountYuan")?.ToString());
        using var page = await server.Client.GetAsync($"t/{code}?format=json");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var qr = await server.Client.GetAsync(result.GetProperty("qrUrl").GetString()!.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BadFieldsAre400ProblemsNamingTheFieldAndStoreNothing(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var purchase = RecordActions.Find("stall-purchase")!;
        var cases = new (Action<JsonObject> Spoil, string Pointer)[]
        {
            (b => b["weightKg"] = "-2", "/weightKg"),
            (b => b["weightKg"] = "十斤", "/weightKg"),
            (b => b.Remove("weightKg"), "/weightKg"),
            (b => b["weightJin"] = "abc", "/weightJin"),
            // A comma is no decimal point here (and no thousands separator): "1,5" was stored as 15.
            (b => b["weightKg"] = "1,5", "/weightKg"),
            (b => b["weightKg"] = "1e308", "/weightKg"),
            // Both a kg and a 斤 weight: which one was meant is not guessed.
            (b => b["weightJin"] = "3", "/weightJin"),
            // A NUL or a direction override would reach the public page as written.
            (b => b["commodity"] = "青菜\u0000", "/commodity"),
            (b => b["supplier"] = "王记\u202E", "/supplier"),
            (b => b["location"] = "6923456000017", "/location"),
            (b => b.Remove("location"), "/location"),
            (b => b["voucherKind"] = "发票", "/voucherKind"),
            (b => b["traceCode"] = "32060000000000000001", "/traceCode"),
            (b => b["commodityCode"] = "A1", "/commodityCode"),
            (b => b["comodityCode"] = "0301", "/comodityCode"),
        };
        foreach (var (spoil, pointer) in cases)
        {
            var body = RecordingClient.Example(purchase, Stall);
            spoil(body);
            if (pointer == "/weightJin" && body["weightJin"]?.ToString() == "abc")
            {
                body.Remove("weightKg");
            }
            var response = await QueryInterface.PostJsonAsync(server.Client, "api/record/stall-purchase", body.ToJsonString());
            Assert.Equal(pointer, await QueryInterface.ProblemAsync(response, HttpStatusCode.BadRequest));
        }
        var notJson = await QueryInterface.PostJsonAsync(server.Client, "api/record/stall-purchase", "{\"location\":");
        await QueryInterface.ProblemAsync(notJson, HttpStatusCode.BadRequest);
        var unknown = await QueryInterface.PostJsonAsync(server.Client, "api/record/no-such-action", "{}");
        Assert.Equal("/name", await QueryInterface.ProblemAsync(unknown, HttpStatusCode.NotFound));
        Assert.Empty(await RecordingClient.EventsAtAsync(server.Client, Stall));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RestrictedPesticideNeedsTheBuyersIdCropAndTargetAndStoresTheIdMasked(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var body = RecordingClient.Example(RecordActions.Find("pesticide-sale")!, Stall);
        body["restrictedUse"] = "是";
        body.Remove("buyerIdNumber");
        body.Remove("targetPest");

        var refused = await QueryInterface.PostJsonAsync(server.Client, "api/record/pesticide-sale", body.ToJsonString());

        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["/buyerIdNumber", "/targetPest"], problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()).Order());

        body["buyerIdNumber"] = "320682198001010016";
        body["targetPest"] = "稻飞虱";
        var badId = await QueryInterface.PostJsonAsync(server.Client, "api/record/pesticide-sale", body.ToJsonString());
        Assert.Equal("/buyerIdNumber", await QueryInterface.ProblemAsync(badId, HttpStatusCode.BadRequest));

        body["buyerIdNumber"] = "320682198001010015";
        var accepted = await QueryInterface.PostJsonAsync(server.Client, "api/record/pesticide-sale", body.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var id = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("eventID").GetString()!;
        var stored = await RecordingClient.EventAsync(server.Client, id);
        Assert.Equal("320682********0015", RecordingClient.Find(stored, "buyerIdNumberMasked")?.ToString());
        Assert.DoesNotContain("198001010015", stored.GetRawText());
        Assert.Equal("稻飞虱", RecordingClient.Find(stored, "targetPest")?.ToString());
    }
}

/// <summary>What the recording tests share: example bodies and reading events back through the query interface.</summary>
internal static class RecordingClient
{
    /// <summary>A valid body for the action: every field's example, at the given location.</summary>
    public static JsonObject Example(RecordAction action, string location)
    {
        var body = new JsonObject { ["location"] = location };
        foreach (var f in action.Fields.Where(f => f.Example.Length > 0))
        {
            body[f.Name] = f.Example;
        }
        return body;
    }

    public static async Task<JsonElement> EventAsync(HttpClient client, string eventId)
    {
        var document = JsonDocument.Parse(await client.GetStringAsync("events?EQ_eventID=" + Uri.EscapeDataString(eventId))).RootElement;
        return Assert.Single(QueryInterface.EventList(document));
    }

    public static async Task<IReadOnlyList<JsonElement>> EventsAtAsync(HttpClient client, string location)
    {
        var pages = await QueryInterface.PagesAsync(client, "events?EQ_bizLocation=" + Uri.EscapeDataString(location));
        return [.. pages.SelectMany(QueryInterface.EventList)];
    }

    /// <summary>The first extension member with this local name anywhere in the event (sy:name or its full IRI), as text.</summary>
    public static object? Find(JsonElement e, string localName)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name == "sy:" + localName || p.Name.EndsWith("/epcis/" + localName, StringComparison.Ordinal))
                {
                    return p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
                }
                if (Find(p.Value, localName) is { } nested)
                {
                    return nested;
                }
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                if (Find(item, localName) is { } nested)
                {
                    return nested;
                }
            }
        }
        return null;
    }

    public static async Task<JsonElement> WaitForJobAsync(HttpClient client, string location)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var job = JsonDocument.Parse(await client.GetStringAsync(location.TrimStart('/'))).RootElement;
            if (!job.GetProperty("running").GetBoolean())
            {
                return job;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("the capture job did not finish");
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
}
