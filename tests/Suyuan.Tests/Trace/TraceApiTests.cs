using System.Net;
using System.Text.Json;
using Suyuan.Core.Identifiers;
using Suyuan.Tests.Http;
using static Suyuan.Tests.Trace.SupplyChain;

namespace Suyuan.Tests.Trace;

/// <summary>The hand-built chain captured over HTTP, then traced: exact sets of lots, containers, parties and locations.</summary>
public sealed class TraceApiTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    internal static async Task<PlatformServer> StartWithChainAsync(string provider, IEnumerable<string>? events = null)
    {
        var server = await PlatformServer.StartAsync(provider);
        var job = await CaptureConformanceTests.CaptureAsync(server.Client, Bytes(events ?? Events()));
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
        return server;
    }

    internal static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static string[] Ids(JsonElement trace, string list) =>
        trace.GetProperty(list).EnumerateArray().Select(e => e.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();

    private static string Q(string id) => Uri.EscapeDataString(id);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ForwardFindsEveryLotMadeFromItAndEveryPlaceThatReceivedAny(string provider)
    {
        await using var server = await StartWithChainAsync(provider);
        var trace = await GetJsonAsync(server.Client, "api/trace/forward?id=" + Q(A));

        Assert.Equal(Canonical(A), trace.GetProperty("id").GetString());
        Assert.Equal(Set(A, C, D1, D2, Item1, Item2, E), Ids(trace, "lots"));
        Assert.Equal(Set(Case), Ids(trace, "containers"));
        Assert.Equal(Set(Farm, Plant, Dc, Store1, Store2), Ids(trace, "locations"));
        Assert.Equal(Set(Farmer, PlantCo, DcCo, Store1Co, Store2Co), Ids(trace, "parties"));
        // Both shipments of A to the plant are on the way, with their quantities.
        var shipmentsOfA = trace.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("bizStep").GetString() == "shipping" && e.GetProperty("subjects").EnumerateArray().Any(s => s.GetProperty("id").GetString() == Canonical(A)))
            .ToList();
        Assert.Equal(2, shipmentsOfA.Count);
        Assert.All(shipmentsOfA, e => Assert.Equal(40, e.GetProperty("subjects")[0].GetProperty("quantity").GetDouble()));
        var path = trace.GetProperty("path").EnumerateArray().Select(p => (p.GetProperty("from").GetString(), p.GetProperty("to").GetString(), p.GetProperty("relation").GetString())).ToList();
        Assert.Contains((Canonical(A), Canonical(C), "transformed"), path);
        Assert.Contains((Canonical(D1), Canonical(Item1), "lotOf"), path);
        Assert.Contains((Canonical(Item1), Canonical(Case), "packed"), path);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BackwardFindsEveryOriginThroughTheDiamondAndTheCase(string provider)
    {
        await using var server = await StartWithChainAsync(provider);
        var trace = await GetJsonAsync(server.Client, "api/trace/backward?id=" + Q(IdentifierConverter.EpcUriToDigitalLink(E)!.Replace("https://id.gs1.org", "https://example.com/dl")));

        Assert.Equal(Set(E, Item1, D1, D2, C, A, B), Ids(trace, "lots"));
        Assert.Equal(Set(Case), Ids(trace, "containers"));
        Assert.Equal(Set(Store1, Plant, Dc, Farm, FarmG), Ids(trace, "locations"));
        Assert.Equal(Set(Farmer, FarmerG, PlantCo, DcCo, Store1Co), Ids(trace, "parties"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ForwardOfAnItemInACaseSkipsItsNeighboursAndTheCasesEarlierTrips(string provider)
    {
        await using var server = await StartWithChainAsync(provider);
        var trace = await GetJsonAsync(server.Client, "api/trace/forward?id=" + Q(Item2));

        Assert.Equal(Set(Item2), Ids(trace, "lots"));
        Assert.Equal(Set(Case), Ids(trace, "containers"));
        Assert.Equal(Set(Plant, Dc, Store2), Ids(trace, "locations"));
        Assert.Equal(Set(PlantCo, DcCo, Store2Co), Ids(trace, "parties"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ForwardOfTheCaseReachesEverythingUnpackedFromIt(string provider)
    {
        await using var server = await StartWithChainAsync(provider);
        var trace = await GetJsonAsync(server.Client, "api/trace/forward?id=" + Q(Case));

        Assert.Equal(Set(Case, Item1, Item2, Unrelated, E), Ids(trace, "lots"));
        Assert.Equal(Set(Plant, Dc, Store1, Store2, Store3, Store4), Ids(trace, "locations"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CyclesTerminate(string provider)
    {
        await using var server = await StartWithChainAsync(provider);
        Assert.Equal(Set(X, Y), Ids(await GetJsonAsync(server.Client, "api/trace/forward?id=" + Q(X)), "lots"));
        Assert.Equal(Set(X, Y), Ids(await GetJsonAsync(server.Client, "api/trace/backward?id=" + Q(Y)), "lots"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StepGivesOnlyTheImmediateNeighbours(string provider)
    {
        await using var server = await StartWithChainAsync(provider);
        var up = await GetJsonAsync(server.Client, "api/trace/step?direction=up&id=" + Q(C));
        var down = await GetJsonAsync(server.Client, "api/trace/step?direction=down&id=" + Q(C));
        var items = await GetJsonAsync(server.Client, "api/trace/step?direction=down&id=" + Q(D1));

        Assert.Equal(Set(A, B), Ids(up, "neighbours"));
        Assert.Equal(Set(D1, D2), Ids(down, "neighbours"));
        Assert.Equal(Set(Item1, Item2), Ids(items, "neighbours"));
        Assert.All(down.GetProperty("path").EnumerateArray(), p => Assert.Equal("transformed", p.GetProperty("relation").GetString()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task HoldersAreWhereStockRemains(string provider)
    {
        await using var server = await StartWithChainAsync(provider);
        var a = await GetJsonAsync(server.Client, "api/trace/holders?id=" + Q(A));
        var d2 = await GetJsonAsync(server.Client, "api/trace/holders?id=" + Q(D2));

        var holderA = Assert.Single(a.GetProperty("holders").EnumerateArray());
        Assert.Equal(Canonical(Farm), holderA.GetProperty("location").GetString());
        Assert.Equal(20, holderA.GetProperty("quantity").GetDouble());
        var holderD2 = Assert.Single(d2.GetProperty("holders").EnumerateArray());
        Assert.Equal(Canonical(Store1), holderD2.GetProperty("location").GetString());
        Assert.Equal(Canonical(Store1Co), holderD2.GetProperty("party").GetString());
        Assert.Equal(50, holderD2.GetProperty("quantity").GetDouble());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TraceCodeIsTracedLikeAnEpc(string provider)
    {
        var code = PlatformTraceCode.Generate("3206");
        var urn = "urn:suyuan:trace:" + code.Digits;
        await using var server = await StartWithChainAsync(provider, [Commission("01T08", Farm, epcs: [urn]), Ship("02T08", Farm, Farmer, Store1, Store1Co, epcs: [urn])]);
        var trace = await GetJsonAsync(server.Client, "api/trace/forward?id=" + Q(code.Display));

        Assert.Equal([urn], Ids(trace, "lots"));
        Assert.Equal(Set(Farm, Store1), Ids(trace, "locations"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AReceiptCodeIssuedForAWeighedPortionTracesBackToItsLotsOrigin(string provider)
    {
        var code = PlatformTraceCode.Generate("3206");
        var urn = "urn:suyuan:trace:" + code.Digits;
        await using var server = await StartWithChainAsync(provider,
        [
            Commission("01T08", Farm, A, 100),
            Ship("02T08", Farm, Farmer, Store1, Store1Co, A, 100),
            // The stall weighs 2 kg of lot A and prints a receipt: the code is issued (ADD) with the portion it stands for.
            Commission("03T08", Store1, A, 2, epcs: [urn]),
        ]);
        var trace = await GetJsonAsync(server.Client, "api/trace/backward?id=" + Q(code.Display));

        Assert.Equal(Set(A, urn), Ids(trace, "lots"));
        Assert.Equal(Set(Farm, Store1), Ids(trace, "locations"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AReceiptOfARetailSaleTracesBackToItsLotsOrigin(string provider)
    {
        var code = PlatformTraceCode.Generate("3206");
        var urn = "urn:suyuan:trace:" + code.Digits;
        await using var server = await StartWithChainAsync(provider,
        [
            Commission("01T08", Farm, A, 100),
            Ship("02T08", Farm, Farmer, Store1, Store1Co, A, 100),
            Sell("03T08", Store1, A, 0.88, urn),
        ]);
        var trace = await GetJsonAsync(server.Client, "api/trace/backward?id=" + urn);

        Assert.Equal(Set(A, urn), Ids(trace, "lots"));
        Assert.Equal(Set(Farm, Store1), Ids(trace, "locations"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AReceiptTracesBackAlongItsOwnStoreOnlyNotTheLotsOtherBuyers(string provider)
    {
        string Receipt() => "urn:suyuan:trace:" + PlatformTraceCode.Generate("3206").Digits;
        var (r1, r1b, r2) = (Receipt(), Receipt(), Receipt());
        Assert.NotEqual(r1, r1b);
        var pack = Receipt();
        await using var server = await StartWithChainAsync(provider,
        [
            Commission("10T08", Farm, A, 60),
            Ship("10T09", Farm, Farmer, Store1, Store1Co, A, 30),
            Receive("10T12", Store1, A, 30),
            Ship("11T08", Farm, Farmer, Store2, Store2Co, A, 20), // before r1 was sold, to someone else
            Receive("11T12", Store2, A, 20),
            Commission("11T09", Store2, A, 2, epcs: [Receipt()]), // a receipt code issued for a portion at store 2
            Commission("11T10", Store1, A, 2, epcs: [Receipt()]), // and one for another shopper at store 1
            Sell("11T13", Store1, A, 1, r1),
            Sell("11T14", Store1, A, 2, r1b), // another shopper at the same stall
            Sell("12T08", Store2, A, 1, r2),
            // A later repack of the rest at the farm, shipped to a third store: not upstream of any receipt above.
            Commission("12T09", Farm, A, 10, epcs: [pack]),
            Ship("12T10", Farm, Farmer, Store3, Store3Co, epcs: [pack]),
        ]);

        var one = await GetJsonAsync(server.Client, "api/trace/backward?id=" + r1);
        var two = await GetJsonAsync(server.Client, "api/trace/backward?id=" + r2);
        var lot = await GetJsonAsync(server.Client, "api/trace/backward?id=" + Q(A));

        Assert.Equal(Set(A, r1), Ids(one, "lots"));
        Assert.Equal(Set(Farm, Store1), Ids(one, "locations"));
        Assert.Equal(Set(Farmer, Store1Co), Ids(one, "parties"));
        // Commissioning, the shipment to store 1, its receipt there and r1's sale — not store 2's delivery before it, not r1b's sale,
        // not the codes issued for other shoppers' portions.
        Assert.Equal((string[])["commissioning", "shipping", "receiving", "retail_selling"],
            one.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("bizStep").GetString()!).ToArray());
        Assert.Equal(Canonical(Store1), one.GetProperty("events")[1].GetProperty("destinations").EnumerateArray()
            .Single(d => d.GetProperty("type").GetString() == "location").GetProperty("id").GetString());

        Assert.Equal(Set(A, r2), Ids(two, "lots"));
        Assert.Equal(Set(Farm, Store2), Ids(two, "locations"));
        Assert.Equal(Set(Farmer, Store2Co), Ids(two, "parties"));

        // The lot traced for itself keeps its whole record: every buyer it went to.
        Assert.Equal(Set(Farm, Store1, Store2), Ids(lot, "locations"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AStallWithItsOwnGlnCountsAsItsRegisteredMarketsPlace(string provider)
    {
        const string Stall1 = "urn:epc:id:sgln:0614141.00014.0"; // a stall of store 1, registered as one of its locations
        const string Stall2 = "urn:epc:id:sgln:0614141.00015.0"; // a stall of store 2
        string Receipt() => "urn:suyuan:trace:" + PlatformTraceCode.Generate("3206").Digits;
        var (r1, r2) = (Receipt(), Receipt());
        await using var server = await StartWithChainAsync(provider,
        [
            Commission("10T08", Farm, A, 60),
            Ship("10T09", Farm, Farmer, Store1, Store1Co, A, 30),
            Receive("10T12", Store1, A, 30),
            Ship("11T08", Farm, Farmer, Store2, Store2Co, A, 20),
            Receive("11T12", Store2, A, 20),
            Sell("11T13", Stall1, A, 1, r1),
            Sell("12T08", Stall2, A, 1, r2),
        ]);
        var before = await GetJsonAsync(server.Client, "api/trace/backward?id=" + r1);
        foreach (var (serial, store, party, stall) in new[] { (901, Store1, Store1Co, Stall1), (902, Store2, Store2Co, Stall2) })
        {
            var registered = await Registry.RegistryFixtures.PostAsync(server.Client,
                Registry.RegistryFixtures.Enterprise(Registry.RegistryFixtures.Uscc(serial), locations: [store, stall], parties: [party], nodeTypes: ["vegetable-market"]));
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }

        var one = await GetJsonAsync(server.Client, "api/trace/backward?id=" + r1);
        var two = await GetJsonAsync(server.Client, "api/trace/backward?id=" + r2);

        // Unregistered, nothing ties the stall to a delivery: the whole way of the lot before the sale is kept.
        Assert.Equal(Set(Farm, Store1, Store2, Stall1), Ids(before, "locations"));
        Assert.Equal(Set(Farm, Store1, Stall1), Ids(one, "locations"));
        Assert.Equal(Set(Farmer, Store1Co), Ids(one, "parties"));
        Assert.Equal(Set(Farm, Store2, Stall2), Ids(two, "locations"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UnknownIdIsNotFoundAndMalformedIdIsBadRequest(string provider)
    {
        await using var server = await StartWithChainAsync(provider);
        var unknown = await server.Client.GetAsync("api/trace/backward?id=" + Q("urn:epc:class:lgtin:0614141.099999.NOPE"));
        var malformed = await server.Client.GetAsync("api/trace/forward?id=" + Q("urn:epc:id:sgtin:not-an-epc"));
        var badCode = await server.Client.GetAsync("api/trace/forward?id=12345678901234567890");
        var badDirection = await server.Client.GetAsync("api/trace/step?direction=sideways&id=" + Q(A));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("/id", JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("pointer").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("/id", JsonDocument.Parse(await malformed.Content.ReadAsStringAsync()).RootElement.GetProperty("pointer").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDirection.StatusCode);
    }
}
