using Suyuan.Core.Identifiers;
using Suyuan.Storage.Indexing;
using Suyuan.Storage.Lineage;

namespace Suyuan.Storage.Tests.Lineage;

public sealed class LineageSummaryStoreTests
{
    public static TheoryData<string> Providers() => TestStore.Providers();

    private const string Item1 = "urn:epc:id:sgtin:4012345.011111.1";
    private const string Item2 = "urn:epc:id:sgtin:4012345.011111.2";
    private const string Case = "urn:epc:id:sscc:4012345.0000000001";
    private const string Lot = "urn:epc:class:lgtin:4012345.011111.L1";
    private const string Mix = "urn:epc:class:lgtin:4012345.022222.M1";

    /// <summary>A chain touching every field of the summary: lots with non-ASCII numbers, quantities with and without units, odd types, offsets.</summary>
    private static List<EventInput> Chain() =>
    [
        Events.Parse($$$"""{"type":"ObjectEvent","eventID":"{{{Events.HashId(1)}}}","eventTime":"2024-05-01T08:00:00.000+08:00","eventTimeZoneOffset":"+08:00","epcList":["{{{Item1}}}","{{{Item2}}}"],"action":"ADD","bizStep":"commissioning","disposition":"active","readPoint":{"id":"urn:epc:id:sgln:4012345.00001.1"},"bizLocation":{"id":"urn:epc:id:sgln:4012345.00001.0"},"ilmd":{"cbvmda:lotNumber":"批次-Ä/1"}}"""),
        Events.Parse($$$"""{"type":"AggregationEvent","eventID":"{{{Events.HashId(2)}}}","eventTime":"2024-05-01T09:00:00.250+08:00","eventTimeZoneOffset":"+08:00","parentID":"{{{Case}}}","childEPCs":["{{{Item1}}}","{{{Item2}}}"],"childQuantityList":[{"epcClass":"{{{Lot}}}","quantity":2.5,"uom":"KGM"},{"epcClass":"{{{Mix}}}","quantity":3}],"action":"ADD","bizStep":"packing"}"""),
        Events.Parse($$$"""{"type":"ObjectEvent","eventID":"{{{Events.HashId(3)}}}","eventTime":"2024-05-02T01:00:00.000-05:00","eventTimeZoneOffset":"-05:00","epcList":["{{{Case}}}"],"action":"OBSERVE","bizStep":"shipping","disposition":"in_transit","sourceList":[{"type":"owning_party","source":"urn:epc:id:pgln:4012345.00000"},{"type":"location","source":"urn:epc:id:sgln:4012345.00001.0"}],"destinationList":[{"type":"owning_party","destination":"urn:epc:id:pgln:0614141.00000"},{"type":"https://example.com/dest/dock","destination":"https://example.com/dock/7"}],"bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:0614141000005:PO-1"},{"bizTransaction":"https://example.com/doc/9"},{"type":"https://example.com/bt/contract","bizTransaction":"https://example.com/contract/1"}]}"""),
        Events.Parse($$$"""{"type":"TransformationEvent","eventID":"{{{Events.HashId(4)}}}","eventTime":"2024-05-03T00:00:00Z","eventTimeZoneOffset":"+00:00","inputQuantityList":[{"epcClass":"{{{Lot}}}","quantity":5,"uom":"KGM"}],"outputQuantityList":[{"epcClass":"{{{Mix}}}","quantity":0.88}],"outputEPCList":["urn:epc:id:sgtin:4012345.022222.9"],"bizStep":"https://example.com/steps/mixing","disposition":"https://example.com/disp/mixed"}"""),
        Events.Parse($$$"""{"type":"ObjectEvent","eventID":"urn:uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301","eventTime":"2024-05-04T00:00:00Z","eventTimeZoneOffset":"+00:00","epcList":["{{{Item2}}}"],"action":"DELETE"}"""),
    ];

    /// <summary>
    /// What the writer summarised for each event, with its identifiers canonical: what a trace shows, and the values the
    /// JSON era stored (the binary summary keeps EPC URNs as sent).
    /// </summary>
    private static Dictionary<string, LineageEvent> Expected(IEnumerable<EventInput> events) => events.Select(e =>
    {
        Assert.True(EventIndexer.TryIndex(e, out var indexed, out var error), error);
        var info = LineageFacts.Extract(indexed, new(StringComparer.Ordinal)).Info;
        return info with { Identifiers = info.Identifiers.Select(i => i with { Id = IdentifierConverter.Canonicalise(i.Id) }).ToList() };
    }).ToDictionary(i => i.EventId, StringComparer.Ordinal);

    private static readonly string[] Everything = [Item1, Item2, Case, Lot, Mix, "urn:epc:id:sgtin:4012345.022222.9"];

    private static async Task<Dictionary<string, LineageEvent>> TracedAsync(LineageStore lineage)
    {
        var start = Everything.Select(i => (IdentifierConverter.Canonicalise(i), (DateTimeOffset?)null)).ToList();
        var forward = await lineage.TraceAsync(start, TraceDirection.Forward);
        var backward = await lineage.TraceAsync(start, TraceDirection.Backward);
        return forward.Events.Concat(backward.Events).Select(e => e.Event).DistinctBy(e => e.EventId).ToDictionary(e => e.EventId, StringComparer.Ordinal);
    }

    private static void AssertSame(Dictionary<string, LineageEvent> expected, Dictionary<string, LineageEvent> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, e) in expected)
        {
            Assert.Equal(LineageSummaryTests.Json(e), LineageSummaryTests.Json(actual[id]));
            Assert.Equal(e.Time.Offset, actual[id].Time.Offset);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TracesShowTheSameEventsAsTheJsonSummariesDid(string provider)
    {
        await using var test = await TestStore.OpenAsync(provider);
        var chain = Chain();
        Assert.True((await test.Store.AppendAsync(chain)).Accepted);

        var traced = await TracedAsync(LineageStore.Of(test.Store));

        AssertSame(Expected(chain), traced);
        Assert.Equal("批次-Ä/1", traced[Events.HashId(1)].LotNumber);
        Assert.Equal(["po", null, "https://example.com/bt/contract"], traced[Events.HashId(3)].BizTransactions.Select(t => t.Type));
        Assert.Equal("https://example.com/steps/mixing", traced[Events.HashId(4)].BizStep);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task JsonSummariesWrittenBeforeTheUpgradeStillTrace(string provider)
    {
        await using var test = await TestStore.OpenAsync(provider);
        var chain = Chain();
        Assert.True((await test.Store.AppendAsync(chain)).Accepted);
        var expected = Expected(chain);
        var lineage = LineageStore.Of(test.Store);
        var before = await lineage.TraceAsync([(IdentifierConverter.Canonicalise(Lot), null)], TraceDirection.Forward);

        // Turn some events back into what the previous version wrote: a JSON row in lineage_events and no binary summary.
        await using (var connection = await FeatureDatabase.Of(test.Store).OpenConnectionAsync())
        {
            var rows = new List<(long Row, string EventId)>();
            await using (var command = Db.Command(connection, null, "SELECT id, event_id FROM events ORDER BY id"))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add((Db.Int64(reader, 0), EventIds.Unpack((byte[])reader.GetValue(1))));
                }
            }
            Assert.Equal(chain.Count, rows.Count);
            foreach (var (row, eventId) in rows.Where((_, i) => i % 2 == 0))
            {
                await Db.ExecuteAsync(connection, null, "INSERT INTO lineage_events (event, info) VALUES (@e, @i)", default, Db.P("@e", row), Db.P("@i", LineageSummaryTests.Json(expected[eventId])));
                Assert.Equal(1, await Db.ExecuteAsync(connection, null, "UPDATE events SET lineage = NULL WHERE id = @e", default, Db.P("@e", row)));
            }
            Assert.Equal(2L, Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COUNT(*) FROM events WHERE lineage IS NOT NULL", default)));
        }

        AssertSame(expected, await TracedAsync(lineage));
        var after = await lineage.TraceAsync([(IdentifierConverter.Canonicalise(Lot), null)], TraceDirection.Forward);
        Assert.Equal(before.Events.Select(e => LineageSummaryTests.Json(e.Event)), after.Events.Select(e => LineageSummaryTests.Json(e.Event)));
        Assert.Equal(before.Events.SelectMany(e => e.Subjects), after.Events.SelectMany(e => e.Subjects));
        Assert.Equal(before.Parties, after.Parties);
        Assert.Equal(before.Locations, after.Locations);
    }
}
