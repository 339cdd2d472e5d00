using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static Suyuan.Tests.Http.QueryInterface;

namespace Suyuan.Tests.Http;

/// <summary>
/// Input a parser lets through but the platform cannot use — text that is not Unicode, a form that is not one, a value of
/// the wrong type for a parameter — is a 4xx problem naming the field, never a 500, and stores nothing.
/// </summary>
public sealed class BadInputTests
{
    private const string Event = """
        {"type": "ObjectEvent", "eventTime": "2026-01-01T00:00:00Z", "eventTimeZoneOffset": "+08:00",
         "action": "ADD", "epcList": ["urn:epc:id:sgtin:0614141.107346.1"], "bizStep": "commissioning", "ilmd": {"ex:note": "NOTE"}}
        """;

    private static string Document(string evt) =>
        """{"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "https://example.com/ex/"}], "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-01-01T00:00:00Z", "epcisBody": {"eventList": ["""
        + Event + ", " + evt + "]}}";

    private static async Task<HttpResponseMessage> PostBytesAsync(HttpClient client, string path, byte[] body, string mediaType = "application/ld+json")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await client.PostAsync(path, content);
    }

    public static TheoryData<string, string, string, string> NotText()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var provider in TestDatabases.Providers())
        {
            // Half a surrogate pair, escaped: valid JSON, but no string can hold it.
            data.Add(provider, "a lone high surrogate in a CBV value", "\"commissioning\"", "\"commission\\ud800\"");
            data.Add(provider, "a lone low surrogate in an extension value", "\"NOTE\"", "\"\\udc00\"");
            data.Add(provider, "a byte that is not UTF-8", "\"commissioning\"", "\"commission\u00ffing\"");
            // Valid JSON and Unicode, but PostgreSQL's text cannot hold it: refused on both stores alike.
            data.Add(provider, "a NUL in an extension value", "\"NOTE\"", "\"a\\u0000b\"");
            data.Add(provider, "a NUL in a CBV value", "\"commissioning\"", "\"commission\\u0000ing\"");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NotText))]
    public async Task TextThatIsNotUnicodeIsRefusedWithItsFieldNamedAndNothingIsStored(string provider, string what, string from, string to)
    {
        _ = what;
        await using var server = await PlatformServer.StartAsync(provider);
        var client = server.Client;
        var bad = Event.Replace(from, to, StringComparison.Ordinal);
        var expected = from == "\"NOTE\"" ? "/ilmd/ex:note" : "/bizStep";
        var latin1 = to.Contains('\u00ff');

        // One event: POST /events.
        var single = latin1 ? Encoding.Latin1.GetBytes(bad.Replace("ex:note", "https://example.com/ex/note")) : Encoding.UTF8.GetBytes(bad.Replace("ex:note", "https://example.com/ex/note"));
        var pointer = await ProblemAsync(await PostBytesAsync(client, "events", single), HttpStatusCode.BadRequest);
        Assert.Equal(expected.Replace("ex:note", "https:~1~1example.com~1ex~1note"), pointer);

        // The same event second in a document: the document is refused before it is accepted, and the valid first event is not stored.
        var document = Document(bad);
        var bytes = latin1 ? Encoding.Latin1.GetBytes(document) : Encoding.UTF8.GetBytes(document);
        pointer = await ProblemAsync(await PostBytesAsync(client, "capture", bytes), HttpStatusCode.BadRequest);
        Assert.Equal("/epcisBody/eventList/1" + expected, pointer);

        var stored = await client.GetAsync("events");
        using var result = JsonDocument.Parse(await stored.Content.ReadAsStringAsync());
        Assert.Empty(EventList(result.RootElement));
    }

    /// <summary>
    /// A member named twice is taken as its last occurrence says, everywhere: the event is found by its last eventID and
    /// action and comes back with each member once, whether captured in a document or alone.
    /// </summary>
    [Fact]
    public async Task AMemberNamedTwiceIsTheEventItsLastOccurrenceSaysInQueriesAndInWhatComesBack()
    {
        await using var server = await PlatformServer.StartAsync();
        var client = server.Client;
        const string twice = """
            {"type": "ObjectEvent", "eventID": "urn:uuid:00000000-0000-4000-8000-00000000000a", "eventTime": "2026-01-01T00:00:00Z", "eventTimeZoneOffset": "+08:00",
             "action": "OBSERVE", "epcList": ["urn:epc:id:sgtin:0614141.107346.1"], "ilmd": {"ex:note": "first", "ex:note": "last"},
             "eventID": "urn:uuid:00000000-0000-4000-8000-00000000000b", "action": "ADD", "epcList": ["urn:epc:id:sgtin:0614141.107346.2"]}
            """;
        var document = """{"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "https://example.com/ex/"}], "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-01-01T00:00:00Z", "epcisBody": {"eventList": ["""
            + twice + "]}}";
        var accepted = await PostBytesAsync(client, "capture", Encoding.UTF8.GetBytes(document));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await Recording.RecordingClient.WaitForJobAsync(client, accepted.Headers.Location!.ToString());
        var alone = twice.Replace("00000000000a", "00000000000c", StringComparison.Ordinal).Replace("00000000000b", "00000000000d", StringComparison.Ordinal)
            .Replace("ex:note", "https://example.com/ex/note", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await PostBytesAsync(client, "events", Encoding.UTF8.GetBytes(alone))).StatusCode);
        foreach (var (first, last) in new[] { ("a", "b"), ("c", "d") })
        {
            using var found = JsonDocument.Parse(await (await client.GetAsync("events?EQ_action=ADD&EQ_eventID=urn:uuid:00000000-0000-4000-8000-00000000000" + last)).Content.ReadAsStringAsync());
            var evt = Assert.Single(EventList(found.RootElement));
            var text = evt.GetRawText();
            Assert.DoesNotContain("00000000000" + first, text);
            Assert.DoesNotContain("OBSERVE", text);
            Assert.DoesNotContain("first", text);
            Assert.Equal(1, evt.EnumerateObject().Count(p => p.Name == "eventID"));
            Assert.Equal("urn:epc:id:sgtin:0614141.107346.2", Assert.Single(evt.GetProperty("epcList").EnumerateArray()).GetString());
            using var byEpc = JsonDocument.Parse(await (await client.GetAsync("events?MATCH_epc=urn:epc:id:sgtin:0614141.107346.1")).Content.ReadAsStringAsync());
            Assert.Empty(EventList(byEpc.RootElement));
        }
    }

    /// <summary>
    /// Date-times validation takes (the JSON Schema date-time format, after RFC 3339) are stored, not failed in the job: a
    /// leap second, a space between date and time, the first and the last instants .NET holds, more digits than it holds (cut, not rounded into the next year). They come back as sent and are found by time.
    /// </summary>
    [Theory]
    [InlineData("2016-12-31T23:59:60Z", "2016-12-31T23:59:00Z", "2017-01-01T00:00:00Z")]
    [InlineData("2017-01-01T07:59:60.5+08:00", "2016-12-31T23:59:00Z", "2017-01-01T00:00:00Z")]
    [InlineData("2024-03-02 10:00:00Z", "2024-03-02T09:00:00Z", "2024-03-02T11:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.999Z", null)]
    [InlineData("9999-12-31T23:59:59.9999Z", "9999-12-31T23:59:59.999Z", null)]
    [InlineData("2021-12-31T23:59:59.99999999Z", "2021-12-31T23:59:59.999Z", "2022-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "0001-01-01T00:00:01Z")]
    public async Task TimesTheSchemaTakesAreStoredAsSentAndFoundByTime(string time, string before, string? after)
    {
        await using var server = await PlatformServer.StartAsync();
        var client = server.Client;
        var document = Document(Event.Replace("2026-01-01T00:00:00Z", time, StringComparison.Ordinal).Replace("1\"]", "9\"]", StringComparison.Ordinal));
        var accepted = await PostBytesAsync(client, "capture", Encoding.UTF8.GetBytes(document));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await Recording.RecordingClient.WaitForJobAsync(client, accepted.Headers.Location!.ToString());
        Assert.True(job.GetProperty("success").GetBoolean(), job.GetRawText());
        using var found = JsonDocument.Parse(await (await client.GetAsync($"events?GE_eventTime={before}" + (after is null ? "" : $"&LT_eventTime={after}"))).Content.ReadAsStringAsync());
        Assert.Equal(time, Assert.Single(EventList(found.RootElement)).GetProperty("eventTime").GetString());
    }

    /// <summary>
    /// A date-time the schema's format takes but no clock does — an offset beyond ±14:00 (EPCIS's eventTimeZoneOffset
    /// stops there), an instant outside the years 1 to 9999 in UTC — is refused naming it, not failed in the job.
    /// </summary>
    [Theory]
    [InlineData("2024-03-02T10:00:00+15:00")]
    [InlineData("2024-03-02T10:00:00-18:00")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    public async Task ATimeNoClockHasIsRefusedNamingTheField(string time)
    {
        await using var server = await PlatformServer.StartAsync();
        var document = Document(Event.Replace("2026-01-01T00:00:00Z", time, StringComparison.Ordinal).Replace("1\"]", "8\"]", StringComparison.Ordinal));
        var pointer = await ProblemAsync(await PostBytesAsync(server.Client, "capture", Encoding.UTF8.GetBytes(document)), HttpStatusCode.BadRequest);
        Assert.Equal("/epcisBody/eventList/1/eventTime", pointer);
    }

    /// <summary>A document's creationDate is read as every time of its events is: what an eventTime may be, it may be, and no more.</summary>
    [Theory]
    [InlineData("2024-01-01t00:00:00z", true)]
    [InlineData("2024-01-01 00:00:00Z", true)]
    [InlineData("2016-12-31T23:59:60Z", true)]
    [InlineData("2024-01-01T00:00Z", false)]
    [InlineData("2024-01-01T00:00:00.Z", false)]
    [InlineData("2024-01-01T00:00:00", false)]
    [InlineData("0001-01-01T00:00:00+01:00", false)]
    public async Task ACreationDateIsReadAsEventTimesAre(string creationDate, bool taken)
    {
        await using var server = await PlatformServer.StartAsync();
        var document = Document(Event.Replace("1\"]", "9\"]", StringComparison.Ordinal)).Replace("\"creationDate\": \"2026-01-01T00:00:00Z\"", $"\"creationDate\": \"{creationDate}\"", StringComparison.Ordinal);
        Assert.Contains(creationDate, document);
        var response = await PostBytesAsync(server.Client, "capture", Encoding.UTF8.GetBytes(document));
        if (taken)
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        else
        {
            Assert.Equal("/creationDate", await ProblemAsync(response, HttpStatusCode.BadRequest));
        }
    }

    /// <summary>
    /// An entry of eventList that is no JSON object (null, a number, a string, an array) is the document's shape gone wrong:
    /// a 400 naming the entry under either capture behaviour, and nothing stored, not a failure of the server.
    /// </summary>
    [Theory]
    [InlineData("null", "rollback")]
    [InlineData("5", "proceed")]
    [InlineData("\"x\"", "rollback")]
    [InlineData("[]", "proceed")]
    public async Task AnEventThatIsNoObjectIsRefusedNamingIt(string entry, string behaviour)
    {
        await using var server = await PlatformServer.StartAsync();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Document(entry)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ld+json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "capture") { Content = content };
        request.Headers.Add("GS1-Capture-Error-Behaviour", behaviour);
        var pointer = await ProblemAsync(await server.Client.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Equal("/epcisBody/eventList/1", pointer);
        using var result = JsonDocument.Parse(await (await server.Client.GetAsync("events")).Content.ReadAsStringAsync());
        Assert.Empty(EventList(result.RootElement));
    }

    /// <summary>A URL past the repository's limit is a 414 with the binding's problem body, not Kestrel's bare answer.</summary>
    [Fact]
    public async Task AnOverlongUrlIsA414WithAProblemBody()
    {
        await using var server = await PlatformServer.StartAsync();
        var epcs = string.Join("|", Enumerable.Range(0, 3_000).Select(i => $"urn:epc:id:sgtin:0614141.107346.{i}"));
        var response = await server.Client.GetAsync("events?MATCH_epc=" + Uri.EscapeDataString(epcs));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("epcisException:URITooLongException", problem.GetProperty("type").GetString());
        Assert.Equal(414, problem.GetProperty("status").GetInt32());
    }

    /// <summary>
    /// A GS1 key that cannot exist (a Digital Link with a wrong check digit, an EPC URN missing its serial) is stored as
    /// sent, since published test data carries such keys, and the job and POST /events name it as a warning.
    /// </summary>
    [Fact]
    public async Task AKeyThatCannotExistIsStoredAsSentWithAWarningNamingIt()
    {
        await using var server = await PlatformServer.StartAsync();
        var client = server.Client;
        var badLink = Event.Replace("urn:epc:id:sgtin:0614141.107346.1", "https://id.gs1.org/01/00614141073461/21/Q1", StringComparison.Ordinal);
        var accepted = await PostBytesAsync(client, "capture", Encoding.UTF8.GetBytes(Document(badLink)));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await Recording.RecordingClient.WaitForJobAsync(client, accepted.Headers.Location!.ToString());
        Assert.True(job.GetProperty("success").GetBoolean(), job.GetRawText());
        var warning = Assert.Single(job.GetProperty("warnings").EnumerateArray());
        Assert.Equal("/epcisBody/eventList/1/epcList/0", warning.GetProperty("pointer").GetString());
        Assert.Contains("check digit", warning.GetProperty("detail").GetString());

        var noSerial = Event.Replace("urn:epc:id:sgtin:0614141.107346.1", "urn:epc:id:sgtin:0614141.107346", StringComparison.Ordinal).Replace("ex:note", "https://example.com/ex/note", StringComparison.Ordinal);
        var created = await PostBytesAsync(client, "events", Encoding.UTF8.GetBytes(noSerial));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("not a valid EPC URN", Assert.Single(created.Headers.GetValues("Suyuan-Warnings")));
    }

    /// <summary>A context array names each URL once (the schema's uniqueItems); an event's own may name the GS1 context again.</summary>
    [Fact]
    public async Task AContextUrlNamedTwiceInOneArrayIsRefused()
    {
        await using var server = await PlatformServer.StartAsync();
        const string gs1 = "\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"";
        var twice = First(Document(Event), gs1 + ", ", gs1 + ", " + gs1 + ", ");
        Assert.Equal("/@context/1", await ProblemAsync(await PostBytesAsync(server.Client, "capture", Encoding.UTF8.GetBytes(twice)), HttpStatusCode.BadRequest));

        var again = First(Event.Replace("urn:epc:id:sgtin:0614141.107346.1", "urn:epc:id:sgtin:0614141.107346.91", StringComparison.Ordinal), "{", "{\"@context\": [" + gs1 + "], ");
        var accepted = await PostBytesAsync(server.Client, "capture", Encoding.UTF8.GetBytes(Document(again)));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await Recording.RecordingClient.WaitForJobAsync(server.Client, accepted.Headers.Location!.ToString());
        Assert.True(job.GetProperty("success").GetBoolean(), job.GetRawText());
    }

    /// <summary>An event posted without @context (the schema wants one) is read with the GS1 context and taken, with a warning saying so.</summary>
    [Fact]
    public async Task AnEventWithoutAContextIsTakenWithAWarning()
    {
        await using var server = await PlatformServer.StartAsync();
        var bare = Event.Replace("urn:epc:id:sgtin:0614141.107346.1", "urn:epc:id:sgtin:0614141.107346.81", StringComparison.Ordinal).Replace("ex:note", "https://example.com/ex/note", StringComparison.Ordinal);
        var created = await PostBytesAsync(server.Client, "events", Encoding.UTF8.GetBytes(bare));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var warnings = JsonDocument.Parse(Assert.Single(created.Headers.GetValues("Suyuan-Warnings")));
        Assert.Equal("/@context", Assert.Single(warnings.RootElement.EnumerateArray()).GetProperty("pointer").GetString());
        var named = First(bare, "{", "{\"@context\": \"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\", ").Replace(".81", ".82", StringComparison.Ordinal);
        var quiet = await PostBytesAsync(server.Client, "events", Encoding.UTF8.GetBytes(named));
        Assert.Equal(HttpStatusCode.Created, quiet.StatusCode);
        Assert.False(quiet.Headers.Contains("Suyuan-Warnings"));
    }

    /// <summary>
    /// A context named by URL beside the GS1 one (the client's own vocabulary) is taken with a warning, not refused: this
    /// repository resolves no context over the network. Its events come back naming it; a name that is no URL is refused.
    /// </summary>
    [Fact]
    public async Task AContextThatIsNotResolvedHereIsTakenWithAWarningAndKeptWithTheEvents()
    {
        await using var server = await PlatformServer.StartAsync();
        var client = server.Client;
        const string other = "https://example.com/contexts/other.jsonld";
        var own = First(Event.Replace("urn:epc:id:sgtin:0614141.107346.1", "urn:epc:id:sgtin:0614141.107346.71", StringComparison.Ordinal),
            "{", "{\"@context\": [\"https://example.org/event-own.jsonld\"], ");
        var document = First(Document(own), "\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\", ", $"\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\", \"{other}\", ");
        Assert.Contains(other, document);
        var accepted = await PostBytesAsync(client, "capture", Encoding.UTF8.GetBytes(document));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await Recording.RecordingClient.WaitForJobAsync(client, accepted.Headers.Location!.ToString());
        Assert.True(job.GetProperty("success").GetBoolean(), job.GetRawText());
        var warnings = job.GetProperty("warnings").EnumerateArray().Select(w => (w.GetProperty("pointer").GetString(), w.GetProperty("detail").GetString()!)).ToList();
        Assert.Contains(warnings, w => w.Item1 == "/@context/1" && w.Item2.Contains(other, StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Item1 == "/epcisBody/eventList/1/@context/0" && w.Item2.Contains("event-own", StringComparison.Ordinal));
        Assert.Equal(2, warnings.Count(w => w.Item2.Contains("not resolved", StringComparison.Ordinal)));

        // Each event comes back with the contexts it was captured under.
        using var found = JsonDocument.Parse(await (await client.GetAsync("events?MATCH_epc=urn:epc:id:sgtin:0614141.107346.71")).Content.ReadAsStringAsync());
        var context = Assert.Single(EventList(found.RootElement)).GetProperty("@context");
        Assert.Equal([other, "https://example.org/event-own.jsonld"], context.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()));

        // POST /events: the same, its warning in the header.
        var single = First(Event.Replace("urn:epc:id:sgtin:0614141.107346.1", "urn:epc:id:sgtin:0614141.107346.72", StringComparison.Ordinal)
            .Replace("ex:note", "https://example.com/ex/note", StringComparison.Ordinal),
            "{", $"{{\"@context\": [\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\", \"{other}\"], ");
        var created = await PostBytesAsync(client, "events", Encoding.UTF8.GetBytes(single));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("not resolved", Assert.Single(created.Headers.GetValues("Suyuan-Warnings")));
        using var back = JsonDocument.Parse(await (await client.GetAsync("events?MATCH_epc=urn:epc:id:sgtin:0614141.107346.72")).Content.ReadAsStringAsync());
        Assert.Contains(other, Assert.Single(EventList(back.RootElement)).GetProperty("@context").GetRawText());

        // A context named by something that is no URL is refused, naming it.
        var notUrl = First(Document(Event), "\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\", ", "\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\", \"other.jsonld\", ");
        Assert.Equal("/@context/1", await ProblemAsync(await PostBytesAsync(client, "capture", Encoding.UTF8.GetBytes(notUrl)), HttpStatusCode.BadRequest));
    }

    private static string First(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(at >= 0, old);
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }

    /// <summary>EPCIS 2.0 JSON schema: an EPCISDocument requires type, schemaVersion (a version number) and creationDate.</summary>
    [Theory]
    [InlineData("\"schemaVersion\": \"2.0\", ", "", "/schemaVersion")]
    [InlineData("\"creationDate\": \"2026-01-01T00:00:00Z\", ", "", "/creationDate")]
    [InlineData("\"type\": \"EPCISDocument\", ", "", "/type")]
    [InlineData("\"schemaVersion\": \"2.0\"", "\"schemaVersion\": \"two\"", "/schemaVersion")]
    public async Task ADocumentWithoutWhatTheSchemaRequiresOfItIsRefusedNamingTheMember(string from, string to, string expected)
    {
        await using var server = await PlatformServer.StartAsync();
        var document = Document(Event.Replace("1\"]", "2\"]", StringComparison.Ordinal));
        Assert.Contains(from, document);
        var pointer = await ProblemAsync(await PostBytesAsync(server.Client, "capture", Encoding.UTF8.GetBytes(document.Replace(from, to, StringComparison.Ordinal))), HttpStatusCode.BadRequest);
        Assert.Equal(expected, pointer);
        using var result = JsonDocument.Parse(await (await server.Client.GetAsync("events")).Content.ReadAsStringAsync());
        Assert.Empty(EventList(result.RootElement));
    }

    [Fact]
    public async Task ANamedQueryOrARecordWithTextThatIsNotUnicodeIsRefused()
    {
        await using var server = await PlatformServer.StartAsync();
        var pointer = await ProblemAsync(await PostJsonAsync(server.Client, "queries", """{"name": "\ud800", "query": {}}"""), HttpStatusCode.BadRequest);
        Assert.Equal("/name", pointer);
    }

    [Fact]
    public async Task AFormThatIsNotOneIsABadRequestEvenBeforeSigningIn()
    {
        await using var server = await PlatformServer.StartAsync();
        var anonymous = server.AnonymousClient;

        using var broken = new ByteArrayContent("--X\r\nbroken"u8.ToArray());
        broken.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=X");
        await ProblemAsync(await anonymous.PostAsync("login", broken), HttpStatusCode.BadRequest);

        using var noBoundary = new ByteArrayContent("abc"u8.ToArray());
        noBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        await ProblemAsync(await anonymous.PostAsync("login", noBoundary), HttpStatusCode.BadRequest);

        // A part that ends before its closing boundary, or inside its headers.
        foreach (var cut in new[] { "--X\r\nContent-Disposition: form-data; name=\"login\"\r\n\r\nabc", "--X\r\nContent-Disposition: form-da" })
        {
            using var truncated = new ByteArrayContent(Encoding.ASCII.GetBytes(cut));
            truncated.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=X");
            await ProblemAsync(await anonymous.PostAsync("login", truncated), HttpStatusCode.BadRequest);
        }
        // Half a surrogate pair in a JSON sign-in: the field named, not a server failure.
        Assert.Equal("/password", await ProblemAsync(await PostJsonAsync(anonymous, "login", """{"login": "x", "password": "\ud800"}"""), HttpStatusCode.BadRequest));

        using var nul = new StringContent("login=a&password=%00", Encoding.ASCII, "application/x-www-form-urlencoded");
        var response = await anonymous.PostAsync("login", nul);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task ABodyThatDoesNotDecodeAsItsEncodingSaysIsNamedOnTheTypedEndpointsToo()
    {
        await using var server = await PlatformServer.StartAsync();
        foreach (var path in new[] { "api/catalogue", "api/recalls", "api/keys" })
        {
            using var content = new StringContent("{}", Encoding.UTF8, "application/json");
            content.Headers.ContentEncoding.Add("gzip");
            Assert.Equal("/headers/Content-Encoding", await ProblemAsync(await server.Client.PostAsync(path, content), HttpStatusCode.BadRequest));
        }

        // A chunked body whose chunk size is not a number: the body named, not a bare 400.
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = socket.GetStream();
        var request = $"POST /api/catalogue HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nAuthorization: {server.Client.DefaultRequestHeaders.Authorization}\r\n" +
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("\"pointer\":\"/body\"", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AParameterOfTheWrongTypeIsNamedInTheProblem()
    {
        await using var server = await PlatformServer.StartAsync();
        var regulator = await server.RegulatorClientAsync("food-drug");

        var response = await regulator.GetAsync("api/alerts?limit=abc");
        Assert.Equal("/query/limit", await ProblemAsync(response, HttpStatusCode.BadRequest));
        response = await regulator.GetAsync("api/alerts?before=abc");
        Assert.Equal("/query/before", await DetailedProblemAsync(response, "'before' must be a whole number"));

        // Said in the request's terms: no .NET type names.
        response = await PostJsonAsync(regulator, "api/recalls", """{"id": "https://id.gs1.org/01/09506000134352/10/LOT1", "reason": 5, "department": "food-drug"}""");
        Assert.Equal("/reason", await DetailedProblemAsync(response, "'reason' has a value of the wrong type (the API reference at /scalar gives each field's)"));
        response = await PostJsonAsync(regulator, "api/recalls", "");
        Assert.Equal("", await DetailedProblemAsync(response, "a JSON body is required"));
        response = await PostJsonAsync(regulator, "api/recalls", "[]");
        Assert.Equal("", await DetailedProblemAsync(response, "the body must be a JSON object (the API reference at /scalar gives its fields)"));
    }

    private static async Task<string?> DetailedProblemAsync(HttpResponseMessage response, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        using var problem = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal(detail, problem.RootElement.GetProperty("detail").GetString());
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        return problem.RootElement.GetProperty("pointer").GetString();
    }

    [Fact]
    public async Task AnEventIdLongerThanAUriShouldBeIsRefusedAndAByteOrderMarkIsNotHeldAgainstTheBody()
    {
        await using var server = await PlatformServer.StartAsync();
        var longId = Event.Replace("\"type\"", "\"eventID\": \"urn:example:" + new string('x', 3000) + "\", \"type\"", StringComparison.Ordinal).Replace("\"ex:note\"", "\"https://example.com/ex/note\"", StringComparison.Ordinal);
        var refused = await PostJsonAsync(server.Client, "events", longId);
        Assert.True("/eventID" == await ProblemAsync(refused, HttpStatusCode.BadRequest), await refused.Content.ReadAsStringAsync());

        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Event.Replace("\"ex:note\"", "\"https://example.com/ex/note\"", StringComparison.Ordinal))).ToArray();
        var response = await PostBytesAsync(server.Client, "events", withBom);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}
