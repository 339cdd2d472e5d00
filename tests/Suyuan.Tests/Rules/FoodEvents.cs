using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Suyuan.Core.Identifiers;
using Suyuan.Tests.Http;
using Xunit;

namespace Suyuan.Tests.Rules;

/// <summary>Builds the food, drug and farm-input events of the tests in the platform vocabulary (prefix sy), and captures and reads alerts over HTTP.</summary>
internal static class FoodEvents
{
    public const string Namespace = "https://suyuan.example.cn/epcis/";

    public static string Id(int n) => $"urn:uuid:5e1f0000-0000-4000-8000-{n:D12}";

    /// <summary>A time on a March 2026 day in China.</summary>
    public static string At(int day, int hour) => $"2026-03-{day:D2}T{hour:D2}:00:00.000+08:00";

    public static string Site(string prefix, int location = 1) => $"urn:epc:id:sgln:{prefix}.{location:D5}.0";

    public static string Party(string prefix) => $"urn:epc:id:pgln:{prefix}.00000";

    public static string Lot(string prefix, int item, string lot) => $"urn:epc:class:lgtin:{prefix}.0{item:D5}.{lot}";

    public static string Serial(string prefix, int item, string serial) => $"urn:epc:id:sgtin:{prefix}.0{item:D5}.{serial}";

    public static string Sscc(string prefix, long serial) => $"urn:epc:id:sscc:{prefix}.{serial:D10}";

    public static string Canonical(string id) => IdentifierConverter.Canonicalise(id);

    public static JsonObject Event(string type, int id, string time, string bizStep, string location, string? action = "OBSERVE")
    {
        var e = new JsonObject { ["type"] = type, ["eventID"] = Id(id), ["eventTime"] = time, ["eventTimeZoneOffset"] = "+08:00" };
        if (action is not null && type != "TransformationEvent")
        {
            e["action"] = action;
        }
        e["bizStep"] = bizStep;
        e["bizLocation"] = new JsonObject { ["id"] = location };
        return e;
    }

    public static JsonObject Object(int id, string time, string bizStep, string location, string action = "OBSERVE") => Event("ObjectEvent", id, time, bizStep, location, action);

    public static JsonObject With(this JsonObject e, string name, JsonNode? value)
    {
        e[name] = value;
        return e;
    }

    /// <summary>Platform fields: sy:name = value for each pair (nested objects as JsonObject).</summary>
    public static JsonObject Sy(this JsonObject e, params (string Name, JsonNode? Value)[] fields)
    {
        foreach (var (name, value) in fields)
        {
            e["sy:" + name] = value;
        }
        return e;
    }

    public static JsonObject Fields(params (string Name, JsonNode? Value)[] fields)
    {
        var o = new JsonObject();
        foreach (var (name, value) in fields)
        {
            o["sy:" + name] = value;
        }
        return o;
    }

    public static JsonObject Ilmd(this JsonObject e, params (string Name, JsonNode? Value)[] fields) => e.With("ilmd", Fields(fields));

    public static JsonArray Quantity(string lot, decimal amount, string? uom = "KGM")
    {
        var q = new JsonObject { ["epcClass"] = lot, ["quantity"] = amount };
        if (uom is not null)
        {
            q["uom"] = uom;
        }
        return [q];
    }

    public static JsonArray Epcs(params string[] epcs) => [.. epcs.Select(e => (JsonNode)JsonValue.Create(e)!)];

    public static JsonArray Links(string key, params (string Type, string Id)[] links) =>
        [.. links.Select(l => (JsonNode)new JsonObject { ["type"] = l.Type, [key] = l.Id })];

    public static JsonObject Ship(int id, string time, string from, string fromParty, string to, string toParty, JsonArray goods, string goodsMember = "quantityList") =>
        Object(id, time, "shipping", from).With(goodsMember, goods).With("disposition", "in_transit")
            .With("sourceList", Links("source", ("owning_party", fromParty), ("location", from)))
            .With("destinationList", Links("destination", ("owning_party", toParty), ("location", to)));

    public static JsonObject Receive(int id, string time, string from, string fromParty, string to, string toParty, JsonArray goods, string goodsMember = "quantityList") =>
        Object(id, time, "receiving", to).With(goodsMember, goods).With("disposition", "in_progress")
            .With("sourceList", Links("source", ("owning_party", fromParty), ("location", from)))
            .With("destinationList", Links("destination", ("owning_party", toParty), ("location", to)));

    public static byte[] Document(params JsonObject[] events)
    {
        var document = new JsonObject
        {
            ["@context"] = new JsonArray("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", new JsonObject { ["sy"] = Namespace }),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = "2026-03-31T00:00:00Z",
            ["epcisBody"] = new JsonObject { ["eventList"] = new JsonArray([.. events.Select(e => (JsonNode)e.DeepClone())]) },
        };
        return Encoding.UTF8.GetBytes(document.ToJsonString());
    }

    /// <summary>One event with its own context, for POST /events.</summary>
    public static StringContent Single(JsonObject e)
    {
        var copy = (JsonObject)e.DeepClone();
        copy["@context"] = new JsonArray("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", new JsonObject { ["sy"] = Namespace });
        return new StringContent(copy.ToJsonString(), Encoding.UTF8, "application/json");
    }

    /// <summary>Captures a document and asserts the job stored every event.</summary>
    public static async Task<JsonElement> CaptureAllAsync(HttpClient client, params JsonObject[] events)
    {
        var job = await CaptureConformanceTests.CaptureAsync(client, Document(events));
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
        Assert.Equal(events.Length, job.GetProperty("eventsStored").GetInt32());
        return job;
    }

    public static async Task<IReadOnlyList<JsonElement>> AlertsAsync(HttpClient client, string? kind = null)
    {
        var response = await client.GetAsync("api/alerts?limit=1000" + (kind is null ? "" : "&kind=" + kind));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("items").EnumerateArray()];
    }

    public static IReadOnlyList<string> Strings(this JsonElement alert, string member) => [.. alert.GetProperty(member).EnumerateArray().Select(x => x.GetString()!)];
}
