using System.Text.Json.Nodes;
using Suyuan.Tests.Http;
using Xunit;
using static Suyuan.Tests.Rules.FoodEvents;

namespace Suyuan.Tests.Rules;

/// <summary>A full correct chain per category, captured over HTTP, is stored without refusal or warning and raises no alert.</summary>
public sealed class FoodChainTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private static async Task AssertCleanAsync(string provider, JsonObject[] chain)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var job = await CaptureAllAsync(server.Client, chain);
        Assert.Empty(job.GetProperty("errors").EnumerateArray());
        Assert.Empty(await AlertsAsync(server.Client));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public Task EdibleFarmProduceChainRaisesNoAlert(string provider) => AssertCleanAsync(provider, FoodChains.Fruit());

    [Theory]
    [MemberData(nameof(Providers))]
    public Task MeatChainFromQuarantineToScaleReceiptRaisesNoAlert(string provider) => AssertCleanAsync(provider, FoodChains.Pork());

    [Theory]
    [MemberData(nameof(Providers))]
    public Task FoodProductionChainRaisesNoAlert(string provider) => AssertCleanAsync(provider, FoodChains.Milk());

    [Theory]
    [MemberData(nameof(Providers))]
    public Task ImportedWineChainRaisesNoAlert(string provider) => AssertCleanAsync(provider, FoodChains.Wine());

    [Theory]
    [MemberData(nameof(Providers))]
    public Task DrugChainFromCodingToDispensingRaisesNoAlert(string provider) => AssertCleanAsync(provider, FoodChains.Drug());

    [Theory]
    [MemberData(nameof(Providers))]
    public Task HerbalMedicineChainRaisesNoAlert(string provider) => AssertCleanAsync(provider, FoodChains.Herbs());

    [Theory]
    [MemberData(nameof(Providers))]
    public Task FarmInputChainWithHarvestAfterTheSafetyIntervalRaisesNoAlert(string provider) => AssertCleanAsync(provider, FoodChains.Pesticide());
}
