using System.Net;
using System.Text.Json;
using static Suyuan.Tests.Http.QueryInterface;

namespace Suyuan.Tests.Http;

/// <summary>Named queries (/queries): create, list, read, delete, run, and what is refused.</summary>
public sealed class NamedQueryTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NamedQueryIsCreatedReadListedAndDeleted(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var created = await PostJsonAsync(server.Client, "queries", """{"name": "shipped", "query": {"EQ_bizStep": ["shipping", "receiving"], "eventType": ["ObjectEvent"]}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/queries/shipped", created.Headers.Location?.ToString());
        Assert.Equal("2.0.0", Assert.Single(created.Headers.GetValues("GS1-EPCIS-Version")));

        var one = JsonDocument.Parse(await server.Client.GetStringAsync("queries/shipped")).RootElement;
        Assert.Equal("shipped", one.GetProperty("name").GetString());
        Assert.Equal(["shipping", "receiving"], one.GetProperty("query").GetProperty("EQ_bizStep").EnumerateArray().Select(v => v.GetString()));

        var all = JsonDocument.Parse(await server.Client.GetStringAsync("queries")).RootElement;
        Assert.Equal("shipped", Assert.Single(all.EnumerateArray()).GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync("queries/shipped")).StatusCode);
        Assert.Equal("/queryName", await ProblemAsync(await server.Client.GetAsync("queries/shipped"), HttpStatusCode.NotFound));
        Assert.Equal(0, JsonDocument.Parse(await server.Client.GetStringAsync("queries")).RootElement.GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EachPartyListsReadsRunsAndDeletesOnlyItsOwnNamedQueries(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var dairy = await server.EnterpriseClientAsync("91320600MA1N2X3Y4Z");
        var butcher = await server.EnterpriseClientAsync("91320600MA1N2X3Y5Q");
        var regulator = await server.RegulatorClientAsync("food-drug");
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(dairy, "queries", """{"name": "mine", "query": {"EQ_bizStep": ["shipping"]}}""")).StatusCode);

        // Another enterprise, a regulator and the admins neither see it nor can read, run or delete it.
        foreach (var other in new[] { butcher, regulator, server.Client })
        {
            Assert.Equal(0, JsonDocument.Parse(await other.GetStringAsync("queries")).RootElement.GetArrayLength());
            Assert.Equal("/queryName", await ProblemAsync(await other.GetAsync("queries/mine"), HttpStatusCode.NotFound));
            Assert.Equal("/queryName", await ProblemAsync(await other.GetAsync("queries/mine/events"), HttpStatusCode.NotFound));
            Assert.Equal("/queryName", await ProblemAsync(await other.DeleteAsync("queries/mine"), HttpStatusCode.NotFound));
        }

        // A name is the party's own: another may define the same one, and each reads its own definition.
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(butcher, "queries", """{"name": "mine", "query": {"EQ_bizStep": ["receiving"]}}""")).StatusCode);
        Assert.Equal("shipping", JsonDocument.Parse(await dairy.GetStringAsync("queries/mine")).RootElement.GetProperty("query").GetProperty("EQ_bizStep")[0].GetString());
        Assert.Equal("receiving", JsonDocument.Parse(await butcher.GetStringAsync("queries/mine")).RootElement.GetProperty("query").GetProperty("EQ_bizStep")[0].GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await butcher.DeleteAsync("queries/mine")).StatusCode);
        Assert.Equal("mine", Assert.Single(JsonDocument.Parse(await dairy.GetStringAsync("queries")).RootElement.EnumerateArray()).GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NamedQueryEventsRunTheStoredQueryPageByPage(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "queries", """{"name": "shipping", "query": {"EQ_bizStep": ["shipping"], "orderBy": "eventTime", "orderDirection": "ASC"}}""")).StatusCode);

        var pages = await PagesAsync(server.Client, "queries/shipping/events?perPage=2");
        Assert.Equal(2, pages.Count);
        Assert.All(pages, p => Assert.Equal("shipping", p.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("queryName").GetString()));
        var ids = pages.SelectMany(EventList).Select(e => e.GetProperty("eventID").GetString()).ToList();
        Assert.Equal(["urn:uuid:00000000-0000-4000-8000-000000000001", "urn:uuid:00000000-0000-4000-8000-000000000002", "urn:uuid:00000000-0000-4000-8000-000000000003"], ids);
    }

    /// <summary>A named query's array items are its values: a '|' inside one is a character, not a separator as in a URL.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ANamedQuerysArrayItemsAreTakenWhole(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        var single = """{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"http://ns.example.com/epcis/"}],"type":"ObjectEvent","eventID":"urn:uuid:00000000-0000-4000-8000-0000000000a1","eventTime":"2024-03-01T10:00:00.000Z","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:0614141.107346.901"],"action":"OBSERVE","ex:grade":"A|B"}""";
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "events", single)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "queries", """{"name": "piped", "query": {"@context": [{"ex": "http://ns.example.com/epcis/"}], "EQ_ex:grade": ["A|B"]}}""")).StatusCode);
        var found = EventList(JsonDocument.Parse(await server.Client.GetStringAsync("queries/piped/events")).RootElement);
        Assert.Equal("urn:uuid:00000000-0000-4000-8000-0000000000a1", Assert.Single(found).GetProperty("eventID").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NamedQueryMatchesExtensionFieldsWithThePrefixesItDeclares(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        var created = await PostJsonAsync(server.Client, "queries", """{"name": "gradeA", "query": {"@context": [{"ex": "http://ns.example.com/epcis/"}], "EQ_ex:grade": ["A"]}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var page = JsonDocument.Parse(await server.Client.GetStringAsync("queries/gradeA/events")).RootElement;
        Assert.Equal(2, EventList(page).Count);
    }

    /// <summary>
    /// A prefix declared in the GS1-Extensions header when the query was created is part of its definition: read back, the
    /// definition names it in its @context, and sent again under another name it finds the same events.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ANamedQueryReadBackCarriesThePrefixesItWasCreatedWith(string provider)
    {
        await using var server = await StartWithEventsAsync(provider);
        using var create = new HttpRequestMessage(HttpMethod.Post, "queries")
        {
            Content = new StringContent("""{"name": "byHeader", "query": {"EQ_ex:grade": ["A"]}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        create.Headers.Add("GS1-Extensions", "ex=http://ns.example.com/epcis/");
        Assert.Equal(HttpStatusCode.Created, (await server.Client.SendAsync(create)).StatusCode);
        var definition = JsonDocument.Parse(await server.Client.GetStringAsync("queries/byHeader")).RootElement.GetProperty("query");
        Assert.Equal("http://ns.example.com/epcis/", definition.GetProperty("@context").GetProperty("ex").GetString());
        var again = await PostJsonAsync(server.Client, "queries", "{\"name\": \"again\", \"query\": " + definition.GetRawText() + "}");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(2, EventList(JsonDocument.Parse(await server.Client.GetStringAsync("queries/again/events")).RootElement).Count);
    }

    /// <summary>The query schema's EXISTS_ parameters are nullable integers: null (and 1) say "exists", as in a URL.</summary>
    [Fact]
    public async Task NamedQueryExistsParametersTakeNullAndOne()
    {
        await using var server = await StartWithEventsAsync("sqlite");
        // Every stored event has ex:grade, none ex:colour.
        foreach (var (name, field, value, count) in new[] { ("graded", "grade", "null", 5), ("coloured", "colour", "null", 0), ("graded1", "grade", "1", 5), ("coloured1", "colour", "1", 0) })
        {
            var created = await PostJsonAsync(server.Client, "queries",
                "{\"name\": \"" + name + "\", \"query\": {\"@context\": [{\"ex\": \"http://ns.example.com/epcis/\"}], \"EXISTS_ex:" + field + "\": " + value + "}}");
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var page = JsonDocument.Parse(await server.Client.GetStringAsync($"queries/{name}/events")).RootElement;
            Assert.Equal(count, EventList(page).Count);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NamedQueryWithATakenNameIsAConflict(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        const string body = """{"name": "q", "query": {"eventType": ["ObjectEvent"]}}""";
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "queries", body)).StatusCode);
        Assert.Equal("/name", await ProblemAsync(await PostJsonAsync(server.Client, "queries", body.Replace("ObjectEvent", "AggregationEvent")), HttpStatusCode.Conflict));
        var kept = JsonDocument.Parse(await server.Client.GetStringAsync("queries/q")).RootElement;
        Assert.Equal("ObjectEvent", kept.GetProperty("query").GetProperty("eventType")[0].GetString());
    }

    public static TheoryData<string, string, string> InvalidDefinitions()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in TestDatabases.Providers())
        {
            data.Add(provider, """{"name": "q", "query": {"EQ_action": ["JUMP"]}}""", "/query/EQ_action");
            data.Add(provider, """{"name": "q", "query": {"EQ_colour": ["red"]}}""", "/query/EQ_colour");
            data.Add(provider, """{"name": "q", "query": {"GE_eventTime": "yesterday"}}""", "/query/GE_eventTime");
            data.Add(provider, """{"name": "q", "query": {"GT_quantity": "NaN"}}""", "/query/GT_quantity");
            data.Add(provider, """{"name": "q", "query": {"EQ_quantity": ["Infinity"]}}""", "/query/EQ_quantity/0");
            data.Add(provider, """{"name": "q", "query": {"EQ_bizStep": [{"nested": true}]}}""", "/query/EQ_bizStep/0");
            data.Add(provider, """{"name": "q", "query": {"EQ_bizStep": [1]}}""", "/query/EQ_bizStep/0");
            // The query schema's types: an array where it names one, an integer, one of the enum's values.
            data.Add(provider, """{"name": "q", "query": {"EQ_bizStep": "shipping"}}""", "/query/EQ_bizStep");
            data.Add(provider, """{"name": "q", "query": {"eventCountLimit": "5"}}""", "/query/eventCountLimit");
            data.Add(provider, """{"name": "q", "query": {"orderDirection": "UP"}}""", "/query/orderDirection");
            data.Add(provider, """{"name": "q", "query": {"EQ_readPoint": "urn:epc:id:sgln:0614141.00777.0"}}""", "/query/EQ_readPoint");
            data.Add(provider, """{"name": "q", "query": {"EQ_bizStep": []}}""", "/query/EQ_bizStep");
            // A definition's @context is a JSON-LD context: URLs and objects of prefix → namespace IRI.
            data.Add(provider, """{"name": "q", "query": {"@context": 5, "EQ_bizStep": ["shipping"]}}""", "/query/@context");
            data.Add(provider, """{"name": "q", "query": {"@context": [{"ex": "notauri"}], "EQ_ex:grade": ["A"]}}""", "/query/@context/0/ex");
            data.Add(provider, """{"name": "q", "@context": [{"ex": 7}], "query": {"EQ_ex:grade": ["A"]}}""", "/@context/0/ex");
            data.Add(provider, """{"name": "q", "query": {"nextPageToken": "abc"}}""", "/query/nextPageToken");
            data.Add(provider, """{"name": "q", "query": {"perPage": 0}}""", "/query/perPage");
            data.Add(provider, """{"name": "q", "query": {"HASATTR_bizLocation": ["x"]}}""", "/query/HASATTR_bizLocation");
            data.Add(provider, """{"query": {"eventType": ["ObjectEvent"]}}""", "/name");
            data.Add(provider, """{"name": "a/b", "query": {"eventType": ["ObjectEvent"]}}""", "/name");
            // A URL path segment of "." or ".." is not one: such a query could never be read or deleted.
            data.Add(provider, """{"name": ".", "query": {"eventType": ["ObjectEvent"]}}""", "/name");
            data.Add(provider, """{"name": "..", "query": {"eventType": ["ObjectEvent"]}}""", "/name");
            data.Add(provider, """{"name": "q"}""", "/query");
            data.Add(provider, """{"name": "q", "query": {}, "colour": "red"}""", "/colour");
            data.Add(provider, """["q"]""", "");
            data.Add(provider, """{"name": "q", """, "");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidDefinitions))]
    public async Task InvalidQueryDefinitionIsRefusedNamingTheMember(string provider, string body, string pointer)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        Assert.Equal(pointer, await ProblemAsync(await PostJsonAsync(server.Client, "queries", body), HttpStatusCode.BadRequest));
        Assert.Equal(0, JsonDocument.Parse(await server.Client.GetStringAsync("queries")).RootElement.GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task QueryDefinitionThatIsNotJsonIsUnsupported(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        await ProblemAsync(await PostJsonAsync(server.Client, "queries", "name=q", "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UnknownNamedQueryIsNotFound(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        Assert.Equal("/queryName", await ProblemAsync(await server.Client.GetAsync("queries/nothing"), HttpStatusCode.NotFound));
        Assert.Equal("/queryName", await ProblemAsync(await server.Client.GetAsync("queries/nothing/events"), HttpStatusCode.NotFound));
        Assert.Equal("/queryName", await ProblemAsync(await server.Client.DeleteAsync("queries/nothing"), HttpStatusCode.NotFound));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NamedQueryEventsTakeOnlyPagingParameters(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "queries", """{"name": "q", "query": {"eventType": ["ObjectEvent"]}}""")).StatusCode);
        Assert.Equal("/query/EQ_bizStep", await ProblemAsync(await server.Client.GetAsync("queries/q/events?EQ_bizStep=shipping"), HttpStatusCode.BadRequest));
        Assert.Equal("/query/nextPageToken", await ProblemAsync(await server.Client.GetAsync("queries/q/events?nextPageToken=nonsense"), HttpStatusCode.BadRequest));
        Assert.Equal("/query/perPage", await ProblemAsync(await server.Client.GetAsync("queries/q/events?perPage=0"), HttpStatusCode.BadRequest));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SubscriptionsAreNotOffered(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "queries", """{"name": "q", "query": {"eventType": ["ObjectEvent"]}}""")).StatusCode);
        foreach (var response in new[]
        {
            await server.Client.GetAsync("queries/q/subscriptions"),
            await PostJsonAsync(server.Client, "queries/q/subscriptions", """{"dest": "https://example.com/hook"}"""),
            await server.Client.DeleteAsync("queries/q/subscriptions/s1"),
        })
        {
            Assert.Equal("/subscriptions", await ProblemAsync(response, HttpStatusCode.NotFound));
            Assert.Contains("not offered", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NamedQueriesAreListedPageByPage(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        foreach (var name in new[] { "c", "a", "b", "d", "e" })
        {
            Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "queries", $$$"""{"name": "{{{name}}}", "query": {"eventType": ["ObjectEvent"]}}""")).StatusCode);
        }
        var pages = await PagesAsync(server.Client, "queries?perPage=2");
        Assert.Equal(3, pages.Count);
        Assert.Equal(["a", "b", "c", "d", "e"], pages.SelectMany(p => p.EnumerateArray()).Select(q => q.GetProperty("name").GetString()));
    }
}
