using System.Net;
using System.Text.Json;
using static Suyuan.Tests.Http.QueryInterface;

namespace Suyuan.Tests.Http;

/// <summary>
/// The problem type of each refusal on the EPCIS resources is the exception the REST binding's OpenAPI document names for
/// it (epcisException:…); the platform's own resources keep RFC 9110 types.
/// </summary>
public sealed class EpcisExceptionTypeTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private const string OneEvent = """
        {"type": "ObjectEvent", "eventID": "urn:uuid:6f1f5d2e-1c3a-4b7e-9a54-0b0d6a1e2f31", "eventTime": "2026-01-01T00:00:00Z", "eventTimeZoneOffset": "+08:00",
         "action": "OBSERVE", "epcList": ["urn:epc:id:sgtin:0614141.107346.1"], "bizStep": "shipping"}
        """;

    private static async Task<string?> TypeAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("title").GetString()));
        return doc.RootElement.GetProperty("type").GetString();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EachRefusalOnTheEpcisResourcesCarriesTheBindingsExceptionType(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var client = server.Client;

        Assert.Equal("epcisException:QueryParameterException", await TypeAsync(await client.GetAsync("events?EQ_noSuchField=1"), HttpStatusCode.BadRequest));
        Assert.Equal("epcisException:QueryParameterException", await TypeAsync(await client.GetAsync("events?nextPageToken=not-a-token"), HttpStatusCode.BadRequest));
        Assert.Equal("epcisException:ValidationException", await TypeAsync(await PostJsonAsync(client, "capture", "{not json"), HttpStatusCode.BadRequest));
        Assert.Equal("epcisException:ValidationException", await TypeAsync(await PostJsonAsync(client, "events", """{"type": "ObjectEvent"}"""), HttpStatusCode.BadRequest));
        Assert.Equal("epcisException:QueryValidationException", await TypeAsync(await PostJsonAsync(client, "queries", """{"name": "x", "query": {"EQ_noSuchField": ["1"]}}"""), HttpStatusCode.BadRequest));

        Assert.Equal("epcisException:NoSuchNameException", await TypeAsync(await client.GetAsync("capture/no-such-job"), HttpStatusCode.NotFound));
        Assert.Equal("epcisException:NoSuchNameException", await TypeAsync(await client.GetAsync("queries/noSuchQuery/events"), HttpStatusCode.NotFound));
        Assert.Equal("epcisException:NoSuchNameException", await TypeAsync(await client.GetAsync("events/" + Uri.EscapeDataString("urn:uuid:00000000-0000-4000-8000-000000000000")), HttpStatusCode.NotFound));

        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(client, "events", OneEvent)).StatusCode);
        Assert.Equal("epcisException:ResourceAlreadyExistsException",
            await TypeAsync(await PostJsonAsync(client, "events", OneEvent.Replace("\"shipping\"", "\"receiving\"")), HttpStatusCode.Conflict));

        Assert.Equal("epcisException:SecurityException", await TypeAsync(await server.AnonymousClient.GetAsync("events"), HttpStatusCode.Unauthorized));

        var xml = new HttpRequestMessage(HttpMethod.Get, "events");
        xml.Headers.Accept.Clear();
        xml.Headers.TryAddWithoutValidation("Accept", "application/xml");
        Assert.Equal("epcisException:NotAcceptableException", await TypeAsync(await client.SendAsync(xml), HttpStatusCode.NotAcceptable));
        Assert.Equal("epcisException:UnsupportedMediaTypeException",
            await TypeAsync(await PostJsonAsync(client, "capture", "<EPCISDocument/>", "application/xml"), HttpStatusCode.UnsupportedMediaType));
    }

    [Fact]
    public async Task ThePlatformsOwnResourcesKeepRfc9110Types()
    {
        await using var server = await PlatformServer.StartAsync();
        var type = await TypeAsync(await server.Client.GetAsync("api/no-such-resource"), HttpStatusCode.NotFound);
        Assert.StartsWith("https://", type);
    }
}
