using System.Net;
using System.Text.Json;
using static Suyuan.Tests.Http.QueryInterface;

namespace Suyuan.Tests.Http;

/// <summary>
/// An event sent again is stored once however it is written (member order, identifier and vocabulary forms, time zone,
/// prefixes, a recordTime of the sender's); an error declaration — the event again, same eventID, with errorDeclaration —
/// is kept beside it; another event under a stored eventID is refused.
/// </summary>
public sealed class ResendAndErrorDeclarationTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private const string Id = "urn:uuid:0b4f0c1e-7a52-4d1b-9a0e-2f1c3d4e5f60";

    private const string Original = $$$"""
        {"type": "ObjectEvent", "eventID": "{{{Id}}}", "eventTime": "2024-10-02T08:00:00+08:00", "eventTimeZoneOffset": "+08:00",
         "action": "OBSERVE", "epcList": ["urn:epc:id:sgtin:0614141.107346.7002"], "bizStep": "shipping", "readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"}}
        """;

    public static TheoryData<string, string> SameEventWrittenOtherwise => new()
    {
        { "members in another order", $$$"""{"readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"}, "bizStep": "shipping", "epcList": ["urn:epc:id:sgtin:0614141.107346.7002"], "action": "OBSERVE", "eventTimeZoneOffset": "+08:00", "eventTime": "2024-10-02T08:00:00+08:00", "eventID": "{{{Id}}}", "type": "ObjectEvent"}""" },
        { "the time in UTC", Original.Replace("2024-10-02T08:00:00+08:00", "2024-10-02T00:00:00Z", StringComparison.Ordinal) },
        { "the EPC as a Digital Link", Original.Replace("urn:epc:id:sgtin:0614141.107346.7002", "https://id.gs1.org/01/10614141073464/21/7002", StringComparison.Ordinal) },
        { "the CBV value as a URI", Original.Replace("\"shipping\"", "\"https://ref.gs1.org/cbv/BizStep-shipping\"", StringComparison.Ordinal) },
        { "the sender's own recordTime", Original.Replace("\"action\"", "\"recordTime\": \"2030-01-01T00:00:00Z\", \"action\"", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(SameEventWrittenOtherwise))]
    public async Task TheSameEventWrittenOtherwiseIsADuplicateNotAConflict(string how, string again)
    {
        _ = how;
        foreach (var provider in TestDatabases.Providers())
        {
            await using var server = await PlatformServer.StartAsync(provider);
            Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(server.Client, "events", Original)).StatusCode);

            var second = await PostJsonAsync(server.Client, "events", again);
            var body = await second.Content.ReadAsStringAsync();
            Assert.True(second.StatusCode == HttpStatusCode.Created, $"{provider}: {(int)second.StatusCode} {body}");
            Assert.Equal("true", Assert.Single(second.Headers.GetValues("Suyuan-Duplicate")));

            // In a document too, even twice in the same document.
            var document = $$$"""{"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-01-01T00:00:00Z", "epcisBody": {"eventList": [{{{again}}}, {{{Original}}}]}}""";
            var job = await CaptureAsync(server.Client, document);
            Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());

            var stored = EventList(JsonDocument.Parse(await server.Client.GetStringAsync("events?EQ_eventID=" + Uri.EscapeDataString(Id))).RootElement);
            Assert.Single(stored);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnErrorDeclarationIsKeptBesideTheEventItDeclaresAndIsStoredOnce(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var client = server.Client;
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(client, "events", Original)).StatusCode);

        var declaration = Original.Replace("\"action\"",
            "\"errorDeclaration\": {\"declarationTime\": \"2024-10-03T09:00:00+08:00\", \"reason\": \"incorrect_data\"}, \"action\"", StringComparison.Ordinal);
        var declared = await PostJsonAsync(client, "events", declaration);
        var body = await declared.Content.ReadAsStringAsync();
        Assert.True(declared.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal("false", Assert.Single(declared.Headers.GetValues("Suyuan-Duplicate")));
        Assert.Equal("incorrect_data", JsonDocument.Parse(body).RootElement.GetProperty("errorDeclaration").GetProperty("reason").GetString());

        // Both are there under the eventID; the declaration is the one with errorDeclaration.
        var both = EventList(JsonDocument.Parse(await client.GetStringAsync("events?EQ_eventID=" + Uri.EscapeDataString(Id))).RootElement);
        Assert.Equal(2, both.Count);
        var withDeclaration = EventList(JsonDocument.Parse(await client.GetStringAsync("events?EXISTS_errorDeclaration=true")).RootElement);
        Assert.Equal("incorrect_data", Assert.Single(withDeclaration).GetProperty("errorDeclaration").GetProperty("reason").GetString());

        // The declaration sent again, written otherwise (members in another order, the reason as a URI, the time in UTC), is a duplicate.
        var again = await PostJsonAsync(client, "events", declaration.Replace("{\"declarationTime\": \"2024-10-03T09:00:00+08:00\", \"reason\": \"incorrect_data\"}",
            "{\"reason\": \"https://ref.gs1.org/cbv/ER-incorrect_data\", \"declarationTime\": \"2024-10-03T01:00:00Z\"}", StringComparison.Ordinal));
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Suyuan-Duplicate")));
        Assert.Equal(2, EventList(JsonDocument.Parse(await client.GetStringAsync("events?EQ_eventID=" + Uri.EscapeDataString(Id))).RootElement).Count);

        // A different event under the eventID (another bizStep), with or without a declaration, is refused.
        Assert.Equal("/eventID", await ProblemAsync(await PostJsonAsync(client, "events", Original.Replace("\"shipping\"", "\"receiving\"", StringComparison.Ordinal)), HttpStatusCode.Conflict));
        Assert.Equal("/eventID", await ProblemAsync(await PostJsonAsync(client, "events", declaration.Replace("\"shipping\"", "\"receiving\"", StringComparison.Ordinal)), HttpStatusCode.Conflict));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AUuidEventIdIsOneEventIdInEitherCase(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var upper = Original.Replace(Id, "URN:UUID:0B4F0C1E-7A52-4D1B-9A0E-2F1C3D4E5F60", StringComparison.Ordinal);
        var first = await PostJsonAsync(server.Client, "events", upper);
        var body = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal(Id, JsonDocument.Parse(body).RootElement.GetProperty("eventID").GetString());

        // Sent again in lower case: the same event.
        var again = await PostJsonAsync(server.Client, "events", Original);
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Suyuan-Duplicate")));

        foreach (var asked in new[] { Id, "URN:UUID:0B4F0C1E-7A52-4D1B-9A0E-2F1C3D4E5F60", "urn:uuid:0B4F0C1E-7a52-4d1b-9A0E-2f1c3d4e5f60" })
        {
            var found = EventList(JsonDocument.Parse(await server.Client.GetStringAsync("events?EQ_eventID=" + Uri.EscapeDataString(asked))).RootElement);
            Assert.Equal(Id, Assert.Single(found).GetProperty("eventID").GetString());
        }
    }

    private static async Task<JsonElement> CaptureAsync(HttpClient client, string document)
    {
        var accepted = await PostJsonAsync(client, "capture", document, "application/ld+json");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        for (var i = 0; i < 200; i++)
        {
            var job = JsonDocument.Parse(await client.GetStringAsync(accepted.Headers.Location!.ToString().TrimStart('/'))).RootElement;
            if (job.GetProperty("running").GetBoolean() is false)
            {
                return job;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("the capture job did not finish");
    }
}
