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

    private const string UrnsOnlyId = "urn:uuid:7d0c2f4e-1b3a-4c5d-8e9f-0a1b2c3d4e5f";

    /// <summary>An event whose identifiers are all EPC URNs, with a transformation id and a sensor's device id.</summary>
    private const string UrnsOnly = $$$"""
        {"type": "TransformationEvent", "eventID": "{{{UrnsOnlyId}}}", "eventTime": "2026-03-01T09:00:00Z", "eventTimeZoneOffset": "+08:00",
         "inputEPCList": ["urn:epc:id:sgtin:0614141.107346.2018", "https://id.gs1.org/01/10614141073464/21/2018"],
         "outputEPCList": ["urn:epc:id:sgtin:0614141.107346.3000"],
         "transformationID": "urn:epc:id:gdti:0614141.12345.400",
         "sensorElementList": [{"sensorMetadata": {"time": "2026-03-01T09:00:00Z", "deviceID": "urn:epc:id:giai:4000001.111"},
                                "sensorReport": [{"type": "Temperature", "deviceID": "urn:epc:id:giai:4000001.111", "value": 4.5, "uom": "CEL"}]}],
         "readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"}}
        """;

    [Fact]
    public async Task AlwaysEpcUrnAnswersWhereEveryIdentifierIsAUrnAndIsA406NamingALinkOtherwise()
    {
        await using var server = await PlatformServer.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "events", Shipping)).StatusCode);
        // The shipping event holds a Digital Link, whose company prefix length no URN can be written without.
        var (refused, _) = await QueryAsync(server.Client, "Always_EPC_URN");
        Assert.Equal("/headers/GS1-EPC-Format", await ProblemAsync(refused, HttpStatusCode.NotAcceptable));

        var urns = $"{{\"@context\": \"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\", \"type\": \"EPCISDocument\", \"schemaVersion\": \"2.0\", \"creationDate\": \"2026-03-01T09:00:00Z\", \"epcisBody\": {{\"eventList\": [{UrnsOnly.Replace(", \"https://id.gs1.org/01/10614141073464/21/2018\"", "", StringComparison.Ordinal)}]}}}}";
        // A capture is not refused for the header, nor are endpoints that return no identifiers.
        using (var capture = new HttpRequestMessage(HttpMethod.Post, "capture") { Content = new StringContent(urns, System.Text.Encoding.UTF8, "application/json") })
        {
            capture.Headers.Add("GS1-EPC-Format", "Always_EPC_URN");
            var accepted = await server.Client.SendAsync(capture);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            await Recording.RecordingClient.WaitForJobAsync(server.Client, accepted.Headers.Location!.ToString());
        }
        foreach (var (method, path) in new[] { (HttpMethod.Options, "events"), (HttpMethod.Get, "eventTypes"), (HttpMethod.Get, "bizSteps"), (HttpMethod.Get, "queries"), (HttpMethod.Get, "capture") })
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("GS1-EPC-Format", "Always_EPC_URN");
            Assert.True((await server.Client.SendAsync(request)).IsSuccessStatusCode, $"{method} /{path}");
        }
        using var query = new HttpRequestMessage(HttpMethod.Get, "events?EQ_eventID=" + Uri.EscapeDataString(UrnsOnlyId));
        query.Headers.Add("GS1-EPC-Format", "Always_EPC_URN");
        var answered = await server.Client.SendAsync(query);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("Always_EPC_URN", answered.Headers.GetValues("GS1-EPC-Format").Single());
        var e = EventList(JsonDocument.Parse(await answered.Content.ReadAsStringAsync()).RootElement).Single();
        Assert.Equal(["urn:epc:id:sgtin:0614141.107346.2018"], e.GetProperty("inputEPCList").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task AnUnknownFormatIsABadRequest()
    {
        await using var server = await PlatformServer.StartAsync();
        var (bad, _) = await QueryAsync(server.Client, "Sometimes");
        Assert.Equal("/headers/GS1-EPC-Format", await ProblemAsync(bad, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task AlwaysDigitalLinkAlsoWritesTransformationAndDeviceIdsAndNamesAnEpcOnce()
    {
        await using var server = await PlatformServer.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "events", UrnsOnly)).StatusCode);
        using var query = new HttpRequestMessage(HttpMethod.Get, "events?EQ_eventID=" + Uri.EscapeDataString(UrnsOnlyId));
        query.Headers.Add("GS1-EPC-Format", "Always_GS1_Digital_Link");
        var e = EventList(JsonDocument.Parse(await (await server.Client.SendAsync(query)).Content.ReadAsStringAsync()).RootElement).Single();
        // The same SGTIN sent as a URN and as a link is one link in the list (the schema's uniqueItems).
        Assert.Equal(["https://id.gs1.org/01/10614141073464/21/2018"], e.GetProperty("inputEPCList").EnumerateArray().Select(v => v.GetString()));
        Assert.Matches("^https://id\\.gs1\\.org/253/061414112345[0-9]400$", e.GetProperty("transformationID").GetString());
        var sensor = e.GetProperty("sensorElementList")[0];
        Assert.Equal("https://id.gs1.org/8004/4000001111", sensor.GetProperty("sensorMetadata").GetProperty("deviceID").GetString());
        Assert.Equal("https://id.gs1.org/8004/4000001111", sensor.GetProperty("sensorReport")[0].GetProperty("deviceID").GetString());
        Assert.Equal(4.5, sensor.GetProperty("sensorReport")[0].GetProperty("value").GetDouble());

        // The identifier listings take the header too.
        using var listing = new HttpRequestMessage(HttpMethod.Get, "epcs");
        listing.Headers.Add("GS1-EPC-Format", "Always_GS1_Digital_Link");
        var epcs = await server.Client.SendAsync(listing);
        Assert.Equal("Always_GS1_Digital_Link", epcs.Headers.GetValues("GS1-EPC-Format").Single());
        var listed = JsonDocument.Parse(await epcs.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("https://id.gs1.org/01/10614141073464/21/3000", listed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("urn:epc:id:sgtin", listed.ToString(), StringComparison.Ordinal);
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
