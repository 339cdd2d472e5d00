using System.Net;
using System.Text.Json;
using Suyuan.Core.Tests;

namespace Suyuan.Tests.Http;

/// <summary>
/// The sensor query parameters over GS1's published sensor examples: values in a unit, times, percentile ranks and booleans,
/// all of a query's conditions met by one report.
/// </summary>
public sealed class SensorQueryTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    // Example 1: readings of 26.0, 26.1, 26.2 CEL (and 160–162 KMH) at element times up to 14:55+01:00; 2: min/max 26.0/26.2 CEL from
    // 13:55:01+01:00 to 14:55+01:00; 5: 26.0 to 26.5 CEL at report times 14:05–14:55+01:00; 7: 26.0 CEL and a true booleanValue at
    // 2019-07-19; 12: min/max 12.4/13.8 CEL, percRank 50, from 2019-04-01T14:00Z to 2019-04-02T13:59:59.999Z.
    private static readonly string[] Examples = ["1", "2", "5", "7", "12"];

    public static TheoryData<string, string, string[]> Queries()
    {
        var data = new TheoryData<string, string, string[]>();
        foreach (var provider in TestDatabases.Providers())
        {
            data.Add(provider, "GT_value_CEL=26.15", ["1", "5"]);
            data.Add(provider, "EQ_value_CEL=26.0", ["1", "5", "7"]);
            data.Add(provider, "EQ_value_CEL=26.1|13.8", ["1", "5"]);
            data.Add(provider, "GE_value_CEL=26.05&LT_value_CEL=26.15", ["1", "5"]);
            // One report meets every condition: no reading is above 26.15 and below 26.05 at once.
            data.Add(provider, "GT_value_CEL=26.15&LT_value_CEL=26.05", []);
            data.Add(provider, "GT_value_KMH=150&LT_value_KMH=161", ["1"]);
            data.Add(provider, "GE_maxValue_CEL=26.1", ["2"]);
            data.Add(provider, "LT_minValue_CEL=13", ["12"]);
            data.Add(provider, "GE_percRank=50", ["12"]);
            data.Add(provider, "EQ_booleanValue=true", ["7"]);
            data.Add(provider, "GE_time=2019-04-02T14:50:00.000%2B01:00", ["1", "5", "7"]);
            data.Add(provider, "GE_time=2019-04-02T14:56:00.000%2B01:00", ["7"]);
            data.Add(provider, "GE_time=2019-04-02T14:10:00.000%2B01:00&LT_time=2019-04-02T14:20:00.000%2B01:00", ["5"]);
            data.Add(provider, "GE_startTime=2019-04-02T00:00:00.000Z", ["2"]);
            data.Add(provider, "LT_endTime=2019-04-02T14:00:00.000Z", ["2", "12"]);
            data.Add(provider, "LT_endTime=2019-04-02T13:56:00.000Z", ["2"]);
            data.Add(provider, "EQ_type=Temperature&GT_value_CEL=26.15", ["1", "5"]);
            // EQ_type is the same report's too: example 1's speed readings are in KMH, its temperatures in CEL.
            data.Add(provider, "EQ_type=Temperature&GE_value_KMH=160", []);
            data.Add(provider, "EQ_type=Speed&GE_value_KMH=160", ["1"]);
            data.Add(provider, "EQ_type=Speed", ["1", "2"]);
            // A bound in another unit of the same measure is converted: 26.0 CEL is 78.8 FAH and 299.15 KEL, 160 KMH 44.4 m/s.
            data.Add(provider, "GT_value_FAH=78.9", ["1", "5"]);
            data.Add(provider, "EQ_value_FAH=78.8", ["1", "5", "7"]);
            data.Add(provider, "GE_value_KEL=299.15", ["1", "5", "7"]);
            data.Add(provider, "GT_value_KEL=299.15", ["1", "5"]);
            data.Add(provider, "GE_value_CEL=26.05&LT_value_FAH=78.99", ["1", "5"]);
            data.Add(provider, "GT_maxValue_FAH=79", ["2"]);
            data.Add(provider, "GT_value_MTS=44.5", ["1"]);
            // A unit this repository does not know is compared with itself only.
            data.Add(provider, "GT_value_XYZ=0", []);
        }
        return data;
    }

    /// <summary>A server with the examples captured one by one, and which example each stored eventID is.</summary>
    private static async Task<(PlatformServer Server, Dictionary<string, string> Examples)> StartWithExamplesAsync(string provider)
    {
        var server = await PlatformServer.StartAsync(provider);
        var examples = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var example in Examples)
        {
            var document = await File.ReadAllBytesAsync(Corpus.PathOf("epcis", "gs1-examples", "WithSensorData", $"SensorDataExample{example}.jsonld"));
            var job = await CaptureConformanceTests.CaptureAsync(server.Client, document);
            Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
            var stored = (await CaptureConformanceTests.QueryAsync(server.Client, "perPage=100")).Events.Select(e => e.GetProperty("eventID").GetString()!);
            examples[Assert.Single(stored, id => !examples.ContainsKey(id))] = example;
        }
        return (server, examples);
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task SensorParametersFindTheEventsWithAReportThatMeetsThem(string provider, string query, string[] expected)
    {
        var (server, examples) = await StartWithExamplesAsync(provider);
        await using (server)
        {
            var found = await CaptureConformanceTests.QueryAsync(server.Client, "perPage=100&" + query);
            Assert.Equal(expected.Order(StringComparer.Ordinal), found.Events.Select(e => examples[e.GetProperty("eventID").GetString()!]).Order(StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// A bound near the largest double may leave the doubles when converted to another unit (1e308 CEL in FAH): it is
    /// still a query, which no stored number equals or passes and every one is on one side of.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BoundsNearTheLargestDoubleAreAnsweredInEveryUnit(string provider)
    {
        var (server, examples) = await StartWithExamplesAsync(provider);
        await using (server)
        {
            async Task<List<string>> Found(string query)
            {
                var found = await CaptureConformanceTests.QueryAsync(server.Client, "perPage=100&" + query);
                return [.. found.Events.Select(e => examples[e.GetProperty("eventID").GetString()!]).Order(StringComparer.Ordinal)];
            }
            var warm = await Found("GT_value_CEL=-300");
            Assert.NotEmpty(warm);
            Assert.Equal(warm, await Found("GT_value_CEL=-1e308"));
            Assert.Equal(warm, await Found("GT_value_KEL=-1.7976931348623157e308"));
            Assert.Equal(await Found("LT_value_KEL=1e6"), await Found("LT_value_CEL=1e308"));
            Assert.Empty(await Found("EQ_value_CEL=1e308"));
            Assert.Empty(await Found("EQ_minValue_CEL=1e308|-1e308"));
            Assert.Empty(await Found("GE_sDev_CEL=1e308"));
            Assert.Empty(await Found("EQ_quantity_KGM=1e308"));
            Assert.Empty(await Found("GT_quantity_KGM=1e308"));
            Assert.Empty(await Found("LT_quantity_KGM=-1e308"));
        }
    }

    [Theory]
    [InlineData("GT_value_CEL=warm", "GT_value_CEL")]
    [InlineData("GT_value_CEL=1|2", "GT_value_CEL")]
    [InlineData("GE_time=yesterday", "GE_time")]
    [InlineData("EQ_booleanValue=yes", "EQ_booleanValue")]
    [InlineData("GT_time=2019-04-02T14:50:00.000Z", "GT_time")]
    [InlineData("EQ_SENSORREPORT_example:x=1", "EQ_SENSORREPORT_example:x")]
    [InlineData("GT_value_CEL=1&LT_value_KGM=2", "LT_value_KGM")]
    [InlineData("GT_value_CEL=1&LT_value_XYZ=2", "LT_value_XYZ")]
    public async Task MalformedSensorParametersAreRefusedNamingThem(string query, string parameter)
    {
        await using var server = await PlatformServer.StartAsync();
        var response = await server.Client.GetAsync("events?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("/query/" + parameter, problem.RootElement.GetProperty("pointer").GetString());
    }
}
