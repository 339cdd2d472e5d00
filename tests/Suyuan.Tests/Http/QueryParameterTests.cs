using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using static Suyuan.Tests.Http.QueryInterface;

namespace Suyuan.Tests.Http;

/// <summary>How GET /events reads its parameters: values it refuses, repeated parameters, identifier and type forms.</summary>
public sealed class QueryParameterTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NonFiniteNumberIsRefusedNamingTheParameter(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        foreach (var (name, value) in new[]
        {
            ("EQ_quantity", "NaN"), ("GT_quantity", "NaN"), ("GE_quantity", "-nan"), ("LT_quantity", "Infinity"), ("LE_quantity", "1e400"),
            ("GT_ex:grade", "NaN"), ("LE_ex:grade", "-Infinity"),
        })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"events?{name}={Uri.EscapeDataString(value)}");
            request.Headers.Add("GS1-Extensions", "ex=http://ns.example.com/epcis/");
            Assert.Equal("/query/" + name, await ProblemAsync(await server.Client.SendAsync(request), HttpStatusCode.BadRequest));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RepeatedListParameterMeansAnyOfItsValues(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        Assert.Equal(4, EventList(await GetJsonAsync(server.Client, "events?EQ_bizStep=shipping&EQ_bizStep=receiving")).Count);
        Assert.Equal(4, EventList(await GetJsonAsync(server.Client, "events?EQ_bizStep=shipping|receiving")).Count);
        Assert.Equal(5, EventList(await GetJsonAsync(server.Client, "events?eventType=ObjectEvent&eventType=TransformationEvent")).Count);
        // A resource path stays a condition of its own: its events are narrowed, not widened.
        Assert.Empty(EventList(await GetJsonAsync(server.Client, "bizSteps/shipping/events?EQ_bizStep=receiving")));
    }

    /// <summary>orderBy names an extension field as EQ_ does; the pages' links keep that order.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OrderByAnExtensionFieldHoldsAcrossPageLinks(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        foreach (var (direction, expected) in new[] { ("ASC", new[] { 2, 4, 1, 3, 5 }), ("DESC", new[] { 5, 3, 1, 4, 2 }) })
        {
            var pages = await PagesAsync(server.Client, $"events?orderBy={Uri.EscapeDataString("{http://ns.example.com/epcis/}grade")}&orderDirection={direction}&perPage=2");
            Assert.Equal(3, pages.Count);
            Assert.Equal(expected.Select(n => $"urn:uuid:00000000-0000-4000-8000-00000000000{n}"),
                pages.SelectMany(EventList).Select(e => e.GetProperty("eventID").GetString()));
        }
        var request = new HttpRequestMessage(HttpMethod.Get, "events?orderBy=ex:grade&orderDirection=DESC&perPage=1");
        request.Headers.Add("GS1-Extensions", "ex=http://ns.example.com/epcis/");
        var firstResponse = await server.Client.SendAsync(request);
        var first = EventList(await firstResponse.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal("urn:uuid:00000000-0000-4000-8000-000000000005", Assert.Single(first).GetProperty("eventID").GetString());
        // The page token holds for the same query with the field written {namespace}local instead of prefix:local.
        var token = System.Web.HttpUtility.ParseQueryString(new Uri("http://x/" + NextLink(firstResponse)).Query)["nextPageToken"];
        var second = EventList(await GetJsonAsync(server.Client,
            $"events?orderBy={Uri.EscapeDataString("{http://ns.example.com/epcis/}grade")}&orderDirection=DESC&perPage=1&nextPageToken={Uri.EscapeDataString(token!)}"));
        Assert.Equal("urn:uuid:00000000-0000-4000-8000-000000000003", Assert.Single(second).GetProperty("eventID").GetString());
        // A different field is a different query: the token is refused.
        Assert.Equal("/query/nextPageToken", await ProblemAsync(await server.Client.GetAsync(
            $"events?orderBy={Uri.EscapeDataString("{http://ns.example.com/epcis/}other")}&orderDirection=DESC&perPage=1&nextPageToken={Uri.EscapeDataString(token!)}"), HttpStatusCode.BadRequest));
        Assert.Equal("/query/orderBy", await ProblemAsync(await server.Client.GetAsync("events?orderBy=undeclared:grade"), HttpStatusCode.BadRequest));
    }

    /// <summary>A query naming many identifiers (here 600 eventIDs, 28 KB of URL) is answered, not refused by the server's URL limit.</summary>
    [Fact]
    public async Task AQueryNamingHundredsOfEventIdsFitsInTheUrl()
    {
        await using var server = await StartWithEventsAsync("sqlite");
        var all = EventList(await GetJsonAsync(server.Client, "events?perPage=1"));
        var stored = Assert.Single(all).GetProperty("eventID").GetString()!;
        var ids = Enumerable.Range(0, 599).Select(i => $"urn:uuid:{Guid.NewGuid()}").Append(stored);
        var path = "events?EQ_eventID=" + string.Join("|", ids);
        Assert.True(path.Length > 25_000);
        var found = EventList(await GetJsonAsync(server.Client, path));
        Assert.Equal(stored, Assert.Single(found).GetProperty("eventID").GetString());
    }

    /// <summary>A NUL in a query value is a 400 on either store (PostgreSQL's text cannot hold it): never a 500.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ANulInAQueryValueIsNoServerError(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        foreach (var query in new[] { "EQ_bizStep=a%00b", "MATCH_epc=urn:epc:id:sgtin:0614141.107346.%00", "EQ_ex:note=%00", "EQ_eventID=%00", "eventType=%00", "EQ_bizLocation=%00" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "events?" + query);
            request.Headers.Add("GS1-Extensions", "ex=https://example.com/ex/");
            var response = await server.Client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        foreach (var path in new[] { "epcs/%00", "bizSteps/%00/events", "queries/%00", "capture/%00", "events/%00" })
        {
            var response = await server.Client.GetAsync(path);
            Assert.True((int)response.StatusCode is 400 or 404, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        // In a body no check reads before the store: a 400, and nothing written.
        var account = await server.Client.PostAsync("api/accounts", new StringContent("""{"login": "nul.test", "displayName": "a\u0000b", "role": "admin", "password": "a long enough password"}""", null, "application/json"));
        Assert.True(account.StatusCode == HttpStatusCode.BadRequest, $"{(int)account.StatusCode} {await account.Content.ReadAsStringAsync()}");
        Assert.DoesNotContain("nul.test", await server.Client.GetStringAsync("api/accounts"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RepeatedSingleValuedParameterIsRefusedNamingIt(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        foreach (var (name, value) in new[]
        {
            ("GE_eventTime", "2024-03-01T00:00:00Z"), ("perPage", "2"), ("orderBy", "eventTime"), ("orderDirection", "ASC"), ("maxEventCount", "3"), ("GT_quantity", "1"),
        })
        {
            Assert.Equal("/query/" + name, await ProblemAsync(await server.Client.GetAsync($"events?{name}={value}&{name}={value}"), HttpStatusCode.BadRequest));
        }
        Assert.Equal("/query/eventCountLimit", await ProblemAsync(await server.Client.GetAsync("events?orderBy=eventTime&eventCountLimit=2&eventCountLimit=2"), HttpStatusCode.BadRequest));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RequestPerPageReplacesTheNamedQuerysOwn(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "queries", """{"name": "two", "query": {"perPage": 2, "EQ_bizStep": ["shipping"]}}""")).StatusCode);
        Assert.Equal(2, EventList(await GetJsonAsync(server.Client, "queries/two/events")).Count);
        Assert.Single(EventList(await GetJsonAsync(server.Client, "queries/two/events?perPage=1")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TransactionAndSourceTypesAreQueriedInAnyForm(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        await CaptureAsync(server, """
            {"type": "ObjectEvent", "eventID": "urn:uuid:00000000-0000-4000-8000-0000000000b1", "eventTime": "2024-03-01T10:00:00.000Z", "eventTimeZoneOffset": "+08:00",
             "epcList": ["urn:epc:id:sgtin:0614141.107346.2017"], "action": "OBSERVE",
             "bizTransactionList": [{"type": "https://example.com/btt/contract", "bizTransaction": "urn:x:1"}],
             "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:0614141.00001"}],
             "destinationList": [{"type": "https://example.com/sdt/dock", "destination": "urn:epc:id:sgln:0614141.00777.0"}]}
            """);
        foreach (var path in new[]
        {
            "events?EQ_bizTransaction_https://example.com/btt/contract=urn:x:1", "events?EQ_bizTransaction_btt:contract=urn:x:1",
            "events?EQ_source_cbv:SDT-owning_party=urn:epc:id:pgln:0614141.00001", "events?EQ_source_https://ref.gs1.org/cbv/SDT-owning_party=urn:epc:id:pgln:0614141.00001",
            "events?EQ_source_owning_party=urn:epc:id:pgln:0614141.00001", "events?EQ_destination_https://example.com/sdt/dock=urn:epc:id:sgln:0614141.00777.0",
        })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("GS1-Extensions", "btt=https://example.com/btt/");
            var response = await server.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {body}");
            Assert.Single(EventList(JsonDocument.Parse(body).RootElement));
        }
        Assert.Empty(EventList(await GetJsonAsync(server.Client, "events?EQ_source_possessing_party=urn:epc:id:pgln:0614141.00001")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ResourcesAndParametersFindAnIdentifierByItsDigitalLink(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        const string epc = "https://id.gs1.org/01/10614141073464/21/2017";
        Assert.Single(EventList(await GetJsonAsync(server.Client, $"epcs/{Uri.EscapeDataString(epc)}/events")));
        Assert.Single(EventList(await GetJsonAsync(server.Client, $"events?MATCH_anyEPC={Uri.EscapeDataString(epc)}")));
        Assert.Single(EventList(await GetJsonAsync(server.Client, "events?MATCH_epc=" + Uri.EscapeDataString("https://id.gs1.org/00/106141412345678908"))));
        Assert.Equal(2, EventList(await GetJsonAsync(server.Client, $"readPoints/{Uri.EscapeDataString("https://id.gs1.org/414/0614141007776")}/events")).Count);
        Assert.Equal(2, EventList(await GetJsonAsync(server.Client, $"bizLocations/{Uri.EscapeDataString("https://id.gs1.org/414/0614141000012")}/events")).Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CapturedFieldsAndEpcsAreFoundAsTheClientSentThem(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        const string upui = "urn:epc:id:upui:1234567.089456.51qIgY)%3C%26Jp3*j7'SDB";
        await CaptureAsync(server, """
            {"type": "ObjectEvent", "eventID": "urn:uuid:00000000-0000-4000-8000-0000000000c1", "eventTime": "2024-03-01T10:00:00.000Z", "eventTimeZoneOffset": "+08:00",
             "epcList": ["UPUI"], "action": "ADD", "ex:numstr": "007", "ex:nested": {"ex:lvl2": {"ex:leaf": "x"}},
             "ilmd": {"ex:batch": {"ex:no": "B1"}}}
            """.Replace("UPUI", upui));
        foreach (var path in new[]
        {
            "events?MATCH_epc=" + Uri.EscapeDataString(upui), $"epcs/{Uri.EscapeDataString(upui)}/events", "events?EXISTS_ex:nested=true",
            "events?EXISTS_ILMD_ex:batch=true", "events?EXISTS_INNER_ex:lvl2=true", "events?EQ_ex:numstr=007",
        })
        {
            Assert.Single(EventList(await GetJsonAsync(server.Client, path, "ex=http://ns.example.com/epcis/")));
        }
        foreach (var path in new[] { "events?EQ_ex:numstr=7", "events?GT_ex:numstr=6" })
        {
            Assert.Empty(EventList(await GetJsonAsync(server.Client, path, "ex=http://ns.example.com/epcis/")));
        }
    }

    /// <summary>
    /// A page token shows nothing of where its events lie in the store (row ids are store-wide, so their gaps would count
    /// others' events); an altered one, or another party's, is refused; every server of the store opens the tokens of the others.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PageTokensAreOpaqueUnforgeableAndSharedByTheStoresServers(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        var first = await server.Client.GetAsync("events?perPage=2");
        var token = Assert.Single(first.Headers.GetValues("GS1-Next-Page-Token"));
        var seal = server.Services.GetRequiredService<Suyuan.Features.Events.PageTokenSeal>();
        var inner = await seal.OpenAsync(token, "admin", default);
        Assert.NotNull(inner);
        var innerText = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(inner));
        var parts = innerText.Split('.');
        Assert.Equal("1", parts[0]);
        // Neither the store's token nor the row id in it can be read from what the client holds.
        var held = System.Buffers.Text.Base64Url.DecodeFromChars(token);
        Assert.Equal(-1, held.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(inner)));
        Assert.Equal(-1, held.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(innerText)));
        // The same page asked again gets another token for the same place: both lead to the same next page.
        var again = Assert.Single((await server.Client.GetAsync("events?perPage=2")).Headers.GetValues("GS1-Next-Page-Token"));
        Assert.NotEqual(token, again);
        var ids = new List<string?>();
        foreach (var t in new[] { token, again })
        {
            ids.Add(string.Join(",", EventList(await GetJsonAsync(server.Client, "events?perPage=2&nextPageToken=" + Uri.EscapeDataString(t))).Select(e => e.GetProperty("eventID").GetString())));
        }
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(2, ids[0]!.Split(',').Length);
        // Any character changed, and the store's own (unsealed) token, are refused naming the parameter.
        foreach (var bad in new[] { token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..], token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), inner!, token + "AA" })
        {
            Assert.Equal("/query/nextPageToken", await ProblemAsync(await server.Client.GetAsync("events?perPage=2&nextPageToken=" + Uri.EscapeDataString(bad)), HttpStatusCode.BadRequest));
        }
        // Another server of the same store (a seal that has not read the key yet) opens this one's tokens, and this one its.
        var other = new Suyuan.Features.Events.PageTokenSeal(server.Services.GetRequiredService<Suyuan.Storage.FeatureDatabase>());
        Assert.Equal(inner, await other.OpenAsync(token, "admin", default));
        Assert.Equal(inner, await seal.OpenAsync(await other.SealAsync(inner!, "admin", default), "admin", default));
        // A token is its party's: another reader (here an enterprise) cannot use it, not even to place it among its own events.
        Assert.Null(await seal.OpenAsync(token, "enterprise:91320602MA1XY0001B", default));
        var enterprise = await server.EnterpriseClientAsync("91320602MA1XY0001B");
        Assert.Equal("/query/nextPageToken", await ProblemAsync(await enterprise.GetAsync("events?perPage=2&nextPageToken=" + Uri.EscapeDataString(token)), HttpStatusCode.BadRequest));
    }

    /// <summary>
    /// A name declared with an IRI that ends in no '/' or '#' is no prefix under JSON-LD 1.1: capture keeps such a CURIE as
    /// written, and a query that declares the same name finds the field by that CURIE.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AFieldNamedWithANameThatIsNoPrefixIsFoundAsWritten(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var document = """
            {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"example": "http://ns.example.com/epcis"}],
             "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-03-10T00:00:00.000Z",
             "epcisBody": {"eventList": [{"type": "ObjectEvent", "eventTime": "2024-03-10T00:00:00.000Z", "eventTimeZoneOffset": "+00:00",
               "eventID": "urn:uuid:00000000-0000-4000-8000-0000000000e1", "epcList": ["urn:epc:id:sgtin:0614141.107346.901"], "action": "OBSERVE",
               "example:myField": "v1"}]}}
            """;
        var job = await CaptureConformanceTests.CaptureAsync(server.Client, System.Text.Encoding.UTF8.GetBytes(document));
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
        foreach (var path in new[] { "events?EXISTS_example:myField", "events?EQ_example:myField=v1" })
        {
            var found = EventList(await GetJsonAsync(server.Client, path, "example=http://ns.example.com/epcis"));
            Assert.Equal("urn:uuid:00000000-0000-4000-8000-0000000000e1", Assert.Single(found).GetProperty("eventID").GetString());
        }
        Assert.Single(EventList(await GetJsonAsync(server.Client, "events?EXISTS_" + Uri.EscapeDataString("{example:}myField"))));
    }

    /// <summary>Captures events in a document whose context adds ex:, and asserts they were stored.</summary>
    internal static async Task CaptureAsync(PlatformServer server, params string[] events)
    {
        var document = $$$"""
            {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "http://ns.example.com/epcis/"}],
             "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-03-10T00:00:00.000Z",
             "epcisBody": {"eventList": [{{{string.Join(",", events)}}}]}}
            """;
        var job = await CaptureConformanceTests.CaptureAsync(server.Client, System.Text.Encoding.UTF8.GetBytes(document));
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, string? extensions = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (extensions is not null)
        {
            request.Headers.Add("GS1-Extensions", extensions);
        }
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {path}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
