using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Suyuan.Core.Epcis;
using Suyuan.Core.Epcis.Json;

namespace Suyuan.Tests.Http;

/// <summary>Every published example goes in through POST /capture and comes back, equal, by EQ_eventID and MATCH_anyEPC.</summary>
public sealed class CaptureConformanceTests
{
    public static TheoryData<string, string> Documents()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in TestDatabases.Providers())
        {
            foreach (var file in Corpus.Files(Path.Combine("epcis", "gs1-examples"), "*.jsonld").Concat(Corpus.Files(Path.Combine("epcis", "openepcis", "Documents"), "*.json")))
            {
                data.Add(provider, Path.GetRelativePath(Corpus.Root, file));
            }
        }
        return data;
    }

    public static TheoryData<string, string> InvalidDocuments()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in TestDatabases.Providers())
        {
            foreach (var file in Corpus.Files(Path.Combine("epcis", "openepcis", "Invalid"), "*.json"))
            {
                data.Add(provider, Path.GetRelativePath(Corpus.Root, file));
            }
            // Schema-invalid: two sensorReports without their required type.
            data.Add(provider, Path.Combine("epcis", "openepcis", "Documents", "SensorData_with_combined_events.json"));
        }
        return data;
    }

    public static TheoryData<string> CorpusFiles() => [.. Corpus.Files(Path.Combine("epcis", "gs1-examples"), "*.jsonld")
        .Concat(Corpus.Files(Path.Combine("epcis", "openepcis", "Documents"), "*.json")).Select(f => Path.GetRelativePath(Corpus.Root, f))];

    [Fact]
    public void AnEventWithEscapesWhitespaceAndOddNumbersIsRewrittenWithItsEventIdAndWithoutTheSendersRecordTime()
    {
        const string json = """
            { "type" : "ObjectEvent", "eventTime": "2026-11-01T08:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
              "recordTime": "2026-11-01T09:00:00Z",
              "epcList": [ "urn:epc:id:sgtin:6901234.012345.A%2F1" ], "action": "OBSERVE",
              "sy:note": "quote \" backslash \\ tab \t é \u00e9 中文 \u4e2d <&> \u2028 \ud83d\ude00",
              "sy:n": [1.0E+2, -0, 0.000001, 12345678901234567890], "sy:o": { "a": [ { }, [ ] ], "b": null, "c": true },
              "@context": [ { "sy": "https://suyuan.example.cn/epcis/" } ] }
            """;
        using var doc = JsonDocument.Parse(json);
        var (input, eventId) = Suyuan.Features.Capture.EventSource.ToInput(doc.RootElement, EpcisContext.Default, detach: true);
        var bytes = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(input.Event).ToArray();
        Assert.Equal(System.Text.Encoding.UTF8.GetString(Storage.Indexing.EventIndexer.Minify(input.Event)), System.Text.Encoding.UTF8.GetString(bytes));
        Assert.DoesNotContain("recordTime", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(eventId, input.Event.GetProperty("eventID").GetString());
        Assert.Equal("quote \" backslash \\ tab \t é é 中文 中 <&> \u2028 \ud83d\ude00", input.Event.GetProperty("sy:note").GetString());
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task CapturedDocumentComesBackByEventIdAndEpc(string provider, string relativePath)
    {
        if (relativePath.EndsWith("SensorData_with_combined_events.json", StringComparison.Ordinal))
        {
            return; // covered by CaptureRefusesInvalidDocumentAndStoresNothing
        }
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Corpus.Root, relativePath));
        await using var server = await PlatformServer.StartAsync(provider);
        var job = await CaptureAsync(server.Client, bytes);
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());

        using var sent = JsonDocument.Parse(bytes);
        var context = EpcisContext.FromDocument(sent.RootElement);
        var hashes = EventHash.ComputeAll(sent.RootElement);
        var i = 0;
        foreach (var evt in EpcisEvents.Enumerate(sent.RootElement))
        {
            var eventContext = evt.TryGetProperty("@context", out var own) ? context.Extend(own, "/@context") : context;
            var eventId = evt.TryGetProperty("eventID", out var id) ? id.GetString()! : hashes[i];
            i++;
            var expected = Normalise(EpcisJson.ReadEvent(evt, eventContext));

            var byId = await QueryAsync(server.Client, "EQ_eventID=" + Uri.EscapeDataString(eventId));
            var returned = Assert.Single(byId.Events);
            Assert.Equal(expected, Normalise(EpcisJson.ReadEvent(returned, byId.Context)));
            Assert.True(returned.TryGetProperty("recordTime", out _), "the server sets recordTime");

            foreach (var epc in Epcs(evt))
            {
                var byEpc = await QueryAsync(server.Client, "perPage=1000&MATCH_anyEPC=" + Uri.EscapeDataString(epc));
                Assert.Contains(byEpc.Events, e => e.GetProperty("eventID").GetString() == eventId);
            }
        }
    }

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public async Task CaptureRefusesInvalidDocumentAndStoresNothing(string provider, string relativePath)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Corpus.Root, relativePath));
        await using var server = await PlatformServer.StartAsync(provider);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await server.Client.PostAsync("capture", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("/", problem.RootElement.GetProperty("pointer").GetString());
        var all = await QueryAsync(server.Client, "perPage=1000");
        Assert.Empty(all.Events);
        var jobs = JsonDocument.Parse(await server.Client.GetStringAsync("capture")).RootElement;
        Assert.Equal(0, jobs.GetArrayLength());
    }

    internal static async Task<JsonElement> CaptureAsync(HttpClient client, byte[] document, string? behaviour = null)
    {
        using var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ld+json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "capture") { Content = content };
        if (behaviour is not null)
        {
            request.Headers.Add("GS1-Capture-Error-Behaviour", behaviour);
        }
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!.ToString();
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

    internal sealed record QueryResult(IReadOnlyList<JsonElement> Events, EpcisContext Context);

    internal static async Task<QueryResult> QueryAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("events?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var doc = JsonDocument.Parse(body).RootElement;
        Assert.Equal("EPCISQueryDocument", doc.GetProperty("type").GetString());
        var events = doc.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray().ToList();
        return new QueryResult(events, EpcisContext.FromDocument(doc));
    }

    /// <summary>What the server adds (eventID when absent, recordTime) is not part of the comparison.</summary>
    private static EpcisEvent Normalise(EpcisEvent e) => e with { EventId = null, RecordTime = null, Context = null };

    private static IEnumerable<string> Epcs(JsonElement evt)
    {
        foreach (var list in new[] { "epcList", "childEPCs", "inputEPCList", "outputEPCList" })
        {
            if (evt.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    yield return item.GetString()!;
                }
            }
        }
        if (evt.TryGetProperty("parentID", out var parent) && parent.ValueKind == JsonValueKind.String)
        {
            yield return parent.GetString()!;
        }
    }
}
