using System.Text.Json;
using System.Text.RegularExpressions;
using Suyuan.Core.Epcis;
using Suyuan.Core.Epcis.Hashing;

namespace Suyuan.Core.Tests.Epcis;

public sealed partial class EventHashTests
{
    private const string VectorFolder = "event-hash";

    // Upstream publishes no .prehashes for this vector; only its hashes can be checked.
    private static readonly HashSet<string> VectorsWithoutPreHashes = new(StringComparer.Ordinal) { "epcisDocHavingEventWithComment" };

    // Upstream .prehashes lines that do not hash to their own .hashes line (garbled or stale); the hash is the ground truth.
    private static readonly HashSet<(string Vector, int Event)> DefectivePreHashLines =
    [
        ("epcisDocWithAllGS1Keys", 0),
        ("epcisDocWithCustomSchemaInContext", 1),
        ("epcisDocWithDefaultSchemaInContext", 1),
    ];

    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var file in Corpus.Files(VectorFolder, "*.jsonld", SearchOption.TopDirectoryOnly))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void EventHashMatchesPublishedVector(string vector)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Corpus.PathOf(VectorFolder, vector + ".jsonld")));

        var expectedHashes = ReadExpected(vector + ".hashes") ?? throw new FileNotFoundException($"vector {vector} has no .hashes file");
        var hashes = EventHash.ComputeAll(doc.RootElement);
        var preHashes = EventHash.PreHashAll(doc.RootElement);
        Assert.Equal(expectedHashes.Length, hashes.Count);
        for (var i = 0; i < hashes.Count; i++)
        {
            Assert.True(expectedHashes[i] == hashes[i], $"{vector} event {i}: expected {expectedHashes[i]}, got {hashes[i]}\npre-hash: {preHashes[i]}");
        }

        var expectedPreHashes = ReadExpected(vector + ".prehashes");
        if (expectedPreHashes is null)
        {
            Assert.True(VectorsWithoutPreHashes.Contains(vector), $"vector {vector} has no .prehashes file");
            return;
        }
        Assert.False(VectorsWithoutPreHashes.Contains(vector), $"vector {vector} now has a .prehashes file: remove it from {nameof(VectorsWithoutPreHashes)}");
        Assert.Equal(expectedPreHashes.Length, preHashes.Count);
        for (var i = 0; i < preHashes.Count; i++)
        {
            if (DefectivePreHashLines.Contains((vector, i)))
            {
                Assert.True(EventHash.FromPreHash(expectedPreHashes[i]) != expectedHashes[i],
                    $"{vector} pre-hash line {i} now agrees with its hash: remove it from {nameof(DefectivePreHashLines)}");
                continue;
            }
            Assert.Equal(expectedPreHashes[i], preHashes[i]);
        }
    }

    [Fact]
    public void EventHashHasNiSha256Form()
    {
        var hash = EventHash.Compute(Event("""{"type":"ObjectEvent","eventTime":"2020-01-01T00:00:00Z","eventTimeZoneOffset":"+00:00","action":"OBSERVE"}"""), EpcisContext.Default);
        Assert.Matches(NiHash(), hash);
    }

    [Fact]
    public void EventHashIgnoresKeyOrderEventIdRecordTimeAndListOrder()
    {
        var a = Event("""
            {"type":"ObjectEvent","eventTime":"2020-01-01T01:00:00+01:00","eventTimeZoneOffset":"+01:00","action":"OBSERVE",
             "epcList":["urn:epc:id:sgtin:4012345.011111.1","urn:epc:id:sgtin:4012345.011111.2"],"bizStep":"shipping"}
            """);
        var b = Event("""
            {"bizStep":"shipping","epcList":["urn:epc:id:sgtin:4012345.011111.2","urn:epc:id:sgtin:4012345.011111.1"],
             "eventID":"urn:uuid:7a9f5c6e-3c1d-4d2b-9a51-1f0e2d3c4b5a","recordTime":"2021-01-01T00:00:00Z",
             "action":"OBSERVE","eventTimeZoneOffset":"+01:00","eventTime":"2020-01-01T00:00:00.000Z","type":"ObjectEvent"}
            """);
        Assert.Equal(EventHash.Compute(a, EpcisContext.Default), EventHash.Compute(b, EpcisContext.Default));
    }

    [Theory]
    [InlineData("cbv:BizStep-shipping")]
    [InlineData("urn:epcglobal:cbv:bizstep:shipping")]
    [InlineData("https://ref.gs1.org/cbv/BizStep-shipping")]
    public void BizStepHashesAlikeWhetherBareCurieUrnOrUri(string bizStep)
    {
        const string template = """{"type":"ObjectEvent","eventTime":"2020-01-01T00:00:00Z","eventTimeZoneOffset":"+00:00","action":"OBSERVE","bizStep":"%"}""";
        var bare = EventHash.PreHash(Event(template.Replace("%", "shipping")), EpcisContext.Default);
        var other = EventHash.PreHash(Event(template.Replace("%", bizStep)), EpcisContext.Default);
        Assert.Equal(bare, other);
        Assert.Contains("bizStep=https://ref.gs1.org/cbv/BizStep-shipping", bare);
    }

    [Fact]
    public void EventHashChangesWhenAValueChanges()
    {
        const string template = """{"type":"ObjectEvent","eventTime":"2020-01-01T00:00:00Z","eventTimeZoneOffset":"+00:00","action":"OBSERVE","epcList":["urn:epc:id:sscc:4012345.%"]}""";
        Assert.NotEqual(
            EventHash.Compute(Event(template.Replace("%", "0000000111")), EpcisContext.Default),
            EventHash.Compute(Event(template.Replace("%", "0000000222")), EpcisContext.Default));
    }

    [Fact]
    public void ComputeAllReadsASingleEvent()
    {
        using var doc = JsonDocument.Parse("""
            {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
             "type":"ObjectEvent","eventTime":"2020-01-01T00:00:00Z","eventTimeZoneOffset":"+00:00","action":"OBSERVE",
             "readPoint":{"id":"urn:epc:id:sgln:4012345.00005.0"}}
            """);
        var preHashes = EventHash.PreHashAll(doc.RootElement);
        Assert.Equal(
            ["eventType=ObjectEventeventTime=2020-01-01T00:00:00.000ZeventTimeZoneOffset=+00:00action=OBSERVEreadPointid=https://id.gs1.org/414/4012345000054"],
            preHashes);
        Assert.Equal([EventHash.FromPreHash(preHashes[0])], EventHash.ComputeAll(doc.RootElement));
    }

    [Fact]
    public void ComputeAllRejectsADocumentWithoutEvents()
    {
        using var doc = JsonDocument.Parse("""{"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","type":"EPCISDocument"}""");
        Assert.Throws<EpcisFormatException>(() => EventHash.ComputeAll(doc.RootElement));
    }

    [Theory]
    [InlineData("2023-02-02T11:04:03.1415Z", "2023-02-02T11:04:03.142Z")]
    [InlineData("2023-02-02T11:04:03.1414999Z", "2023-02-02T11:04:03.141Z")]
    [InlineData("2023-12-31T23:59:59.9996Z", "2024-01-01T00:00:00.000Z")]
    [InlineData("2005-04-03T20:33:31.116000-06:00", "2005-04-04T02:33:31.116Z")]
    [InlineData("2020-03-04T11:00:30+01:00", "2020-03-04T10:00:30.000Z")]
    [InlineData("2020-03-04T11:00+01:00", "2020-03-04T10:00:00.000Z")]
    [InlineData("2020-03-04T11:00:30.5Z", "2020-03-04T11:00:30.500Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.999Z")]
    [InlineData("0001-01-01T08:00:00.0004+08:00", "0001-01-01T00:00:00.000Z")]
    public void TimestampIsUtcWithRoundedMilliseconds(string input, string expected) =>
        Assert.Equal(expected, PreHashValues.Timestamp(input));

    [Theory]
    [InlineData("2020-13-04T11:00:30Z")]
    [InlineData("2020-03-04 11:00:30Z")]
    [InlineData("2020-03-04T11:00:30")]
    [InlineData("yesterday")]
    public void TimestampRejectsNonTimestamps(string input) => Assert.Null(PreHashValues.Timestamp(input));

    [Theory]
    [InlineData("452.0", "452")]
    [InlineData("0.50", "0.5")]
    [InlineData("26", "26")]
    [InlineData("+7", "7")]
    [InlineData("-0.0", "0")]
    [InlineData("1e3", "1000")]
    [InlineData("42.698334", "42.698334")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("1.5E-7", "1.5e-07")]
    [InlineData("0.0001", "0.0001")]
    public void NumberLosesTrailingZeros(string input, string expected) => Assert.Equal(expected, PreHashValues.Number(input));

    [Theory]
    [InlineData("A93")]
    [InlineData("+01:00")]
    [InlineData("1.2.3")]
    [InlineData("")]
    [InlineData("e5")]
    public void NumberLeavesNonNumbersAlone(string input) => Assert.Null(PreHashValues.Number(input));

    private static JsonElement Event(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static string[]? ReadExpected(string fileName)
    {
        var path = Corpus.PathOf(VectorFolder, fileName);
        if (!File.Exists(path))
        {
            return null;
        }
        var lines = File.ReadAllLines(path).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return [.. lines];
    }

    [GeneratedRegex("^ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0$")]
    private static partial Regex NiHash();
}
