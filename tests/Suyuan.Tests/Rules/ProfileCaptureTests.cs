using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Suyuan.Tests.Http;
using Xunit;
using static Suyuan.Tests.Rules.FoodEvents;

namespace Suyuan.Tests.Rules;

/// <summary>Capture checks each event against its category's profile: a missing required element is refused naming the field, a recommended one warns.</summary>
public sealed class ProfileCaptureTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private static JsonObject Without(JsonObject e, params string[] path)
    {
        var copy = (JsonObject)e.DeepClone();
        var node = copy;
        foreach (var step in path[..^1])
        {
            node = (JsonObject)node[step]!;
        }
        Assert.True(node.Remove(path[^1]), string.Join("/", path));
        return copy;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnEventWithoutARequiredElementIsRefusedWithTheFieldInThePointer(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var certificate = Without(FoodChains.Fruit()[0], "ilmd", "sy:certificate", "sy:number");
        var response = await server.Client.PostAsync("events", Single(certificate));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/ilmd/sy:certificate/sy:number", problem.GetProperty("pointer").GetString());
        Assert.Contains("certificate number", problem.GetProperty("detail").GetString());
        Assert.Empty(await AlertsAsync(server.Client));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ADocumentRefusalListsEachEventsMissingElement(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var drug = FoodChains.Drug();
        var document = Document(
            Without(drug[0], "ilmd", "sy:batchNumber"),
            drug[1],
            Without(drug[2], "sy:bill", "sy:number"));
        using var content = new ByteArrayContent(document);
        content.Headers.ContentType = new("application/ld+json");
        var response = await server.Client.PostAsync("capture", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var pointers = problem.GetProperty("errors").EnumerateArray().Where(e => e.GetProperty("severity").GetString() == "error").Select(e => e.GetProperty("pointer").GetString()).ToList();
        Assert.Equal(["/epcisBody/eventList/0/ilmd/sy:batchNumber", "/epcisBody/eventList/2/sy:bill/sy:number"], pointers);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnExplicitCategoryIsCheckedEvenWithoutMarkersAndAnUnknownOneIsRefused(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var dispensing = Object(1, At(1, 9), "dispensing", Site(FoodChains.Pharmacy)).With("epcList", Epcs(Serial(FoodChains.DrugMaker, 101, "1"))).Sy(("category", "drug"));
        var refused = await server.Client.PostAsync("events", Single(dispensing));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("/sy:drugTraceCode", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pointer").GetString());

        var unknown = await server.Client.PostAsync("events", Single(Object(2, At(1, 9), "receiving", Site(FoodChains.Shop)).With("epcList", Epcs(Serial(FoodChains.DrugMaker, 101, "2"))).Sy(("category", "tobacco"))));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var unknownProblem = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(unknownProblem.GetProperty("pointer").GetString() == "/sy:category", unknownProblem.ToString());

        // The same dispensing without sy:category and without the marker is of no category: not checked.
        var plain = await server.Client.PostAsync("events", Single(Object(3, At(1, 9), "dispensing", Site(FoodChains.Pharmacy)).With("epcList", Epcs(Serial(FoodChains.DrugMaker, 101, "1")))));
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AMissingRecommendedElementIsAcceptedWithAWarning(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var sale = Without(FoodChains.Pesticide()[3], "sy:sale", "sy:crop");
        var response = await server.Client.PostAsync("events", Single(sale));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonDocument.Parse(Assert.Single(response.Headers.GetValues("Suyuan-Warnings"))).RootElement;
        var warning = Assert.Single(created.EnumerateArray());
        Assert.Equal("/sy:crop", warning.GetProperty("pointer").GetString());

        var job = await CaptureAllAsync(server.Client, Without(FoodChains.Pesticide(100)[3], "sy:sale", "sy:targetPest"));
        Assert.True(job.GetProperty("success").GetBoolean());
        Assert.Empty(job.GetProperty("errors").EnumerateArray());
        var listed = Assert.Single(job.GetProperty("warnings").EnumerateArray());
        Assert.Equal("/epcisBody/eventList/0/sy:targetPest", listed.GetProperty("pointer").GetString());
        Assert.False(string.IsNullOrEmpty(listed.GetProperty("detail").GetString()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ProfilesArePublishedPerCategory(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var all = await server.Client.GetFromJsonAsync<JsonElement>("api/profiles");
        Assert.Equal("https://suyuan.example.cn/epcis/", all.GetProperty("namespace").GetString());
        Assert.Equal(6, all.GetProperty("profiles").GetArrayLength());
        var drug = await server.Client.GetFromJsonAsync<JsonElement>("api/profiles/drug");
        var coding = drug.GetProperty("events").EnumerateArray().First(e => e.GetProperty("code").GetString() == "coding");
        Assert.Contains(coding.GetProperty("elements").EnumerateArray(), e => e.GetProperty("paths")[0].GetString() == "approvalNumber" && e.GetProperty("requirement").GetString() == "Required");
        var missing = await server.Client.GetAsync("api/profiles/tobacco");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("/category", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pointer").GetString());
    }
}
