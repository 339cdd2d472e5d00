using System.Net;
using System.Text.Json;
using static Suyuan.Tests.Http.QueryInterface;

namespace Suyuan.Tests.Http;

/// <summary>The resource listings (/epcs, /bizSteps, …), their sub-resources, paging, OPTIONS and the GS1 headers.</summary>
public sealed class DiscoveryTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private static async Task<IReadOnlyList<string>> AllMembersAsync(HttpClient client, string path) =>
        [.. (await PagesAsync(client, path)).SelectMany(Members)];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ListingsShowTheValuesOfStoredEvents(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        Assert.Equal(Epcs.Order(StringComparer.Ordinal), await AllMembersAsync(server.Client, "epcs"));
        Assert.Equal(ReadPoints, await AllMembersAsync(server.Client, "readPoints"));
        Assert.Equal(BizLocations, await AllMembersAsync(server.Client, "bizLocations"));
        Assert.Equal(["AggregationEvent", "AssociationEvent", "ObjectEvent", "TransactionEvent", "TransformationEvent"], await AllMembersAsync(server.Client, "eventTypes"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task VocabularyListingsHoldTheCbvValuesAndStoredOnes(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        var bizSteps = await AllMembersAsync(server.Client, "bizSteps");
        Assert.Contains("shipping", bizSteps);
        Assert.Contains("void_shipping", bizSteps);
        Assert.Contains(CustomBizStep, bizSteps);
        Assert.Equal(bizSteps.Count, bizSteps.Distinct().Count());
        var dispositions = await AllMembersAsync(server.Client, "dispositions");
        Assert.Contains("in_transit", dispositions);
        Assert.Contains("recalled", dispositions);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ListingsArePagedWithALinkHeader(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        var pages = await PagesAsync(server.Client, "epcs?perPage=2");
        Assert.Equal([2, 2, 1], pages.Select(p => Members(p).Count));
        Assert.Equal(Epcs.Order(StringComparer.Ordinal), pages.SelectMany(Members));

        var whole = await AllMembersAsync(server.Client, "bizSteps?perPage=10000");
        Assert.Equal(whole, await AllMembersAsync(server.Client, "bizSteps?perPage=7"));

        var first = await server.Client.GetAsync("readPoints?perPage=1");
        Assert.NotNull(NextLink(first));
        Assert.Null(NextLink(await server.Client.GetAsync("readPoints?perPage=2")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ResourceValueListsItsEventsSubResource(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        foreach (var path in new[]
        {
            "epcs/" + Uri.EscapeDataString(Epcs[0]), "bizSteps/shipping", "bizSteps/void_shipping", "bizSteps/" + Uri.EscapeDataString(CustomBizStep),
            "dispositions/in_transit", "readPoints/" + Uri.EscapeDataString(ReadPoints[0]), "bizLocations/" + Uri.EscapeDataString(BizLocations[1]), "eventTypes/ObjectEvent",
            // A standard value no event names, in each of its CBV forms.
            "bizSteps/urn:epcglobal:cbv:bizstep:void_shipping", "bizSteps/cbv:BizStep-void_shipping", "bizSteps/" + Uri.EscapeDataString("https://ref.gs1.org/cbv/BizStep-void_shipping"),
            "dispositions/urn:epcglobal:cbv:disp:stolen", "dispositions/stolen",
        })
        {
            var response = await server.Client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, path + ": " + body);
            Assert.Equal(["events"], Members(JsonDocument.Parse(body).RootElement));
        }
        Assert.Equal("/epc", await ProblemAsync(await server.Client.GetAsync("epcs/urn:epc:id:sgtin:0614141.107346.9999"), HttpStatusCode.NotFound));
        Assert.Equal("/readPoint", await ProblemAsync(await server.Client.GetAsync("readPoints/urn:epc:id:sgln:0614141.00999.0"), HttpStatusCode.NotFound));
        Assert.Equal("/bizStep", await ProblemAsync(await server.Client.GetAsync("bizSteps/juggling"), HttpStatusCode.NotFound));
        Assert.Equal("/eventType", await ProblemAsync(await server.Client.GetAsync("eventTypes/PartyEvent"), HttpStatusCode.NotFound));
        // A resource's events answer as the resource does: 404 when it does not exist.
        Assert.Equal("/epc", await ProblemAsync(await server.Client.GetAsync("epcs/urn:epc:id:sgtin:0614141.107346.9999/events"), HttpStatusCode.NotFound));
        Assert.Equal("/bizStep", await ProblemAsync(await server.Client.GetAsync("bizSteps/juggling/events"), HttpStatusCode.NotFound));
        Assert.Equal("/eventType", await ProblemAsync(await server.Client.GetAsync("eventTypes/PartyEvent/events"), HttpStatusCode.NotFound));
        // A resource takes no query parameter: one given is a mistake said so, not a filter silently ignored (an event by its
        // eventID given EQ_bizStep would otherwise come back whatever its bizStep).
        Assert.Equal("/query/foo", await ProblemAsync(await server.Client.GetAsync("bizSteps/shipping?foo=1"), HttpStatusCode.BadRequest));
        Assert.Equal("/query/perPage", await ProblemAsync(await server.Client.GetAsync("eventTypes/ObjectEvent?perPage=0"), HttpStatusCode.BadRequest));
        Assert.Equal("/query/EQ_bizStep", await ProblemAsync(await server.Client.GetAsync("events/urn:uuid:11111111-1111-4111-8111-111111111111?EQ_bizStep=receiving"), HttpStatusCode.BadRequest));
        Assert.Equal("/query/foo", await ProblemAsync(await server.Client.GetAsync("capture/0123?foo=1"), HttpStatusCode.BadRequest));
        Assert.Equal("/query/foo", await ProblemAsync(await server.Client.GetAsync("queries/mine?foo=1"), HttpStatusCode.BadRequest));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EveryListedValueLeadsToItsEvents(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        foreach (var listing in new[] { "epcs", "readPoints", "bizLocations" })
        {
            foreach (var value in await AllMembersAsync(server.Client, listing))
            {
                var page = JsonDocument.Parse(await server.Client.GetStringAsync($"{listing}/{Uri.EscapeDataString(value)}/events")).RootElement;
                Assert.NotEmpty(EventList(page));
            }
        }
        var custom = JsonDocument.Parse(await server.Client.GetStringAsync($"bizSteps/{Uri.EscapeDataString(CustomBizStep)}/events")).RootElement;
        Assert.Equal("urn:uuid:00000000-0000-4000-8000-000000000005", Assert.Single(EventList(custom)).GetProperty("eventID").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BadPageTokenIsRefusedNamingNextPageToken(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        var next = NextLink(await server.Client.GetAsync("epcs?perPage=1"))!;
        var token = next[(next.IndexOf("nextPageToken=", StringComparison.Ordinal) + "nextPageToken=".Length)..];
        foreach (var path in new[] { "epcs?nextPageToken=!!nonsense!!", "readPoints?nextPageToken=" + token, "queries?nextPageToken=" + token, "events?nextPageToken=nonsense", "bizSteps?nextPageToken=" })
        {
            Assert.Equal("/query/nextPageToken", await ProblemAsync(await server.Client.GetAsync(path), HttpStatusCode.BadRequest));
        }
        Assert.True((await server.Client.GetAsync(next)).IsSuccessStatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PerPageOutOfRangeIsRefused(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        foreach (var path in new[] { "epcs?perPage=0", "bizSteps?perPage=10001", "queries?perPage=-1", "eventTypes?perPage=two", "events?perPage=10001", "events?perPage=0", "epcs/urn:epc:id:sscc:0614141.1234567890/events?perPage=100000" })
        {
            Assert.Equal("/query/perPage", await ProblemAsync(await server.Client.GetAsync(path), HttpStatusCode.BadRequest));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UnknownQueryParameterIsRefusedNamingIt(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        foreach (var path in new[] { "epcs", "dispositions", "queries", "eventTypes", "events", "bizSteps/shipping/events" })
        {
            Assert.Equal("/query/colour", await ProblemAsync(await server.Client.GetAsync(path + "?colour=red"), HttpStatusCode.BadRequest));
        }
    }

    public static TheoryData<string, string, string> OptionsPaths()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in TestDatabases.Providers())
        {
            data.Add(provider, "events", "OPTIONS, GET, POST");
            data.Add(provider, "capture", "OPTIONS, GET, POST");
            data.Add(provider, "capture/some-job", "OPTIONS, GET");
            data.Add(provider, "events/urn:uuid:00000000-0000-4000-8000-000000000001", "OPTIONS, GET");
            data.Add(provider, "queries", "OPTIONS, GET, POST");
            data.Add(provider, "queries/q", "OPTIONS, GET, DELETE");
            data.Add(provider, "queries/q/events", "OPTIONS, GET");
            foreach (var (listing, value) in new[] { ("eventTypes", "ObjectEvent"), ("epcs", "urn:epc:id:sscc:0614141.1234567890"), ("bizSteps", "shipping"), ("bizLocations", "urn:epc:id:sgln:0614141.00001.0"), ("readPoints", "urn:epc:id:sgln:0614141.00777.0"), ("dispositions", "in_transit") })
            {
                data.Add(provider, listing, "OPTIONS, GET");
                data.Add(provider, $"{listing}/{value}", "OPTIONS, GET");
                data.Add(provider, $"{listing}/{value}/events", "OPTIONS, GET");
            }
        }
        return data;
    }

    /// <summary>An extension event (its type a URI: the schema's Extended-Event) is taken alone by POST /events as in a document by /capture.</summary>
    [Fact]
    public async Task AnExtensionEventIsTakenByPostEventsAsByCapture()
    {
        await using var server = await PlatformServer.StartAsync();
        const string evt = """{"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "https://example.com/epcis/InspectionEvent", "eventTime": "2026-01-01T00:00:00Z", "eventTimeZoneOffset": "+08:00", "https://example.com/epcis/inspector": "QA-7"}""";
        var created = await PostJsonAsync(server.Client, "events", evt, "application/ld+json");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var found = JsonDocument.Parse(await (await server.Client.GetAsync("events?eventType=" + Uri.EscapeDataString("https://example.com/epcis/InspectionEvent"))).Content.ReadAsStringAsync());
        Assert.Equal("QA-7", Assert.Single(EventList(found.RootElement)).GetProperty("https://example.com/epcis/inspector").GetString());
        Assert.Equal("/type", await ProblemAsync(await PostJsonAsync(server.Client, "events", evt.Replace("https://example.com/epcis/InspectionEvent", "EPCISDocument", StringComparison.Ordinal), "application/ld+json"), HttpStatusCode.BadRequest));

        // The repository lists the extension types it holds beside the five standard ones, and knows them as resources.
        Assert.Equal(["AggregationEvent", "AssociationEvent", "ObjectEvent", "TransactionEvent", "TransformationEvent", "https://example.com/epcis/InspectionEvent"],
            (await AllMembersAsync(server.Client, "eventTypes")).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("eventTypes/" + Uri.EscapeDataString("https://example.com/epcis/InspectionEvent"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("eventTypes/" + Uri.EscapeDataString("https://example.com/epcis/OtherEvent"))).StatusCode);

        // A type written as a CURIE of a declared prefix is the IRI it names (JSON-LD), however it is asked; it comes back as sent.
        var curie = evt.Replace("\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"]", "\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\", {\"ex\": \"https://example.com/epcis/\"}]", StringComparison.Ordinal)
            .Replace("\"https://example.com/epcis/InspectionEvent\"", "\"ex:AuditEvent\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "events", curie, "application/ld+json")).StatusCode);
        using var byIri = JsonDocument.Parse(await server.Client.GetStringAsync("events?eventType=" + Uri.EscapeDataString("https://example.com/epcis/AuditEvent")));
        Assert.Equal("ex:AuditEvent", Assert.Single(EventList(byIri.RootElement)).GetProperty("type").GetString());
        using var request = new HttpRequestMessage(HttpMethod.Get, "events?eventType=" + Uri.EscapeDataString("ex:AuditEvent|ex:InspectionEvent"));
        request.Headers.Add("GS1-Extensions", "ex=https://example.com/epcis/");
        using var byCurie = JsonDocument.Parse(await (await server.Client.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.Equal(2, EventList(byCurie.RootElement).Count);
        Assert.Contains("https://example.com/epcis/AuditEvent", await AllMembersAsync(server.Client, "eventTypes"));
        using var resource = new HttpRequestMessage(HttpMethod.Get, "eventTypes/ex:AuditEvent/events");
        resource.Headers.Add("GS1-Extensions", "ex=https://example.com/epcis/");
        using var byResource = JsonDocument.Parse(await (await server.Client.SendAsync(resource)).Content.ReadAsStringAsync());
        Assert.Single(EventList(byResource.RootElement));
    }

    [Theory]
    [MemberData(nameof(OptionsPaths))]
    public async Task OptionsAnswersTheAllowedMethodsWithTheGs1Headers(string provider, string path, string allow)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var response = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, path));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal("2.0.0", Assert.Single(response.Headers.GetValues("GS1-EPCIS-Version")));
        Assert.Equal("2.0.0", Assert.Single(response.Headers.GetValues("GS1-CBV-Version")));
        Assert.Equal("Never_Translates", Assert.Single(response.Headers.GetValues("GS1-EPC-Format")));
        if (path == "capture")
        {
            Assert.Equal("all", Assert.Single(response.Headers.GetValues("GS1-Capture-Error-Behaviour")));
            Assert.True(response.Headers.Contains("GS1-EPCIS-Capture-Limit"));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task HeadAnswersAsGetDoesWithoutTheBody(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        foreach (var path in new[] { "", "events", "eventTypes", "bizSteps/shipping/events", "queries", "events?EQ_noSuchField=1" })
        {
            var get = await server.Client.GetAsync(path);
            var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(get.StatusCode, head.StatusCode);
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Equal(get.Headers.Contains("GS1-EPCIS-Version"), head.Headers.Contains("GS1-EPCIS-Version"));
            Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync());
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EveryQueryEndpointCarriesTheGs1Headers(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "queries", """{"name": "q", "query": {"eventType": ["ObjectEvent"]}}""")).StatusCode);
        foreach (var path in new[] { "events", "eventTypes", "epcs", "bizSteps", "bizLocations", "readPoints", "dispositions", "bizSteps/shipping", "bizSteps/shipping/events", "queries", "queries/q", "queries/q/events", "queries/nothing", "epcs?perPage=0" })
        {
            var response = await server.Client.GetAsync(path);
            Assert.True(response.Headers.Contains("GS1-EPCIS-Version"), path);
            Assert.True(response.Headers.Contains("GS1-CBV-Version"), path);
            Assert.True(response.Headers.Contains("GS1-Vendor-Version"), path);
            Assert.Equal("sy=https://suyuan.example.cn/epcis/", Assert.Single(response.Headers.GetValues("GS1-Extensions")));
        }
    }
}
