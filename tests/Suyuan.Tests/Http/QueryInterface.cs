using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Suyuan.Tests.Http;

/// <summary>A small known set of events for the query-interface tests, and the calls they share.</summary>
internal static class QueryInterface
{
    public const string CustomBizStep = "https://example.com/bizstep/grading";

    public static readonly string[] Epcs =
    [
        "urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018", "urn:epc:id:sgtin:0614141.107346.2019",
        "urn:epc:id:sgtin:0614141.107346.2020", "urn:epc:id:sscc:0614141.1234567890",
    ];

    public static readonly string[] ReadPoints = ["urn:epc:id:sgln:0614141.00777.0", "urn:epc:id:sgln:0614141.00888.0"];

    public static readonly string[] BizLocations = ["urn:epc:id:sgln:0614141.00001.0", "urn:epc:id:sgln:0614141.00002.0"];

    /// <summary>Three shipping events, one receiving, one with a non-CBV bizStep; ex:grade is an extension field.</summary>
    public static string Document()
    {
        static string Event(int n, string epc, string bizStep, string disposition, string readPoint, string bizLocation) => $$"""
            {"type": "ObjectEvent", "eventID": "urn:uuid:00000000-0000-4000-8000-00000000000{{n}}", "eventTime": "2024-03-0{{n}}T10:00:00.000Z",
             "eventTimeZoneOffset": "+08:00", "epcList": ["{{epc}}"], "action": "OBSERVE", "bizStep": "{{bizStep}}", "disposition": "{{disposition}}",
             "readPoint": {"id": "{{readPoint}}"}, "bizLocation": {"id": "{{bizLocation}}"}, "ex:grade": "{{(n % 2 == 0 ? "A" : "B")}}"}
            """;
        return $$$"""
            {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "http://ns.example.com/epcis/"}],
             "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-03-10T00:00:00.000Z",
             "epcisBody": {"eventList": [
               {{{Event(1, Epcs[0], "shipping", "in_transit", ReadPoints[0], BizLocations[0])}}},
               {{{Event(2, Epcs[1], "shipping", "in_transit", ReadPoints[0], BizLocations[0])}}},
               {{{Event(3, Epcs[2], "shipping", "in_transit", ReadPoints[1], BizLocations[1])}}},
               {{{Event(4, Epcs[3], "receiving", "in_progress", ReadPoints[1], BizLocations[1])}}},
               {{{Event(5, Epcs[4], CustomBizStep, "in_progress", ReadPoints[1], BizLocations[1])}}}
             ]}}
            """;
    }

    public static async Task<PlatformServer> StartWithEventsAsync(string provider)
    {
        var server = await PlatformServer.StartAsync(provider);
        var job = await CaptureConformanceTests.CaptureAsync(server.Client, Encoding.UTF8.GetBytes(Document()));
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
        return server;
    }

    public static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json, string mediaType = "application/json")
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await client.PostAsync(path, content);
    }

    /// <summary>Asserts a problem-details response with that status, and returns its pointer.</summary>
    public static async Task<string?> ProblemAsync(HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.TryGetProperty("pointer", out var pointer) ? pointer.GetString() : null;
    }

    /// <summary>Follows Link rel="next" from <paramref name="path"/> and gathers every page's body.</summary>
    public static async Task<List<JsonElement>> PagesAsync(HttpClient client, string path)
    {
        var pages = new List<JsonElement>();
        string? next = path;
        while (next is not null)
        {
            var response = await client.GetAsync(next);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            pages.Add(JsonDocument.Parse(body).RootElement.Clone());
            next = NextLink(response);
            Assert.True(pages.Count < 100, "paging does not end");
        }
        return pages;
    }

    public static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }
        var link = Assert.Single(links);
        Assert.EndsWith("rel=\"next\"", link);
        return link[1..link.IndexOf('>')].TrimStart('/');
    }

    public static IReadOnlyList<JsonElement> EventList(JsonElement queryDocument) =>
        [.. queryDocument.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray()];

    public static IReadOnlyList<string> Members(JsonElement collection)
    {
        Assert.Equal("Collection", collection.GetProperty("type").GetString());
        return [.. collection.GetProperty("member").EnumerateArray().Select(m => m.GetString()!)];
    }
}
