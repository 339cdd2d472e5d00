using System.Net;
using System.Text;
using System.Text.Json;
using static Suyuan.Tests.Http.QueryInterface;

namespace Suyuan.Tests.Http;

/// <summary>
/// WD_readPoint and WD_bizLocation follow the location hierarchy a capture document's master data gives (a ReadPoint or
/// BusinessLocation element's children), to any depth, as EPCIS 2.0 §8.2.7.1 defines them; EQ_ does not.
/// </summary>
public sealed class LocationHierarchyTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private const string Site = "urn:epc:id:sgln:0614141.00100.0";
    private const string Hall = "urn:epc:id:sgln:0614141.00100.1";
    private const string Dock = "urn:epc:id:sgln:0614141.00100.2";
    private const string Elsewhere = "urn:epc:id:sgln:0614141.00200.0";

    private static string Event(int serial, string readPoint, string bizLocation) => $$$"""
        {"type": "ObjectEvent", "eventTime": "2026-03-01T08:00:{{{serial:00}}}Z", "eventTimeZoneOffset": "+08:00", "action": "OBSERVE",
         "epcList": ["urn:epc:id:sgtin:0614141.107346.{{{serial}}}"], "bizStep": "receiving",
         "readPoint": {"id": "{{{readPoint}}}"}, "bizLocation": {"id": "{{{bizLocation}}}"}}
        """;

    /// <summary>A document whose master data says: the site holds the hall, the hall holds the dock (the hall's children as a Digital Link).</summary>
    private static string Document(string masterData, params string[] events) => $$$"""
        {"@context": "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", "type": "EPCISDocument", "schemaVersion": "2.0",
         "creationDate": "2026-03-01T09:00:00Z",
         "epcisHeader": {"epcisMasterData": {"vocabularyList": [{{{masterData}}}]}},
         "epcisBody": {"eventList": [{{{string.Join(", ", events)}}}]}}
        """;

    private static readonly string Hierarchy = $$"""
        {"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [
          {"id": "{{Site}}", "attributes": [{"id": "urn:epcglobal:cbv:mda#name", "attribute": "Site"}], "children": ["{{Hall}}"]},
          {"id": "{{Hall}}", "children": ["https://id.gs1.org/414/0614141001002/254/2"]}]},
        {"type": "urn:epcglobal:epcis:vtype:ReadPoint", "vocabularyElementList": [{"id": "{{Site}}", "children": ["{{Hall}}"]}]}
        """;

    private static async Task<List<string>> Serials(HttpClient client, string query)
    {
        var events = EventList(JsonDocument.Parse(await client.GetStringAsync("events?" + query)).RootElement);
        return [.. events.Select(e => e.GetProperty("epcList")[0].GetString()![(e.GetProperty("epcList")[0].GetString()!.LastIndexOf('.') + 1)..]).Order()];
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WithinFollowsTheMasterDataHierarchyToAnyDepthAndEqualsDoesNot(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var job = await CaptureConformanceTests.CaptureAsync(server.Client, Encoding.UTF8.GetBytes(Document(Hierarchy,
            Event(1, Site, Site), Event(2, Hall, Hall), Event(3, Dock, Dock), Event(4, Elsewhere, Elsewhere))));
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());

        var site = Uri.EscapeDataString(Site);
        Assert.Equal(["1", "2", "3"], await Serials(server.Client, "WD_bizLocation=" + site));
        Assert.Equal(["2", "3"], await Serials(server.Client, "WD_bizLocation=" + Uri.EscapeDataString(Hall)));
        // Asked for in the other form of the key, the hierarchy is the same.
        Assert.Equal(["1", "2", "3"], await Serials(server.Client, "WD_bizLocation=" + Uri.EscapeDataString("https://id.gs1.org/414/0614141001002")));
        Assert.Equal(["1"], await Serials(server.Client, "EQ_bizLocation=" + site));
        // The read point vocabulary gives only the site → hall step.
        Assert.Equal(["1", "2"], await Serials(server.Client, "WD_readPoint=" + site));
        Assert.Equal(["4"], await Serials(server.Client, "WD_readPoint=" + Uri.EscapeDataString(Elsewhere)));
        // With other filters, and from a value with no hierarchy.
        Assert.Equal(["3"], await Serials(server.Client, $"WD_bizLocation={site}&MATCH_epc={Uri.EscapeDataString("urn:epc:id:sgtin:0614141.107346.3")}"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ARefusedDocumentLeavesNoHierarchyAndALaterDocumentAddsToIt(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        // An event of this document is invalid: under rollback nothing is stored, its master data neither.
        var refused = await PostJsonAsync(server.Client, "capture", Document(Hierarchy, Event(1, Site, Site), Event(2, Hall, Hall).Replace("OBSERVE", "JUMP", StringComparison.Ordinal)), "application/ld+json");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var plain = await CaptureConformanceTests.CaptureAsync(server.Client, Encoding.UTF8.GetBytes(Document("", Event(5, Site, Site), Event(6, Hall, Hall), Event(7, Dock, Dock))));
        Assert.True(plain.GetProperty("success").GetBoolean(), plain.ToString());
        Assert.Equal(["5"], await Serials(server.Client, "WD_bizLocation=" + Uri.EscapeDataString(Site)));

        // A document the store refuses in its job (an eventID stored before with other content, under rollback): its
        // events and its hierarchy go together.
        var first = Event(9, Elsewhere, Elsewhere).Replace("{\"type\"", "{\"eventID\": \"urn:uuid:5b0e6a5c-1f2d-4c3b-9a8e-7d6c5b4a3f21\", \"type\"", StringComparison.Ordinal);
        Assert.True((await CaptureConformanceTests.CaptureAsync(server.Client, Encoding.UTF8.GetBytes(Document("", first)))).GetProperty("success").GetBoolean());
        var conflicting = await CaptureConformanceTests.CaptureAsync(server.Client, Encoding.UTF8.GetBytes(Document(Hierarchy, first.Replace("receiving", "shipping", StringComparison.Ordinal))));
        Assert.False(conflicting.GetProperty("success").GetBoolean(), conflicting.ToString());
        Assert.Equal(["5"], await Serials(server.Client, "WD_bizLocation=" + Uri.EscapeDataString(Site)));

        // A later document's master data applies to the events stored before it too.
        var later = await CaptureConformanceTests.CaptureAsync(server.Client, Encoding.UTF8.GetBytes(Document(Hierarchy, Event(8, Elsewhere, Elsewhere))));
        Assert.True(later.GetProperty("success").GetBoolean(), later.ToString());
        Assert.Equal(["5", "6", "7"], await Serials(server.Client, "WD_bizLocation=" + Uri.EscapeDataString(Site)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AHierarchyThatLoopsEndsAndAnOversizedIdentifierIsRefused(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var loop = $$"""{"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [{"id": "{{Site}}", "children": ["{{Hall}}"]}, {"id": "{{Hall}}", "children": ["{{Site}}"]}]}""";
        var job = await CaptureConformanceTests.CaptureAsync(server.Client, Encoding.UTF8.GetBytes(Document(loop, Event(1, Site, Site), Event(2, Hall, Hall))));
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
        Assert.Equal(["1", "2"], await Serials(server.Client, "WD_bizLocation=" + Uri.EscapeDataString(Hall)));

        var huge = $$"""{"type": "urn:epcglobal:epcis:vtype:ReadPoint", "vocabularyElementList": [{"id": "{{Site}}", "children": ["urn:example:{{new string('x', 900)}}"]}]}""";
        var refused = await PostJsonAsync(server.Client, "capture", Document(huge, Event(3, Site, Site)), "application/ld+json");
        Assert.Equal("/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/children/0", await ProblemAsync(refused, HttpStatusCode.BadRequest));
    }
}
