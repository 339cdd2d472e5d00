using System.Text;
using Suyuan.Core.Identifiers;

namespace Suyuan.Tests.Trace;

/// <summary>
/// A hand-built chain: lots A and B merged into C, C split into D1 and D2, D1's items packed into a case with an unrelated item,
/// shipped, unpacked and sent to two stores, D2 shipped straight to store S1 (a diamond), a new lot E made at S1 from item 1
/// and D2 (a second diamond), A shipped twice to the plant, the case used earlier for another shipment, and a rework cycle X ⇄ Y.
/// </summary>
internal static class SupplyChain
{
    public const string A = "urn:epc:class:lgtin:0614141.011111.A1";
    public const string B = "urn:epc:class:lgtin:0614141.011111.B1";
    public const string C = "urn:epc:class:lgtin:0614141.022222.C1";
    public const string D1 = "urn:epc:class:lgtin:0614141.033333.D1";
    public const string D2 = "urn:epc:class:lgtin:0614141.033333.D2";
    public const string E = "urn:epc:class:lgtin:0614141.044444.E1";
    public const string X = "urn:epc:class:lgtin:0614141.066666.X1";
    public const string Y = "urn:epc:class:lgtin:0614141.066666.Y1";
    public const string Item1 = "urn:epc:id:sgtin:0614141.033333.1";
    public const string Item2 = "urn:epc:id:sgtin:0614141.033333.2";
    public const string Unrelated = "urn:epc:id:sgtin:0614141.055555.9";
    public const string Case = "urn:epc:id:sscc:0614141.1000000001";

    public const string Farm = "urn:epc:id:sgln:0614141.00001.0";
    public const string Plant = "urn:epc:id:sgln:0614141.00002.0";
    public const string Dc = "urn:epc:id:sgln:0614141.00003.0";
    public const string Store1 = "urn:epc:id:sgln:0614141.00004.0";
    public const string Store2 = "urn:epc:id:sgln:0614141.00005.0";
    public const string FarmG = "urn:epc:id:sgln:0614141.00006.0";
    public const string Store3 = "urn:epc:id:sgln:0614141.00007.0";
    public const string Store4 = "urn:epc:id:sgln:0614141.00008.0";

    public const string Farmer = "urn:epc:id:pgln:0614141.00001";
    public const string FarmerG = "urn:epc:id:pgln:0614141.00006";
    public const string PlantCo = "urn:epc:id:pgln:0614141.00002";
    public const string DcCo = "urn:epc:id:pgln:0614141.00003";
    public const string Store1Co = "urn:epc:id:pgln:0614141.00004";
    public const string Store2Co = "urn:epc:id:pgln:0614141.00005";
    public const string Store3Co = "urn:epc:id:pgln:0614141.00007";
    public const string Store4Co = "urn:epc:id:pgln:0614141.00008";

    public static string Canonical(string id) => IdentifierConverter.Canonicalise(id);

    public static string[] Set(params string[] ids) => ids.Select(Canonical).Order(StringComparer.Ordinal).ToArray();

    private static int _n;

    private static string T(string dayHour) => $"2024-05-{dayHour}:00:00.000+08:00";

    private static string Head(string type, string time) =>
        $"\"type\":\"{type}\",\"eventID\":\"urn:uuid:{Guid.NewGuid()}\",\"eventTime\":\"{T(time)}\",\"eventTimeZoneOffset\":\"+08:00\"";

    private static string Q(string cls, double q) => $"{{\"epcClass\":\"{cls}\",\"quantity\":{q.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"uom\":\"KGM\"}}";

    private static string List(IEnumerable<string> items) => "[" + string.Join(",", items) + "]";

    private static string Strings(params string[] ids) => List(ids.Select(i => $"\"{i}\""));

    public static string Commission(string time, string location, string? quantityOf = null, double quantity = 0, string[]? epcs = null, string? lot = null) =>
        "{" + Head("ObjectEvent", time) + $",\"epcList\":{Strings(epcs ?? [])},\"action\":\"ADD\",\"bizStep\":\"commissioning\",\"disposition\":\"active\",\"bizLocation\":{{\"id\":\"{location}\"}}"
        + (quantityOf is null ? "" : $",\"quantityList\":[{Q(quantityOf, quantity)}]")
        + (lot is null ? "" : $",\"ilmd\":{{\"cbvmda:lotNumber\":\"{lot}\"}}") + "}";

    /// <summary>A retail sale: the receipt's trace code (OBSERVE, retail_selling) with the weighed portion of a lot.</summary>
    public static string Sell(string time, string location, string lot, double quantity, string receipt) =>
        "{" + Head("ObjectEvent", time) + $",\"epcList\":{Strings(receipt)},\"action\":\"OBSERVE\",\"bizStep\":\"retail_selling\",\"disposition\":\"retail_sold\",\"bizLocation\":{{\"id\":\"{location}\"}}"
        + $",\"quantityList\":[{Q(lot, quantity)}]}}";

    public static string Ship(string time, string from, string fromParty, string to, string toParty, string? quantityOf = null, double quantity = 0, string[]? epcs = null) =>
        "{" + Head("ObjectEvent", time) + $",\"epcList\":{Strings(epcs ?? [])},\"action\":\"OBSERVE\",\"bizStep\":\"shipping\",\"disposition\":\"in_transit\",\"readPoint\":{{\"id\":\"{from}\"}}"
        + (quantityOf is null ? "" : $",\"quantityList\":[{Q(quantityOf, quantity)}]")
        + $",\"bizTransactionList\":[{{\"type\":\"desadv\",\"bizTransaction\":\"urn:epcglobal:cbv:bt:0614141000012:DESADV-{Interlocked.Increment(ref _n)}\"}}]"
        + $",\"sourceList\":[{{\"type\":\"owning_party\",\"source\":\"{fromParty}\"}},{{\"type\":\"location\",\"source\":\"{from}\"}}]"
        + $",\"destinationList\":[{{\"type\":\"owning_party\",\"destination\":\"{toParty}\"}},{{\"type\":\"location\",\"destination\":\"{to}\"}}]}}";

    public static string Receive(string time, string at, string? quantityOf = null, double quantity = 0, string[]? epcs = null) =>
        "{" + Head("ObjectEvent", time) + $",\"epcList\":{Strings(epcs ?? [])},\"action\":\"OBSERVE\",\"bizStep\":\"receiving\",\"disposition\":\"in_progress\",\"bizLocation\":{{\"id\":\"{at}\"}}"
        + (quantityOf is null ? "" : $",\"quantityList\":[{Q(quantityOf, quantity)}]") + "}";

    public static string Transform(string time, string at, (string Id, double Q)[] inputs, (string Id, double Q)[] outputs, string[]? inputEpcs = null) =>
        "{" + Head("TransformationEvent", time) + $",\"inputEPCList\":{Strings(inputEpcs ?? [])},\"inputQuantityList\":{List(inputs.Select(i => Q(i.Id, i.Q)))}"
        + $",\"outputQuantityList\":{List(outputs.Select(o => Q(o.Id, o.Q)))},\"bizStep\":\"commissioning\",\"bizLocation\":{{\"id\":\"{at}\"}}}}";

    public static string Aggregate(string time, string at, string action, string parent, params string[] children) =>
        "{" + Head("AggregationEvent", time) + $",\"parentID\":\"{parent}\",\"childEPCs\":{Strings(children)},\"action\":\"{action}\",\"bizStep\":\"{(action == "ADD" ? "packing" : "unpacking")}\",\"bizLocation\":{{\"id\":\"{at}\"}}}}";

    public static string Document(IEnumerable<string> events) =>
        "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2024-05-10T00:00:00Z\",\"epcisBody\":{\"eventList\":"
        + List(events) + "}}";

    public static IEnumerable<string> Events() =>
    [
        Ship("01T08", Plant, PlantCo, Store4, Store4Co, epcs: [Case]), // the case's earlier use: no concern of lots packed later
        Commission("01T08", Farm, A, 100),
        Commission("01T09", FarmG, B, 50),
        Ship("02T08", Farm, Farmer, Plant, PlantCo, A, 40),
        Receive("02T12", Plant, A, 40),
        Ship("03T08", Farm, Farmer, Plant, PlantCo, A, 40),
        Ship("03T09", FarmG, FarmerG, Plant, PlantCo, B, 50),
        Receive("03T12", Plant, A, 40),
        Receive("03T13", Plant, B, 50),
        Transform("04T08", Plant, [(A, 80), (B, 50)], [(C, 120)]),
        Transform("05T08", Plant, [(C, 120)], [(D1, 60), (D2, 60)]),
        Commission("05T09", Plant, epcs: [Item1, Item2], lot: "D1"),
        Commission("05T09", Plant, epcs: [Unrelated]),
        Aggregate("05T10", Plant, "ADD", Case, Item1, Item2, Unrelated),
        Ship("05T12", Plant, PlantCo, Dc, DcCo, epcs: [Case]),
        Receive("06T08", Dc, epcs: [Case]),
        Aggregate("06T09", Dc, "DELETE", Case, Item1, Item2, Unrelated),
        Ship("06T10", Dc, DcCo, Store1, Store1Co, epcs: [Item1]),
        Ship("06T10", Plant, PlantCo, Store1, Store1Co, D2, 60),
        Ship("06T11", Dc, DcCo, Store2, Store2Co, epcs: [Item2]),
        Ship("06T12", Dc, DcCo, Store3, Store3Co, epcs: [Unrelated]),
        Receive("07T08", Store1, epcs: [Item1]),
        Receive("07T09", Store1, D2, 60),
        Transform("07T10", Store1, [(D2, 10)], [(E, 5)], inputEpcs: [Item1]),
        Commission("08T07", FarmG, X, 10),
        Transform("08T08", FarmG, [(X, 10)], [(Y, 10)]),
        Transform("09T08", FarmG, [(Y, 10)], [(X, 10)]),
    ];

    public static byte[] Bytes(IEnumerable<string> events) => Encoding.UTF8.GetBytes(Document(events));
}
