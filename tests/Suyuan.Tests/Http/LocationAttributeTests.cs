using System.Net;
using System.Text;
using System.Text.Json;
using static Suyuan.Tests.Http.QueryInterface;

namespace Suyuan.Tests.Http;

/// <summary>
/// HASATTR_ and EQ_ATTR_ of readPoint and bizLocation ask about the attributes a capture document's master data gives a
/// ReadPoint or BusinessLocation element (EPCIS 2.0 §8.2.7.1): named by CURIE, {namespace}local or IRI, in either
/// identifier form, a later document's value replacing an attribute's earlier one.
/// </summary>
public sealed class LocationAttributeTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private const string Site = "urn:epc:id:sgln:0614141.00100.0";
    private const string Hall = "urn:epc:id:sgln:0614141.00100.1";
    private const string Dock = "urn:epc:id:sgln:0614141.00100.2";
    private const string Elsewhere = "urn:epc:id:sgln:0614141.00200.0";

    private static string Event(int serial, string place) => $$$"""
        {"type": "ObjectEvent", "eventTime": "2026-03-01T08:00:{{{serial:00}}}Z", "eventTimeZoneOffset": "+08:00", "action": "OBSERVE",
         "epcList": ["urn:epc:id:sgtin:0614141.107346.{{{serial}}}"], "bizStep": "receiving",
         "readPoint": {"id": "{{{place}}}"}, "bizLocation": {"id": "{{{place}}}"}}
        """;

    private static string Document(string masterData, params string[] events) => $$$"""
        {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "https://example.com/md/"}], "type": "EPCISDocument",
         "schemaVersion": "2.0", "creationDate": "2026-03-01T09:00:00Z",
         "epcisHeader": {"epcisMasterData": {"vocabularyList": [{{{masterData}}}]}},
         "epcisBody": {"eventList": [{{{string.Join(", ", events)}}}]}}
        """;

    /// <summary>The site and the hall (written as its Digital Link) as business locations; the dock as a read point, its type a CURIE.</summary>
    private static readonly string MasterData = $$$"""
        {"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [
          {"id": "{{{Site}}}", "attributes": [
            {"id": "cbvmda:sst", "attribute": "201"}, {"id": "urn:epcglobal:cbv:mda:name", "attribute": "南通冷库"},
            {"id": "cbvmda:latitude", "attribute": 32.0}, {"id": "cbvmda:address", "attribute": {"cbvmda:streetAddressOne": "1 Road"}},
            {"id": "ex:note", "attribute": null}]},
          {"id": "https://id.gs1.org/414/0614141001002/254/1", "attributes": [{"id": "cbvmda:sst", "attribute": "202"}]}]},
        {"type": "vtype:ReadPoint", "vocabularyElementList": [{"id": "{{{Dock}}}", "attributes": [{"id": "ex:gate", "attribute": "north"}]}]}
        """;

    private static async Task<List<string>> Serials(HttpClient client, string query)
    {
        var response = await client.GetAsync("events?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, query + ": " + body);
        var events = EventList(JsonDocument.Parse(body).RootElement);
        return [.. events.Select(e => e.GetProperty("epcList")[0].GetString()![(e.GetProperty("epcList")[0].GetString()!.LastIndexOf('.') + 1)..]).Order()];
    }

    private static string E(string text) => Uri.EscapeDataString(text);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task HasAttrAndEqAttrFindEventsByTheirLocationsMasterData(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var job = await CaptureConformanceTests.CaptureAsync(server.Client, Encoding.UTF8.GetBytes(Document(MasterData,
            Event(1, Site), Event(2, Hall), Event(3, Dock), Event(4, Elsewhere))));
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
        var client = server.Client;

        Assert.Equal(["1", "2"], await Serials(client, "HASATTR_bizLocation=cbvmda:sst"));
        Assert.Equal(["1", "2"], await Serials(client, "HASATTR_bizLocation=" + E("urn:epcglobal:cbv:mda:sst")));
        Assert.Equal(["1"], await Serials(client, "HASATTR_bizLocation=cbvmda:address"));
        Assert.Equal(["1", "2"], await Serials(client, "HASATTR_bizLocation=cbvmda:address|cbvmda:sst"));
        // A null attribute is none.
        Assert.Empty(await Serials(client, "HASATTR_bizLocation=" + E("{https://example.com/md/}note")));
        Assert.Equal(["1"], await Serials(client, "EQ_ATTR_bizLocation_cbvmda:sst=201"));
        Assert.Equal(["1", "2"], await Serials(client, "EQ_ATTR_bizLocation_cbvmda:sst=201|202"));
        Assert.Equal(["2"], await Serials(client, "EQ_ATTR_bizLocation_" + E("{urn:epcglobal:cbv:mda:}sst") + "=202"));
        Assert.Equal(["1"], await Serials(client, "EQ_ATTR_bizLocation_cbvmda:name=" + E("南通冷库")));
        // A number is found by its value in any spelling; an object equals no value.
        Assert.Equal(["1"], await Serials(client, "EQ_ATTR_bizLocation_cbvmda:latitude=32"));
        Assert.Equal(["1"], await Serials(client, "EQ_ATTR_bizLocation_cbvmda:latitude=3.2e1"));
        Assert.Empty(await Serials(client, "EQ_ATTR_bizLocation_cbvmda:address=1%20Road"));
        // The read point vocabulary is its own: the site's attributes are the business location's.
        Assert.Equal(["3"], await Serials(client, "HASATTR_readPoint=" + E("{https://example.com/md/}gate")));
        Assert.Equal(["3"], await Serials(client, "EQ_ATTR_readPoint_" + E("{https://example.com/md/}gate") + "=north"));
        Assert.Empty(await Serials(client, "EQ_ATTR_readPoint_cbvmda:sst=201"));
        // With another condition.
        Assert.Equal(["2"], await Serials(client, "HASATTR_bizLocation=cbvmda:sst&MATCH_epc=" + E("urn:epc:id:sgtin:0614141.107346.2")));

        Assert.Equal("/query/HASATTR_bizStep", await ProblemAsync(await client.GetAsync("events?HASATTR_bizStep=cbvmda:sst"), HttpStatusCode.BadRequest));
        Assert.Equal("/query/EQ_ATTR_bizLocation_sst", await ProblemAsync(await client.GetAsync("events?EQ_ATTR_bizLocation_sst=1"), HttpStatusCode.BadRequest));
        Assert.Equal("/query/EQ_ATTR_bizLocation", await ProblemAsync(await client.GetAsync("events?EQ_ATTR_bizLocation=1"), HttpStatusCode.BadRequest));
        Assert.Equal("/query/HASATTR_readPoint", await ProblemAsync(await client.GetAsync("events?HASATTR_readPoint=nope:x"), HttpStatusCode.BadRequest));

        // A named query asks the same.
        var created = await PostJsonAsync(client, "queries", """{"name": "cold-sites", "query": {"EQ_ATTR_bizLocation_cbvmda:sst": ["202"]}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var named = EventList(JsonDocument.Parse(await client.GetStringAsync("queries/cold-sites/events")).RootElement);
        Assert.Equal("urn:epc:id:sgtin:0614141.107346.2", Assert.Single(named).GetProperty("epcList")[0].GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ALaterDocumentReplacesAnAttributesValueAndARefusedOneChangesNothing(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var client = server.Client;
        var first = await CaptureConformanceTests.CaptureAsync(client, Encoding.UTF8.GetBytes(Document(MasterData, Event(1, Site), Event(2, Hall))));
        Assert.True(first.GetProperty("success").GetBoolean(), first.ToString());

        // Refused under rollback (an invalid event): its master data is not kept either.
        var changed = $$"""{"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [{"id": "{{Site}}", "attributes": [{"id": "cbvmda:sst", "attribute": "301"}]}]}""";
        var refused = await PostJsonAsync(client, "capture", Document(changed, Event(5, Site).Replace("OBSERVE", "JUMP", StringComparison.Ordinal)), "application/ld+json");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["1"], await Serials(client, "EQ_ATTR_bizLocation_cbvmda:sst=201"));

        // Given anew (for the site, in its Digital Link form), the value replaces the old one; the site's other attributes stay.
        var later = await CaptureConformanceTests.CaptureAsync(client, Encoding.UTF8.GetBytes(Document(changed.Replace(Site, "https://id.gs1.org/414/0614141001002", StringComparison.Ordinal), Event(6, Elsewhere))));
        Assert.True(later.GetProperty("success").GetBoolean(), later.ToString());
        Assert.Empty(await Serials(client, "EQ_ATTR_bizLocation_cbvmda:sst=201"));
        Assert.Equal(["1"], await Serials(client, "EQ_ATTR_bizLocation_cbvmda:sst=301"));
        Assert.Equal(["1"], await Serials(client, "HASATTR_bizLocation=cbvmda:name"));

        // Within one document the last occurrence of an element gives its values (here in the other identifier form); a
        // CBV 1.x attribute name is the CBV 2.0 one; a boolean is found as true or false; a null removes the attribute.
        var repeated = $$"""
            {"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [
              {"id": "{{Site}}", "attributes": [{"id": "urn:epcglobal:cbv:mda#sst", "attribute": "401"}, {"id": "ex:cold", "attribute": true}]},
              {"id": "https://id.gs1.org/414/0614141001002", "attributes": [{"id": "cbvmda:sst", "attribute": "402"}, {"id": "cbvmda:name", "attribute": null}]}]}
            """;
        var third = await CaptureConformanceTests.CaptureAsync(client, Encoding.UTF8.GetBytes(Document(repeated, Event(8, Elsewhere))));
        Assert.True(third.GetProperty("success").GetBoolean(), third.ToString());
        Assert.Empty(await Serials(client, "EQ_ATTR_bizLocation_cbvmda:sst=401"));
        Assert.Equal(["1"], await Serials(client, "EQ_ATTR_bizLocation_" + E("urn:epcglobal:cbv:mda#sst") + "=402"));
        Assert.Equal(["1"], await Serials(client, "EQ_ATTR_bizLocation_" + E("{https://example.com/md/}cold") + "=true"));
        Assert.Empty(await Serials(client, "EQ_ATTR_bizLocation_" + E("{https://example.com/md/}cold") + "=false"));
        Assert.Empty(await Serials(client, "HASATTR_bizLocation=cbvmda:name"));
        Assert.Equal(["1"], await Serials(client, "HASATTR_bizLocation=cbvmda:latitude"));

        // A value too long to compare refuses the document, naming it.
        var huge = $$"""{"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [{"id": "{{Site}}", "attributes": [{"id": "cbvmda:name", "attribute": "{{new string('x', 1100)}}"}]}]}""";
        Assert.Equal("/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/attributes/0/attribute",
            await ProblemAsync(await PostJsonAsync(client, "capture", Document(huge, Event(7, Site)), "application/ld+json"), HttpStatusCode.BadRequest));
    }
}
