using System.Text;
using System.Text.Json;

namespace Suyuan.Tests.Http;

/// <summary>A query document's @context never changes what another event's prefixes mean.</summary>
public sealed class QueryDocumentContextTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private static byte[] Document(string context, string serial, string extension) => Encoding.UTF8.GetBytes(
        "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"" + context + "],\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\","
        + "\"creationDate\":\"2026-11-01T08:00:00Z\",\"epcisBody\":{\"eventList\":[{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-01T08:00:00.000+08:00\","
        + "\"eventTimeZoneOffset\":\"+08:00\",\"epcList\":[\"urn:epc:id:sgtin:6901234.012345." + serial + "\"],\"action\":\"ADD\",\"bizStep\":\"commissioning\","
        + "\"ilmd\":{" + extension + "}}]}}");

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task APrefixABodyBoundOtherwiseThanTheStandardContextStaysOnItsEvent(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        // The standard context binds cbvmda to urn:epcglobal:cbv:mda:; one document binds it to a namespace of its own.
        await CaptureConformanceTests.CaptureAsync(server.Client, Document(",{\"cbvmda\":\"http://example.com/cbvmda/\"}", "1", "\"cbvmda:grade\":\"A\""));
        await CaptureConformanceTests.CaptureAsync(server.Client, Document("", "2", "\"cbvmda:lotNumber\":\"L1\""));
        await CaptureConformanceTests.CaptureAsync(server.Client, Document(",{\"ex\":\"https://example.com/ex/\"}", "3", "\"ex:grade\":\"B\""));

        using var page = JsonDocument.Parse(await server.Client.GetStringAsync("events?perPage=10"));
        var top = page.RootElement.GetProperty("@context");
        Assert.DoesNotContain(top.EnumerateArray(), c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("cbvmda", out _));
        Assert.Contains(top.EnumerateArray(), c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("ex", out _));
        var events = page.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray().ToList();
        var own = Assert.Single(events, e => e.GetProperty("epcList")[0].GetString()!.EndsWith(".1", StringComparison.Ordinal));
        Assert.Equal("http://example.com/cbvmda/", own.GetProperty("@context").GetProperty("cbvmda").GetString());
        var standard = Assert.Single(events, e => e.GetProperty("epcList")[0].GetString()!.EndsWith(".2", StringComparison.Ordinal));
        Assert.False(standard.TryGetProperty("@context", out _));
    }
}
