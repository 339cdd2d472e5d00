using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Suyuan.Tests.Http;

/// <summary>
/// What an EPCIS client gets when it asks for or sends a media type the repository does not speak, and the problems routing
/// itself answers with (no such path, method or body type): each names what to change and the part of the request at fault.
/// </summary>
public sealed class ContentNegotiationTests
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("detail").GetString()), doc.RootElement.ToString());
        return doc.RootElement.Clone();
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Clear();
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return client.SendAsync(request);
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/html")]
    [InlineData("application/json;q=0, application/xml")]
    public async Task AnAcceptHeaderThatAdmitsNoJsonGets406(string accept)
    {
        await using var server = await PlatformServer.StartAsync();
        foreach (var path in new[] { "events", "eventTypes", "capture", "queries" })
        {
            var response = await GetAsync(server.Client, path, accept);
            Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
            Assert.Equal("/headers/Accept", (await ProblemAsync(response)).GetProperty("pointer").GetString());
            Assert.Equal("2.0.0", response.Headers.GetValues("GS1-EPCIS-Version").Single());
        }
    }

    [Theory]
    [InlineData("application/json", "application/json")]
    [InlineData("application/ld+json", "application/ld+json")]
    [InlineData("application/json; charset=utf-8", "application/json")]
    [InlineData("application/ld+json;q=0.5, application/json", "application/json")]
    [InlineData("application/json;q=0.5, application/ld+json", "application/ld+json")]
    [InlineData("application/xml, */*;q=0.1", "application/ld+json")]
    [InlineData("application/*", "application/ld+json")]
    [InlineData("*/*", "application/ld+json")]
    [InlineData("", "application/ld+json")]
    public async Task AnAcceptHeaderThatAdmitsJsonGetsTheDocumentInTheTypeItAskedFor(string accept, string type)
    {
        await using var server = await PlatformServer.StartAsync();
        var response = await GetAsync(server.Client, "events", accept);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("EPCISQueryDocument", doc.RootElement.GetProperty("type").GetString());
    }

    /// <summary>The other JSON answers (the root, collections, capture jobs) come as JSON-LD to a client that names and prefers it.</summary>
    [Theory]
    [InlineData("application/ld+json", "application/ld+json")]
    [InlineData("application/json;q=0.5, application/ld+json", "application/ld+json")]
    [InlineData("application/ld+json;q=0.5, application/json", "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json", "application/json")]
    public async Task CollectionsAndJobsComeAsJsonLdToAClientThatPrefersIt(string accept, string type)
    {
        await using var server = await PlatformServer.StartAsync();
        foreach (var path in new[] { "eventTypes", "capture", "bizSteps/shipping" })
        {
            var response = await GetAsync(server.Client, path, accept);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }
        if (accept != "*/*")
        {
            Assert.Equal(type, (await GetAsync(server.Client, "", accept)).Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("capture", "application/xml")]
    [InlineData("events", "text/plain")]
    public async Task ABodyInAnotherMediaTypeGets415NamingTheContentType(string path, string mediaType)
    {
        await using var server = await PlatformServer.StartAsync();
        using var content = new StringContent("<EPCISDocument/>", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var response = await server.Client.PostAsync(path, content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("/headers/Content-Type", problem.GetProperty("pointer").GetString());
        Assert.Contains(mediaType, problem.GetProperty("detail").GetString());
        Assert.Empty(JsonDocument.Parse(await (await server.Client.GetAsync("capture")).Content.ReadAsStringAsync()).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task AMethodThePathDoesNotTakeGets405NamingTheMethodsItDoes()
    {
        await using var server = await PlatformServer.StartAsync();
        var response = await server.Client.DeleteAsync("capture");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("/method", problem.GetProperty("pointer").GetString());
        Assert.Contains("POST", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task APathThatDoesNotExistGets404NamingIt()
    {
        await using var server = await PlatformServer.StartAsync();
        var response = await server.Client.GetAsync("no/such/resource");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("/path", problem.GetProperty("pointer").GetString());
        Assert.Contains("/no/such/resource", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/ld+json")]
    public async Task TheRootListsTheTopLevelResourcesToAClientAskingForJson(string accept)
    {
        await using var server = await PlatformServer.StartAsync();
        var response = await GetAsync(server.AnonymousClient, "", accept);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2.0.0", response.Headers.GetValues("GS1-EPCIS-Version").Single());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Collection", doc.RootElement.GetProperty("type").GetString());
        var members = doc.RootElement.GetProperty("member").EnumerateArray().Select(m => m.GetString()).ToList();
        foreach (var resource in new[] { "queries", "capture", "events", "eventTypes", "epcs", "readPoints", "bizLocations", "dispositions", "bizSteps" })
        {
            Assert.Contains(resource, members);
        }
    }

    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    [InlineData("*/*")]
    [InlineData("")]
    public async Task TheRootIsTheHomePageForABrowser(string accept)
    {
        await using var server = await PlatformServer.StartAsync();
        var response = await GetAsync(server.AnonymousClient, "", accept);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OptionsOnTheRootGivesTheServersVersionsAndLimits()
    {
        await using var server = await PlatformServer.StartAsync();
        var response = await server.AnonymousClient.SendAsync(new HttpRequestMessage(HttpMethod.Options, ""));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Equal("2.0.0", response.Headers.GetValues("GS1-EPCIS-Max").Single());
        Assert.True(int.Parse(response.Headers.GetValues("GS1-EPCIS-Capture-Limit").Single()) > 0);
    }

    [Theory]
    [InlineData("GS1-EPCIS-Version", "2.0.0", HttpStatusCode.OK)]
    [InlineData("GS1-EPCIS-Version", "2.0.1", HttpStatusCode.OK)]
    [InlineData("GS1-EPCIS-Version", "1.2", HttpStatusCode.NotAcceptable)]
    [InlineData("GS1-EPCIS-Min", "1.0.0", HttpStatusCode.OK)]
    [InlineData("GS1-EPCIS-Min", "2.1.0", HttpStatusCode.NotAcceptable)]
    [InlineData("GS1-EPCIS-Max", "2.0.0", HttpStatusCode.OK)]
    [InlineData("GS1-EPCIS-Max", "1.2.0", HttpStatusCode.NotAcceptable)]
    [InlineData("GS1-CBV-Version", "2.0.0", HttpStatusCode.OK)]
    [InlineData("GS1-CBV-Max", "1.2.2", HttpStatusCode.NotAcceptable)]
    [InlineData("GS1-EPCIS-Version", "two", HttpStatusCode.BadRequest)]
    public async Task VersionHeadersThatExcludeEpcis20AreRefused(string header, string value, HttpStatusCode expected)
    {
        await using var server = await PlatformServer.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "events");
        request.Headers.Add(header, value);
        var response = await server.Client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("/headers/" + header, (await ProblemAsync(response)).GetProperty("pointer").GetString());
        }
    }
}
