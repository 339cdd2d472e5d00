using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Suyuan.Core.Domain;
using Suyuan.Core.Identifiers;
using Suyuan.Hosting.Directory;
using Suyuan.Storage.Accounts;
using Suyuan.Tests.Http;

namespace Suyuan.Tests.Access;

/// <summary>A directory without tables for the tests: enterprises with their canonical ids and categories.</summary>
internal sealed class TestDirectory : IEnterpriseDirectory
{
    private readonly Dictionary<string, (HashSet<string> Ids, HashSet<string> Categories)> _enterprises = new(StringComparer.Ordinal);

    public void Add(string uscc, string category, params string[] ids) =>
        _enterprises[uscc] = (ids.Select(IdentifierConverter.Canonicalise).ToHashSet(StringComparer.Ordinal), [category]);

    public ValueTask<string?> OwnerOfAsync(string partyOrLocation, CancellationToken ct = default) =>
        ValueTask.FromResult<string?>(_enterprises.FirstOrDefault(e => e.Value.Ids.Contains(partyOrLocation)).Key);

    public ValueTask<Func<string, string?>> OwnerLookupAsync(CancellationToken ct = default) =>
        ValueTask.FromResult<Func<string, string?>>(id =>
            OwnerOfAsync(IdentifierConverter.Canonicalise(id), ct).Result ?? OwnerOfAsync(Features.Registry.EnterpriseRules.Gln(IdentifierConverter.Canonicalise(id)), ct).Result);

    public ValueTask<IReadOnlySet<string>> IdsOfAsync(string uscc, CancellationToken ct = default) =>
        ValueTask.FromResult<IReadOnlySet<string>>(_enterprises.TryGetValue(uscc, out var e) ? e.Ids : new HashSet<string>());

    public ValueTask<IReadOnlySet<string>> CategoriesOfAsync(string uscc, CancellationToken ct = default) =>
        ValueTask.FromResult<IReadOnlySet<string>>(_enterprises.TryGetValue(uscc, out var e) ? e.Categories : new HashSet<string>());
}

/// <summary>
/// Two enterprises and their events on a real server: A (a dairy, food) ships to B (an elevator company, so another
/// department regulates it — the point is two categories), B receives; with a client for each kind of caller.
/// </summary>
internal sealed class AccessCity : IAsyncDisposable
{
    public static readonly string EnterpriseA = Uscc("91320600MA1XY0001");
    public static readonly string EnterpriseB = Uscc("91320600MA1XY0002");
    public const string LocationA = "urn:epc:id:sgln:6901234.00001.0";
    public const string PartyA = "urn:epc:id:pgln:6901234.00001";
    public const string LocationB = "urn:epc:id:sgln:6909876.00001.0";
    public const string PartyB = "urn:epc:id:pgln:6909876.00001";
    public const string Elsewhere = "urn:epc:id:sgln:6905555.00001.0";
    public const string Lot = "urn:epc:class:lgtin:6901234.012345.L1";

    public required PlatformServer Server { get; init; }
    public required HttpClient Anonymous { get; init; }
    public required HttpClient A { get; init; }
    public required HttpClient B { get; init; }
    public required HttpClient FoodDrug { get; init; }
    public required HttpClient Quality { get; init; }
    public HttpClient Admin => Server.Client;

    /// <summary>Every kind of caller of the access matrix, by name.</summary>
    public IEnumerable<(string Name, HttpClient Client)> Callers =>
        [("anonymous", Anonymous), ("enterprise A", A), ("enterprise B", B), ("regulator food-drug", FoodDrug), ("regulator quality", Quality), ("admin", Admin)];

    public static async Task<AccessCity> StartAsync(string provider, bool withEvents = true)
    {
        var directory = new TestDirectory();
        directory.Add(EnterpriseA, Categories.Food, LocationA, PartyA);
        directory.Add(EnterpriseB, Categories.Elevator, LocationB, PartyB);
        var server = await PlatformServer.StartAsync(provider, services: s => s.AddSingleton<IEnterpriseDirectory>(directory));
        var city = new AccessCity
        {
            Server = server,
            Anonymous = server.AnonymousClient,
            A = await server.EnterpriseClientAsync(EnterpriseA),
            B = await server.EnterpriseClientAsync(EnterpriseB),
            FoodDrug = await server.RegulatorClientAsync(Departments.FoodDrug),
            Quality = await server.RegulatorClientAsync(Departments.Quality),
        };
        if (withEvents)
        {
            await city.CaptureAsync(city.A, Commission(LocationA));
            await city.CaptureAsync(city.A, Ship(LocationA, PartyA, LocationB, PartyB));
            await city.CaptureAsync(city.B, Receive(LocationB));
        }
        return city;
    }

    public async Task CaptureAsync(HttpClient client, string eventJson)
    {
        var response = await client.PostAsync("events", Body(eventJson));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"capture: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static string Document(params string[] events) =>
        "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\","
        + "\"creationDate\":\"2024-05-01T00:00:00Z\",\"epcisBody\":{\"eventList\":[" + string.Join(",", events) + "]}}";

    private static int _n;

    private static string Head(string bizStep, string action = "OBSERVE") =>
        $"\"type\":\"ObjectEvent\",\"eventID\":\"urn:uuid:{Guid.NewGuid()}\",\"eventTime\":\"2024-05-0{1 + Interlocked.Increment(ref _n) % 8}T08:00:00.000+08:00\",\"eventTimeZoneOffset\":\"+08:00\",\"action\":\"{action}\",\"bizStep\":\"{bizStep}\"";

    public static string Commission(string at) =>
        "{" + Head("commissioning", "ADD") + $",\"epcList\":[],\"quantityList\":[{{\"epcClass\":\"{Lot}\",\"quantity\":100,\"uom\":\"KGM\"}}],\"bizLocation\":{{\"id\":\"{at}\"}}}}";

    public static string Ship(string from, string fromParty, string to, string toParty) =>
        "{" + Head("shipping") + $",\"epcList\":[],\"quantityList\":[{{\"epcClass\":\"{Lot}\",\"quantity\":40,\"uom\":\"KGM\"}}],\"readPoint\":{{\"id\":\"{from}\"}}"
        + $",\"sourceList\":[{{\"type\":\"owning_party\",\"source\":\"{fromParty}\"}}],\"destinationList\":[{{\"type\":\"owning_party\",\"destination\":\"{toParty}\"}},{{\"type\":\"location\",\"destination\":\"{to}\"}}]}}";

    public static string Receive(string at) =>
        "{" + Head("receiving") + $",\"epcList\":[],\"quantityList\":[{{\"epcClass\":\"{Lot}\",\"quantity\":40,\"uom\":\"KGM\"}}],\"bizLocation\":{{\"id\":\"{at}\"}}}}";

    /// <summary>The bizSteps of the events a GET /events answer holds, across all pages (perPage as given).</summary>
    public static async Task<List<string>> BizStepsAsync(HttpClient client, int perPage = 30)
    {
        var steps = new List<string>();
        string? next = $"events?perPage={perPage}";
        while (next is not null)
        {
            var response = await client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var e in doc.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray())
            {
                steps.Add(e.GetProperty("bizStep").GetString()!);
            }
            next = response.Headers.TryGetValues("GS1-Next-Page-Token", out var token) ? $"events?perPage={perPage}&nextPageToken={Uri.EscapeDataString(token.First())}" : null;
        }
        return steps.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A refusal is RFC 9457 problem details with a status and a detail that says why.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string because)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{because}: expected {(int)status}, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("detail").GetString()), because + ": no detail");
        return doc.RootElement.Clone();
    }

    public static string Uscc(string first17) => first17 + UnifiedSocialCreditCode.CheckCharacter(first17);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
