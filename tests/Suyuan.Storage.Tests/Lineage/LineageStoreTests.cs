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
