using System.Text.Json;
using Suyuan.Core.Epcis;
using Suyuan.Core.Tests;
using Suyuan.Storage.Indexing;

namespace Suyuan.Storage.Tests.Indexing;

public sealed class EventBodyTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var file in Corpus.Files("epcis/gs1-examples", "*.jsonld").Concat(Corpus.Files("epcis/openepcis/Documents", "*.json")))
        {
            data.Add(Path.GetRelativePath(Corpus.Root, file));
        }
        return data;
    }

    private static List<JsonElement> EventsOf(JsonElement document)
    {
        if (document.TryGetProperty("epcisBody", out var body))
        {
            if (body.TryGetProperty("eventList", out var list))
            {
                return [.. list.EnumerateArray()];
            }
            if (body.TryGetProperty("queryResults", out var results) && results.TryGetProperty("resultsBody", out var rb) && rb.TryGetProperty("eventList", out var qlist))
            {
                return [.. qlist.EnumerateArray()];
            }
        }
        return [];
    }

    [Theory, MemberData(nameof(Documents))]
    public void EveryCorpusEventDecodesToItsMinifiedJson(string relativePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Corpus.PathOf(relativePath)));
        EpcisContext context;
        try
        {
            context = EpcisContext.FromDocument(doc.RootElement, contextRequired: false);
        }
        catch (EpcisFormatException)
        {
            context = EpcisContext.Default;
        }
        var events = EventsOf(doc.RootElement);
        Assert.NotEmpty(events);
        foreach (var original in events)
        {
            // Events without an eventID get one: the store requires it, the codec does not care which.
            var raw = original.GetRawText().TrimStart();
            var evt = original.TryGetProperty("eventID", out _) ? original
                : JsonDocument.Parse("{\"eventID\":\"urn:uuid:00000000-0000-4000-8000-000000000001\"," + raw[1..]).RootElement;
            Assert.True(EventIndexer.TryIndex(new EventInput(evt, context), out var indexed, out var error), error);
            var strings = new HashSet<string>(StringComparer.Ordinal);
            var template = EventBody.Prepare(evt, indexed);
            template.CollectStrings(strings);
            var ids = strings.Select((s, i) => (s, (long)i)).ToDictionary(x => x.s, x => x.Item2, StringComparer.Ordinal);
            var body = template.Fill(ids);
            var collected = new HashSet<long>();
            EventBody.CollectIds(body, collected);
            Assert.True(collected.IsSubsetOf(ids.Values));
            var decoded = EventBody.Decode(body, indexed.EventId, indexed.EventTime, indexed.EventTimeOffset, ids.ToDictionary(x => x.Value, x => x.Key));
            Assert.Equal(System.Text.Encoding.UTF8.GetString(EventIndexer.Minify(indexed.Source)), System.Text.Encoding.UTF8.GetString(decoded));
            Assert.True(body.Length < EventIndexer.Minify(indexed.Source).Length);
        }
    }

    /// <summary>
    /// The encoder looks keys and values up by the JSON's own UTF-8 text where it can; escapes, non-ASCII text, long values
    /// and keys that are neither standard nor interned must still come back exactly.
    /// </summary>
    /// <summary>
    /// The body is stored data: every corpus event encodes to exactly the bytes the first encoder of format 1 wrote (the
    /// digest of all of them, in file order, with the same ids), so a change to the encoder cannot change stored bodies.
    /// </summary>
    [Fact]
    public void EveryCorpusEventEncodesToTheBytesFormatOneHasAlwaysHad()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var count = 0;
        foreach (var file in Corpus.Files("epcis/gs1-examples", "*.jsonld").Concat(Corpus.Files("epcis/openepcis/Documents", "*.json"))
                     .OrderBy(f => Path.GetRelativePath(Corpus.Root, f), StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            EpcisContext context;
            try
            {
                context = EpcisContext.FromDocument(doc.RootElement, contextRequired: false);
            }
            catch (EpcisFormatException)
            {
                context = EpcisContext.Default;
            }
            foreach (var original in EventsOf(doc.RootElement))
            {
                var raw = original.GetRawText().TrimStart();
                var evt = original.TryGetProperty("eventID", out _) ? original
                    : JsonDocument.Parse("{\"eventID\":\"urn:uuid:00000000-0000-4000-8000-000000000001\"," + raw[1..]).RootElement;
                if (!EventIndexer.TryIndex(new EventInput(evt, context), out var indexed, out _))
                {
                    continue;
                }
                var template = EventBody.Prepare(evt, indexed);
                var strings = new HashSet<string>(StringComparer.Ordinal);
                template.CollectStrings(strings);
                var ids = strings.Order(StringComparer.Ordinal).Select((v, i) => (v, (long)i * 37 + 5)).ToDictionary(x => x.v, x => x.Item2, StringComparer.Ordinal);
                hash.AppendData(template.Fill(ids));
                count++;
            }
        }
        Assert.Equal(124, count);
        Assert.Equal("711bb346ef14c1a39ca4179702c080d8e6c3d2e6397791cc60f201285c9a138f", Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    [Fact]
    public void EscapedLongAndNonAsciiKeysAndValuesDecodeToTheMinifiedJson()
    {
        var longEpc = "urn:epc:id:sgtin:6901234.012345." + new string('7', 300);
        var json = $$$"""
            {"eventID":"urn:uuid:00000000-0000-4000-8000-000000000002","type":"ObjectEvent","eventTime":"2026-11-01T08:00:00.000+08:00",
             "eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.%22q%22","urn:epc:id:sgtin:6901234.012345.\u0041\"x","{{{longEpc}}}",""],
             "action":"OBSERVE","bizStep":"receiving","readPoint":{"id":"urn:epc:id:sgln:6901234.00001.\u4e2d"},
             "sy:\u540d\u79f0":"南通 \"quoted\" \\ tab\t","sy:long":"{{{new string('长', 200)}}}","sy:n":[1.5E+3,-0,0.000001],
             "b\u0069zLocation":{"id":"urn:epc:id:sgln:6901234.00001.0"},"ilmd":{"sy:lot":"L1","source":"中文来源"}}
            """;
        var evt = JsonDocument.Parse(json).RootElement;
        Assert.True(EventIndexer.TryIndex(new EventInput(evt), out var indexed, out var error), error);
        var strings = new HashSet<string>(StringComparer.Ordinal);
        var template = EventBody.Prepare(evt, indexed);
        template.CollectStrings(strings);
        Assert.Contains(longEpc, strings);
        Assert.Contains("urn:epc:id:sgtin:6901234.012345.A\"x", strings);
        Assert.Contains("sy:名称", strings);
        Assert.Contains("中文来源", strings);
        var ids = strings.Select((v, i) => (v, (long)i)).ToDictionary(x => x.v, x => x.Item2, StringComparer.Ordinal);
        var body = template.Fill(ids);
        var decoded = EventBody.Decode(body, indexed.EventId, indexed.EventTime, indexed.EventTimeOffset, ids.ToDictionary(x => x.Value, x => x.Key));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(EventIndexer.Minify(indexed.Source)), System.Text.Encoding.UTF8.GetString(decoded));

        // A value the dictionary has no id for is written as text, as the encoder always did; a key must have one.
        var without = ids.Where(x => x.Key != longEpc && x.Key != "中文来源").ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
        var asText = template.Fill(without);
        Assert.True(asText.Length > body.Length + 300);
        decoded = EventBody.Decode(asText, indexed.EventId, indexed.EventTime, indexed.EventTimeOffset, without.ToDictionary(x => x.Value, x => x.Key));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(EventIndexer.Minify(indexed.Source)), System.Text.Encoding.UTF8.GetString(decoded));
        Assert.Throws<KeyNotFoundException>(() => template.Fill(ids.Where(x => x.Key != "sy:名称").ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0", 33)]
    [InlineData("urn:uuid:7d1b4b4e-0c56-4a0e-9d5b-6b1f2e9c0a01", 17)]
    [InlineData("urn:uuid:7D1B4B4E-0C56-4A0E-9D5B-6B1F2E9C0A01", 46)]
    [InlineData("ni:///sha-256;DF7BB3C352FEF055578554F09F5E2AA41782150CED7BD0B8AF24DD3CCB30BA69?ver=CBV2.0", 90)]
    [InlineData("e1", 3)]
    public void EventIdsPackWithoutLoss(string eventId, int packedLength)
    {
        var packed = EventIds.Pack(eventId);
        Assert.Equal(packedLength, packed.Length);
        Assert.Equal(eventId, EventIds.Unpack(packed));
    }
}
