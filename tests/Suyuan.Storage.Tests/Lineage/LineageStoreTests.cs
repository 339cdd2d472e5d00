using Suyuan.Core.Identifiers;
using Suyuan.Storage.Lineage;

namespace Suyuan.Storage.Tests.Lineage;

public sealed class LineageStoreTests
{
    public static TheoryData<string> Providers() => TestStore.Providers();

    private const string Input = "urn:epc:class:lgtin:4012345.011111.IN";
    private const string Output = "urn:epc:class:lgtin:4012345.022222.OUT";

    private static EventInput Transformation(int n, string time, string input, string output) => Events.Parse(
        $$$"""{"type":"TransformationEvent","eventID":"{{{Events.HashId(n)}}}","eventTime":"{{{time}}}","eventTimeZoneOffset":"+00:00","inputQuantityList":[{"epcClass":"{{{input}}}","quantity":5,"uom":"KGM"}],"outputQuantityList":[{"epcClass":"{{{output}}}","quantity":4,"uom":"KGM"}],"bizLocation":{"id":"urn:epc:id:sgln:4012345.00001.0"}}""");

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LineageCommitsAndRollsBackWithTheEvents(string provider)
    {
        await using var test = await TestStore.OpenAsync(provider);
        var lineage = LineageStore.Of(test.Store);
        await using (var abandoned = await test.Store.BeginCaptureAsync(null))
        {
            Assert.True((await abandoned.AppendAsync([Transformation(1, "2024-01-01T00:00:00Z", Input, Output)])).Accepted);
        }
        Assert.False(await lineage.IsKnownAsync(IdentifierConverter.Canonicalise(Input)));

        Assert.True((await test.Store.AppendAsync([Transformation(1, "2024-01-01T00:00:00Z", Input, Output)])).Accepted);
        Assert.True(await lineage.IsKnownAsync(IdentifierConverter.Canonicalise(Input)));
        var forward = await lineage.TraceAsync([(IdentifierConverter.Canonicalise(Input), null)], TraceDirection.Forward);
        Assert.Equal([IdentifierConverter.Canonicalise(Input), IdentifierConverter.Canonicalise(Output)], forward.Lots.Select(l => l.Id).Order(StringComparer.Ordinal));
        var edge = Assert.Single(forward.Path);
        Assert.Equal(("transformed", 5.0, "KGM", 4.0), (edge.Relation, edge.FromQuantity, edge.FromUom, edge.ToQuantity));
    }

    private static EventInput Packing(int n, string time, string parent, string children) => Events.Parse(
        $$$"""{"type":"AggregationEvent","eventID":"{{{Events.HashId(n)}}}","eventTime":"{{{time}}}","eventTimeZoneOffset":"+00:00","parentID":"{{{parent}}}",{{{children}}},"action":"ADD","bizStep":"packing"}""");

    /// <summary>
    /// A lot packed into two cases, the cases onto one pallet: the pallet's event shows the lot with the quantity of the
    /// packing that came first in time, whatever order the events were captured in and on either store (the edges are read
    /// in time order; each store keeps them in another).
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AStateReachedTwiceKeepsTheQuantityOfTheEarlierEdgeOnEitherStore(string provider)
    {
        await using var test = await TestStore.OpenAsync(provider);
        const string Lot = "urn:epc:class:lgtin:4012345.011111.L7";
        const string Case1 = "urn:epc:id:sscc:4012345.0000000011";
        const string Case2 = "urn:epc:id:sscc:4012345.0000000022";
        const string Pallet = "urn:epc:id:sscc:4012345.0000000099";
        static string Lots(int quantity) => $"\"childQuantityList\":[{{\"epcClass\":\"{Lot}\",\"quantity\":{quantity},\"uom\":\"KGM\"}}]";
        Assert.True((await test.Store.AppendAsync([Packing(1, "2024-01-01T10:00:00Z", Case1, Lots(5))])).Accepted);
        Assert.True((await test.Store.AppendAsync([Packing(2, "2024-01-01T09:00:00Z", Case2, Lots(3))])).Accepted);
        Assert.True((await test.Store.AppendAsync([Packing(3, "2024-01-01T11:00:00Z", Pallet, $"\"childEPCs\":[\"{Case1}\",\"{Case2}\"]")])).Accepted);

        var forward = await LineageStore.Of(test.Store).TraceAsync([(IdentifierConverter.Canonicalise(Lot), null)], TraceDirection.Forward);
        var palletEvent = Assert.Single(forward.Events, e => e.Event.EventId == Events.HashId(3));
        // The lot reaches the pallet twice, through each case; the state keeps the earlier packing's quantity.
        var onPallet = Assert.Single(palletEvent.Subjects, s => s.Via == IdentifierConverter.Canonicalise(Pallet));
        Assert.Equal((IdentifierConverter.Canonicalise(Lot), 3.0, "KGM"), (onPallet.Id, onPallet.Quantity, onPallet.Uom));
        Assert.Equal([5.0, 3.0], palletEvent.Subjects.Where(s => s.Role == "child").OrderBy(s => s.Via, StringComparer.Ordinal).Select(s => s.Quantity));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ResentDuplicatesAddNoSecondEdge(string provider)
    {
        await using var test = await TestStore.OpenAsync(provider);
        Assert.True((await test.Store.AppendAsync([Transformation(1, "2024-01-01T00:00:00Z", Input, Output)])).Accepted);
        Assert.Equal(1, (await test.Store.AppendAsync([Transformation(1, "2024-01-01T00:00:00Z", Input, Output)])).Duplicates);

        var backward = await LineageStore.Of(test.Store).TraceAsync([(IdentifierConverter.Canonicalise(Output), null)], TraceDirection.Backward);
        Assert.Single(backward.Path);
        Assert.Single(backward.Events);
    }

    private static EventInput Declared(EventInput evt) =>
        Events.Parse(evt.Event.GetRawText().Replace("\"eventTime\"", "\"errorDeclaration\":{\"declarationTime\":\"2024-02-01T00:00:00Z\",\"reason\":\"incorrect_data\"},\"eventTime\"", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnEventDeclaredErroneousLeavesTheLineageAndItsDeclarationAddsNothing(string provider)
    {
        await using var test = await TestStore.OpenAsync(provider);
        var lineage = LineageStore.Of(test.Store);
        var wrong = Transformation(1, "2024-01-01T00:00:00Z", Input, Output);
        var right = Transformation(2, "2024-01-01T00:00:00Z", Input, "urn:epc:class:lgtin:4012345.033333.OUT");
        Assert.True((await test.Store.AppendAsync([wrong, right])).Accepted);
        Assert.Equal(2, (await lineage.TraceAsync([(IdentifierConverter.Canonicalise(Input), null)], TraceDirection.Forward)).Path.Count);

        // The declaration, in a later transaction: the trace no longer goes through the erroneous transformation.
        Assert.Equal(1, (await test.Store.AppendAsync([Declared(wrong)])).Stored);
        var forward = await lineage.TraceAsync([(IdentifierConverter.Canonicalise(Input), null)], TraceDirection.Forward);
        Assert.Equal(IdentifierConverter.Canonicalise("urn:epc:class:lgtin:4012345.033333.OUT"), Assert.Single(forward.Path).To);
        Assert.DoesNotContain(IdentifierConverter.Canonicalise(Output), forward.Lots.Select(l => l.Id));

        // An event and its declaration in one batch, and a declaration with no event stored: neither enters the lineage.
        await using var other = await TestStore.OpenAsync(provider);
        var third = Transformation(3, "2024-01-02T00:00:00Z", Input, Output);
        Assert.Equal(3, (await other.Store.AppendAsync([third, Declared(third), Declared(Transformation(4, "2024-01-03T00:00:00Z", Output, Input))])).Stored);
        Assert.Empty((await LineageStore.Of(other.Store).TraceAsync([(IdentifierConverter.Canonicalise(Input), null)], TraceDirection.Forward)).Path);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LongChainsAndCyclesTerminate(string provider)
    {
        await using var test = await TestStore.OpenAsync(provider);
        var lots = Enumerable.Range(0, 50).Select(i => $"urn:epc:class:lgtin:4012345.011111.L{i}").ToList();
        // L0 → L1 → … → L49 → L0, one hour apart.
        var events = lots.Select((lot, i) => Transformation(i, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), lot, lots[(i + 1) % lots.Count])).ToList();
        Assert.True((await test.Store.AppendAsync(events)).Accepted);

        var forward = await LineageStore.Of(test.Store).TraceAsync([(IdentifierConverter.Canonicalise(lots[0]), null)], TraceDirection.Forward);
        Assert.Equal(50, forward.Lots.Count);
        Assert.Equal(50, forward.Path.Count);
    }
}
