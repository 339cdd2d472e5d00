using System.Net;
using System.Text;
using System.Text.Json;
using Suyuan.Tests.Http;

namespace Suyuan.Tests.PublicTrace;

/// <summary>What the public reads of a step an enterprise named itself: that there was a step, not the enterprise's name for it.</summary>
public sealed class PublicPrivateStepTests
{
    [Fact]
    public async Task AnEnterprisesOwnStepIsShownAsAStepNotByItsName()
    {
        await using var server = await PlatformServer.StartAsync();
        const string secret = "https://maker.example.com/bizstep/secret_welding";
        var document = $$$"""
            {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
             "creationDate": "2026-11-01T00:00:00Z", "epcisBody": {"eventList": [
               {"type": "ObjectEvent", "eventTime": "2026-11-01T08:00:00+08:00", "eventTimeZoneOffset": "+08:00", "action": "ADD",
                "epcList": ["urn:epc:id:sgtin:4012345.011111.B0"], "bizStep": "commissioning", "bizLocation": {"id": "urn:epc:id:sgln:4012345.00001.0"}},
               {"type": "ObjectEvent", "eventTime": "2026-11-02T08:00:00+08:00", "eventTimeZoneOffset": "+08:00", "action": "OBSERVE",
                "epcList": ["urn:epc:id:sgtin:4012345.011111.B0"], "bizStep": "{{{secret}}}", "bizLocation": {"id": "urn:epc:id:sgln:4012345.00001.0"}}]}}
            """;
        var job = await CaptureConformanceTests.CaptureAsync(server.Client, Encoding.UTF8.GetBytes(document));
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());

        using var answer = await server.AnonymousClient.GetAsync("01/04012345111118/21/B0?format=json");
        var body = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.DoesNotContain("secret_welding", body, StringComparison.Ordinal);
        var chain = JsonDocument.Parse(body).RootElement.GetProperty("chain").EnumerateArray().ToList();
        Assert.Equal(2, chain.Count);
        Assert.Contains(chain, s => s.GetProperty("bizStep").GetString() == "commissioning");
        Assert.Contains(chain, s => s.GetProperty("bizStep").ValueKind == JsonValueKind.Null && s.GetProperty("stepZh").GetString() == "其他环节");
    }
}
