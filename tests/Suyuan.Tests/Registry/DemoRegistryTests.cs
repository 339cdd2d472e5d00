using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Suyuan.Features.Demo;
using Suyuan.Hosting.Directory;
using Suyuan.Tests.PublicTrace;

namespace Suyuan.Tests.Registry;

public sealed class DemoRegistryTests(DemoCityServer city) : IClassFixture<DemoCityServer>
{
    [Fact]
    public async Task TheDemoCityIsRegisteredAndItsSitesMapToTheirEnterprises()
    {
        var demo = new DemoCity(DemoPlan.DefaultSeed, 1);
        var directory = city.Server.Services.GetRequiredService<IEnterpriseDirectory>();
        foreach (var e in demo.All)
        {
            Assert.Equal(e.Uscc, await directory.OwnerOfAsync(e.Site));
            Assert.Equal(e.Uscc, await directory.OwnerOfAsync(e.Party));
        }
        var list = await city.Server.Client.GetFromJsonAsync<JsonElement>("api/enterprises?pageSize=1");
        Assert.Equal(demo.All.Count + DemoRegistry.SilentMeatNodes + DemoRegistry.SilentOilNodes, list.GetProperty("total").GetInt64());
        var catalogue = await city.Server.Client.GetFromJsonAsync<JsonElement>("api/catalogue/gtin/" + DemoIdentifiers.Gtin(demo.Dairy.CompanyPrefix, 2));
        Assert.Equal("超高温灭菌乳", catalogue[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task CoverageIsFullForDairyAndBelowPlanForMeatAndEdibleOil()
    {
        var demo = new DemoCity(DemoPlan.DefaultSeed, 1);
        var last = (await city.Server.Client.GetFromJsonAsync<JsonElement>("api/enterprises/last-reported")).EnumerateArray()
            .ToDictionary(l => l.GetProperty("uscc").GetString()!, l => (Name: l.GetProperty("name").GetString()!, Reported: l.GetProperty("lastEventTime").ValueKind != JsonValueKind.Null));
        double Coverage(Func<string, string, bool> inGroup)
        {
            var group = last.Where(l => inGroup(l.Key, l.Value.Name)).ToList();
            return group.Count(g => g.Value.Reported) / (double)group.Count;
        }
        var dairy = demo.DairyFarms.Append(demo.Dairy).Select(e => e.Uscc).ToHashSet();
        Assert.Equal(1.0, Coverage((uscc, _) => dairy.Contains(uscc)));
        var meat = demo.PigFarms.Concat(demo.Slaughterhouses).Select(e => e.Uscc).ToHashSet();
        var meatCoverage = Coverage((uscc, name) => meat.Contains(uscc) || name.EndsWith("生猪养殖场", StringComparison.Ordinal) || name.EndsWith("肉制品加工厂", StringComparison.Ordinal));
        Assert.InRange(meatCoverage, 0.30, 0.40);
        var oil = Coverage((uscc, name) => uscc == demo.OilMill.Uscc || uscc == demo.RapeseedCooperative.Uscc || name.EndsWith("粮油加工厂", StringComparison.Ordinal));
        Assert.Equal(0.2, oil, 3);
    }
}
