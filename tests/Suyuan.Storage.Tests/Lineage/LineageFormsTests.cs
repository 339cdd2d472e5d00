using Suyuan.Core.Identifiers;
using Suyuan.Storage.Indexing;
using Suyuan.Storage.Lineage;

namespace Suyuan.Storage.Tests.Lineage;

/// <summary>
/// An identifier may be sent as an EPC URN (with any company-prefix length), as its canonical Digital Link or as a Digital
/// Link on another host: the lineage stores URNs and canonical links as sent, the rest canonical, and a trace treats all of
/// them as one identifier.
/// </summary>
public sealed class LineageFormsTests
{
    public static TheoryData<string> Providers() => TestStore.Providers();

    private const string Gtin = "04012345111118";
    private static readonly string Item = $"https://id.gs1.org/01/{Gtin}/21/7";
    private const string ItemUrn = "urn:epc:id:sgtin:4012345.011111.7";
    private const string ItemUrn8 = "urn:epc:id:sgtin:40123451.01111.7";
    private const string ItemElsewhere = $"https://brand.example.com/01/{Gtin}/21/7?linkType=gs1:pip";
    private const string OtherItemUrn = "urn:epc:id:sgtin:4012345.011111.8";
    private const string Case = "https://id.gs1.org/00/340123450000000017";
    private const string CaseUrn = "urn:epc:id:sscc:4012345.3000000001";

    private static EventInput Observe(int n, string time, string bizStep, params string[] epcs) => Events.Parse(
        $$$"""{"type":"ObjectEvent","eventID":"{{{Events.HashId(n)}}}","eventTime":"{{{time}}}","eventTimeZoneOffset":"+00:00","epcList":[{{{string.Join(",", epcs.Select(e => $"\"{e}\""))}}}],"action":"OBSERVE","bizStep":"{{{bizStep}}}"}""");

    private static List<EventInput> Chain() =>
    [
        Events.Parse($$$"""{"type":"ObjectEvent","eventID":"{{{Events.HashId(1)}}}","eventTime":"2024-05-01T08:00:00Z","eventTimeZoneOffset":"+00:00","epcList":["{{{ItemUrn}}}","{{{OtherItemUrn}}}"],"action":"ADD","bizStep":"commissioning","ilmd":{"cbvmda:lotNumber":"L1"}}"""),
        Events.Parse($$$"""{"type":"AggregationEvent","eventID":"{{{Events.HashId(2)}}}","eventTime":"2024-05-01T09:00:00Z","eventTimeZoneOffset":"+00:00","parentID":"{{{Case}}}","childEPCs":["{{{Item}}}"],"action":"ADD","bizStep":"packing"}"""),
        Observe(3, "2024-05-01T10:00:00Z", "shipping", CaseUrn),
        Observe(4, "2024-05-01T11:00:00Z", "receiving", ItemElsewhere),
        Observe(5, "2024-05-01T12:00:00Z", "retail_selling", ItemUrn8),
    ];

    private static string C(string id) => IdentifierConverter.Canonicalise(id);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EveryFormOfAnIdentifierIsOneNodeOfTheTrace(string provider)
    {
        await using var test = await TestStore.OpenAsync(provider);
        Assert.True((await test.Store.AppendAsync(Chain())).Accepted);
        var lineage = LineageStore.Of(test.Store);

        var forward = await lineage.TraceAsync([(Item, null)], TraceDirection.Forward);
        Assert.Equal(Enumerable.Range(1, 5).Select(Events.HashId), forward.Events.Select(e => e.Event.EventId));
        Assert.Contains(forward.Path, e => e.From == Item && e.To == Case && e.Relation == "packed");
        Assert.Equal([Item], forward.Lots.Select(l => l.Id));
        Assert.Equal([Case], forward.Containers.Select(c => c.Id));
        Assert.All(forward.Events.SelectMany(e => e.Event.Identifiers), i => Assert.Equal(C(i.Id), i.Id));

        var fromTheUrn = await lineage.TraceAsync([(C(ItemUrn8), null)], TraceDirection.Backward);
        Assert.Contains(fromTheUrn.Events, e => e.Event.EventId == Events.HashId(1));
        Assert.True(await lineage.IsKnownAsync(C(CaseUrn)));
        Assert.True(await lineage.IsKnownAsync(C(OtherItemUrn)));
        Assert.False(await lineage.IsKnownAsync($"https://id.gs1.org/01/{Gtin}/21/9"));

        var ofProduct = await lineage.IdentifiersOfProductAsync(Gtin, null, null);
        Assert.Equal([Item, C(OtherItemUrn)], ofProduct.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T08:00:00Z"), ofProduct.Single(p => p.Id == Item).First);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UrnsAndCanonicalLinksAddNoStringsOrPresenceRows(string provider)
    {
        await using var test = await TestStore.OpenAsync(provider);
        Assert.True((await test.Store.AppendAsync(Chain())).Accepted);
        await using var connection = await FeatureDatabase.Of(test.Store).OpenConnectionAsync();

        // Only the item sent on another host is named by a presence row (under its canonical form).
        var presence = await Db.ScalarAsync(connection, null,
            "SELECT COUNT(*) FROM lineage_presence p JOIN strings s ON s.id = p.node WHERE s.value = @v", default, Db.P("@v", StoredText.Encode(Item)));
        Assert.Equal(1L, Convert.ToInt64(presence));
        Assert.Equal(1L, Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT COUNT(*) FROM lineage_presence", default)));
        // An item only ever sent as a URN has no Digital Link in the dictionary.
        Assert.Null(await Db.ScalarAsync(connection, null, "SELECT id FROM strings WHERE value = @v", default, Db.P("@v", StoredText.Encode(C(OtherItemUrn)))));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LineageWrittenWithCanonicalIdsStillTraces(string provider)
    {
        await using var test = await TestStore.OpenAsync(provider);
        Assert.True((await test.Store.AppendAsync(Chain())).Accepted);
        var lineage = LineageStore.Of(test.Store);
        var before = await lineage.TraceAsync([(Item, null)], TraceDirection.Forward);

        // What the previous writer stored: every edge end canonical, and a presence row for every identifier of every event.
        await using (var connection = await FeatureDatabase.Of(test.Store).OpenConnectionAsync())
        {
            var edges = new List<(long Src, long Dst, string SrcValue, string DstValue)>();
            await using (var command = Db.Command(connection, null, "SELECT e.src, e.dst, s.value, d.value FROM lineage_edges e JOIN strings s ON s.id = e.src JOIN strings d ON d.id = e.dst"))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    edges.Add((Db.Int64(reader, 0), Db.Int64(reader, 1), StoredText.Decode(reader.GetString(2)), StoredText.Decode(reader.GetString(3))));
                }
            }
            Assert.Contains(edges, e => e.DstValue == ItemUrn);
            foreach (var (src, dst, srcValue, dstValue) in edges)
            {
                await Db.ExecuteAsync(connection, null, "UPDATE lineage_edges SET src = @ns, dst = @nd WHERE src = @s AND dst = @d", default,
                    Db.P("@ns", await IdOfAsync(connection, C(srcValue))), Db.P("@nd", await IdOfAsync(connection, C(dstValue))), Db.P("@s", src), Db.P("@d", dst));
            }
            var named = new List<(string Value, long Time, long Event)>();
            await using (var command = Db.Command(connection, null, "SELECT s.value, e.event_time, r.event FROM refs r JOIN strings s ON s.id = r.value_id JOIN events e ON e.id = r.event WHERE r.kind IN (1, 2, 3)"))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    named.Add((StoredText.Decode(reader.GetString(0)), Db.Int64(reader, 1), Db.Int64(reader, 2)));
                }
            }
            await Db.ExecuteAsync(connection, null, "DELETE FROM lineage_presence", default);
            foreach (var (value, time, evt) in named)
            {
                await Db.ExecuteAsync(connection, null, "INSERT INTO lineage_presence (node, time, event) VALUES (@n, @t, @e)", default,
                    Db.P("@n", await IdOfAsync(connection, C(value))), Db.P("@t", time), Db.P("@e", evt));
            }
        }

        var after = await LineageStore.Of(test.Store).TraceAsync([(Item, null)], TraceDirection.Forward);
        Assert.Equal(before.Events.Select(e => e.Event.EventId), after.Events.Select(e => e.Event.EventId));
        Assert.Equal(before.Events.SelectMany(e => e.Subjects), after.Events.SelectMany(e => e.Subjects));
        Assert.Equal(before.Path, after.Path);
        Assert.Equal(before.Lots, after.Lots);
        Assert.Equal(before.Containers, after.Containers);
    }

    private static async Task<long> IdOfAsync(System.Data.Common.DbConnection connection, string value)
    {
        await Db.ExecuteAsync(connection, null, "INSERT INTO strings (value) VALUES (@v) ON CONFLICT DO NOTHING", default, Db.P("@v", StoredText.Encode(value)));
        return Convert.ToInt64(await Db.ScalarAsync(connection, null, "SELECT id FROM strings WHERE value = @v", default, Db.P("@v", StoredText.Encode(value))));
    }
}
