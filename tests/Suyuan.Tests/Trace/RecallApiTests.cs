using System.Net;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Suyuan.Tests.Http;
using static Suyuan.Tests.Trace.SupplyChain;

namespace Suyuan.Tests.Trace;

/// <summary>Recall impact of lot D2: itself and lot E made from it at store 1; CSV and XLSX are the FSMA 204 records.</summary>
public sealed class RecallApiTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private static string Q(string id) => Uri.EscapeDataString(id);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RecallImpactListsLotsLocationsAndStock(string provider)
    {
        await using var server = await TraceApiTests.StartWithChainAsync(provider);
        var impact = await TraceApiTests.GetJsonAsync(server.Client, "api/recall/impact?id=" + Q(D2));

        Assert.Equal(Set(D2, E), impact.GetProperty("lots").EnumerateArray().Select(l => l.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(Set(Plant, Store1), impact.GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        var stock = impact.GetProperty("stock").EnumerateArray()
            .Select(s => (s.GetProperty("location").GetString(), s.GetProperty("lot").GetString(), s.GetProperty("onHand").GetDouble())).ToList();
        Assert.Contains((Canonical(Store1), Canonical(D2), 50.0), stock);
        Assert.Contains((Canonical(Plant), Canonical(D2), 0.0), stock);
        Assert.Contains((Canonical(Store1), Canonical(E), 5.0), stock);
        var shipment = Assert.Single(impact.GetProperty("shipments").EnumerateArray());
        Assert.Equal(60, shipment.GetProperty("quantity").GetDouble());
        Assert.Equal(Canonical(Store1), shipment.GetProperty("toLocation").GetString());
        Assert.All(impact.GetProperty("stock").EnumerateArray(), s => Assert.Equal(0, s.GetProperty("unrecorded").GetDouble()));
    }

    /// <summary>A location that ships more than its recorded events brought there has no negative stock: the rest is unrecorded.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StockIsNeverNegativeWhatArrivedUnrecordedIsNamed(string provider)
    {
        await using var server = await TraceApiTests.StartWithChainAsync(provider,
        [
            SupplyChain.Commission("01T08", Farm, A, 100),
            SupplyChain.Ship("02T08", Farm, Farmer, Plant, PlantCo, A, 40),
            SupplyChain.Receive("02T12", Plant, A, 30),
            SupplyChain.Ship("03T08", Plant, PlantCo, Store1, Store1Co, A, 35),
        ]);
        var impact = await TraceApiTests.GetJsonAsync(server.Client, "api/recall/impact?id=" + Q(A));
        var plant = Assert.Single(impact.GetProperty("stock").EnumerateArray(), s => s.GetProperty("location").GetString() == Canonical(Plant));
        Assert.Equal(30, plant.GetProperty("received").GetDouble());
        Assert.Equal(35, plant.GetProperty("shipped").GetDouble());
        Assert.Equal(0, plant.GetProperty("onHand").GetDouble());
        Assert.Equal(5, plant.GetProperty("unrecorded").GetDouble());
        var farm = Assert.Single(impact.GetProperty("stock").EnumerateArray(), s => s.GetProperty("location").GetString() == Canonical(Farm));
        Assert.Equal(60, farm.GetProperty("onHand").GetDouble());
        // The 10 the plant did not record receiving are the 5 it shipped beyond its receipts and 5 still on the way: the
        // holders account for the 100 made, no more (farm 60, plant 0, in transit to the plant 5, in transit to the store 35).
        var holders = (await TraceApiTests.GetJsonAsync(server.Client, "api/trace/holders?id=" + Q(A))).GetProperty("holders").EnumerateArray().ToList();
        Assert.Equal(100, holders.Sum(h => h.GetProperty("quantity").GetDouble()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RecallCsvHasTwoHeaderRowsAndOneRowPerTrackingEvent(string provider)
    {
        await using var server = await TraceApiTests.StartWithChainAsync(provider);
        var response = await server.Client.GetAsync("api/recall/impact?format=csv&id=" + Q(D2));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("追溯批次代码,数量,单位", lines[0]);
        Assert.StartsWith("Traceability lot code (TLC),Quantity,Unit of measure", lines[1]);
        var rows = lines[2..].Select(l => l.Split(',')).Select(c => (Tlc: c[0], Quantity: c[1], Unit: c[2], From: c[4], To: c[5], Source: c[7], Type: c[10])).ToList();
        Assert.Equal(
        [
            (Canonical(D2), "60", "KGM", "", Canonical(Plant), Canonical(Plant), "transformation"),
            (Canonical(D2), "60", "KGM", Canonical(Plant), Canonical(Store1), Canonical(Plant), "shipping"),
            (Canonical(D2), "60", "KGM", "", Canonical(Store1), Canonical(Plant), "receiving"),
            (Canonical(D2), "10", "KGM", "", Canonical(Store1), Canonical(Plant), "transformation"),
            (Canonical(E), "5", "KGM", "", Canonical(Store1), Canonical(Store1), "transformation"),
        ], rows);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RecallXlsxOpensWithTwoHeaderRows(string provider)
    {
        await using var server = await TraceApiTests.StartWithChainAsync(provider);
        var response = await server.Client.GetAsync("api/recall/impact?format=xlsx&id=" + Q(D2));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());

        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<Row>().ToList();
        string Text(Row row, int column) => row.Elements<Cell>().ElementAt(column).InnerText;
        Assert.Equal(7, rows.Count);
        Assert.Equal("追溯批次代码", Text(rows[0], 0));
        Assert.Equal("Traceability lot code (TLC)", Text(rows[1], 0));
        Assert.Equal("事件标识", Text(rows[0], 12));
        Assert.Equal(Canonical(E), Text(rows[6], 0));
        Assert.Equal("5", Text(rows[6], 1));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RecallByProductAndByLocationStartFromWhatWasThere(string provider)
    {
        await using var server = await TraceApiTests.StartWithChainAsync(provider);
        var byProduct = await TraceApiTests.GetJsonAsync(server.Client, "api/recall/impact?product=" + Canonical(D2).Split('/')[4] + "&from=2024-05-01T00:00:00Z&to=2024-05-31T00:00:00Z");
        var byLocation = await TraceApiTests.GetJsonAsync(server.Client, "api/recall/impact?location=" + Q(Store2) + "&from=2024-05-06T00:00:00Z");
        var bad = await server.Client.GetAsync("api/recall/impact?product=12345");

        Assert.Equal(Set(D1, D2, Item1, Item2, E), byProduct.GetProperty("lots").EnumerateArray().Select(l => l.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(Set(Item2), byLocation.GetProperty("lots").EnumerateArray().Select(l => l.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
