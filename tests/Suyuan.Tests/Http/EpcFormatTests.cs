using System.Net;
using System.Text.Json;
using static Suyuan.Tests.Http.QueryInterface;

namespace Suyuan.Tests.Http;

/// <summary>The GS1-EPC-Format request header: events as captured by default, EPC URNs as Digital Links on request.</summary>
public sealed class EpcFormatTests
{
    private const string EventId = "urn:uuid:3c1f6a8e-2b7d-4e0a-9f1c-5d2e8b7a6c41";

    private const string Shipping = $$"""
        {"type": "ObjectEvent", "eventID": "{{EventId}}", "eventTime": "2026-03-01T08:00:00Z", "eventTimeZoneOffset": "+08:00",
         "action": "OBSERVE", "bizStep": "shipping",
         "epcList": ["urn:epc:id:sgtin:0614141.107346.2018", "https://example.com/01/09506000134352/21/7"],
         "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": 200, "uom": "KGM"}],
         "readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"},
         "bizLocation": {"id": "urn:epc:id:sgln:0614141.00888.0"},
         "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:0614141.00001"}],
         "destinationList": [{"type": "location", "destination": "urn:epc:id:sgln:0614141.00999.0"}],
         "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:0614141000005:1234"}]}
        """;

    private static async Task<(HttpResponseMessage Response, JsonElement Event)> QueryAsync(HttpClient client, string? format)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "events?EQ_eventID=" + Uri.EscapeDataString(EventId));
        if (format is not null)
        {
            request.Headers.Add("GS1-EPC-Format", format);
        }
        var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response, default);
        }
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response, doc.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList")[0].Clone());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Never_Translates")]
    [InlineData("No_Preference")]
    public async Task WithoutAskingForDigitalLinksEventsComeBackAsCaptured(string? format)
    {
        await using var server = await PlatformServer.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "events", Shipping)).StatusCode);
        var (response, e) = await QueryAsync(server.Client, format);
        Assert.Equal("Never_Translates", response.Headers.GetValues("GS1-EPC-Format").Single());
        Assert.Equal(["urn:epc:id:sgtin:0614141.107346.2018", "https://example.com/01/09506000134352/21/7"], e.GetProperty("epcList").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("urn:epc:id:sgln:0614141.00777.0", e.GetProperty("readPoint").GetProperty("id").GetString());
    }

    [Fact]
    public async Task AlwaysDigitalLinkWritesEveryEpcUrnOfAGs1KeyAsItsCanonicalLink()
    {
        await using var server = await PlatformServer.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "events", Shipping)).StatusCode);
        var (response, e) = await QueryAsync(server.Client, "Always_GS1_Digital_Link");
        Assert.Equal("Always_GS1_Digital_Link", response.Headers.GetValues("GS1-EPC-Format").Single());
        // A link on another host is a Digital Link already: left as it is.
        Assert.Equal(["https://id.gs1.org/01/10614141073464/21/2018", "https://example.com/01/09506000134352/21/7"], e.GetProperty("epcList").EnumerateArray().Select(v => v.GetString()));
        var quantity = e.GetProperty("quantityList")[0];
        Assert.Equal("https://id.gs1.org/01/04012345123456/10/998877", quantity.GetProperty("epcClass").GetString());
        Assert.Equal(200, quantity.GetProperty("quantity").GetDouble());
        Assert.Equal("KGM", quantity.GetProperty("uom").GetString());
        Assert.Equal("https://id.gs1.org/414/0614141007776", e.GetProperty("readPoint").GetProperty("id").GetString());
        Assert.Equal("https://id.gs1.org/414/0614141008889", e.GetProperty("bizLocation").GetProperty("id").GetString());
        Assert.Equal("https://id.gs1.org/417/0614141000012", e.GetProperty("sourceList")[0].GetProperty("source").GetString());
        Assert.Equal("owning_party", e.GetProperty("sourceList")[0].GetProperty("type").GetString());
        Assert.Equal("https://id.gs1.org/414/0614141009992", e.GetProperty("destinationList")[0].GetProperty("destination").GetString());
        // Not an EPC URN of a GS1 key: unchanged.
        Assert.Equal("urn:epcglobal:cbv:bt:0614141000005:1234", e.GetProperty("bizTransactionList")[0].GetProperty("bizTransaction").GetString());
        Assert.Equal(EventId, e.GetProperty("eventID").GetString());
        Assert.Equal("shipping", e.GetProperty("bizStep").GetString());
    }

    [Fact]
    public async Task AlwaysEpcUrnIsRefusedAndAnUnknownFormatIsABadRequest()
    {
        await using var server = await PlatformServer.StartAsync();
        var (urn, _) = await QueryAsync(server.Client, "Always_EPC_URN");
        Assert.Equal("/headers/GS1-EPC-Format", await ProblemAsync(urn, HttpStatusCode.NotAcceptable));
        var (bad, _) = await QueryAsync(server.Client, "Sometimes");
        Assert.Equal("/headers/GS1-EPC-Format", await ProblemAsync(bad, HttpStatusCode.BadRequest));
    }

    /// <summary>GS1-CBV-XML-Format applies to XML results: its four values change nothing in JSON, another is a 400 naming the header.</summary>
    [Fact]
    public async Task ACbvXmlFormatOutsideItsFourValuesIsABadRequest()
    {
        await using var server = await PlatformServer.StartAsync();
        foreach (var (value, expected) in new[] { ("Always_Web_URI", HttpStatusCode.OK), ("No_Preference", HttpStatusCode.OK), ("bogus", HttpStatusCode.BadRequest) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "events");
            request.Headers.Add("GS1-CBV-XML-Format", value);
            var response = await server.Client.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
            if (expected == HttpStatusCode.BadRequest)
            {
                Assert.Equal("/headers/GS1-CBV-XML-Format", await ProblemAsync(response, HttpStatusCode.BadRequest));
            }
        }
    }
}
