using Suyuan.Core.Domain;
using Suyuan.Features.Demo;
using Xunit;

namespace Suyuan.Tests.Equipment;

public sealed class DemoEquipmentTests
{
    private static readonly string[] Kinds =
    [
        AlertKinds.ElevatorMaintenanceOverdue, AlertKinds.ElevatorInspectionOverdue, AlertKinds.CylinderInspectionOverdue,
        AlertKinds.CylinderScrapped, AlertKinds.ChemicalBuyerWithoutPermit, AlertKinds.ChemicalMassImbalance,
    ];

    [Fact]
    public async Task TheDemoCitysFaultyUnitsTripEachEquipmentAlertOnceAndItsCleanChainsTripNone()
    {
        var plan = DemoPlan.City();
        var clock = new FakeClock(DemoChains.At(plan.FirstDay.AddDays(plan.Days), 8, 0)); // the morning after the last day of trade
        await using var server = await EquipmentEvents.StartAsync("sqlite", clock);
        var output = new StringWriter();
        var result = await DemoSeeding.SeedIfEmptyAsync(server.Services, server.BaseAddress.ToString(), plan, output, CancellationToken.None);
        Assert.True(result is { Failures.Count: 0 }, output.ToString());

        await server.AlertKindsAsync();
        foreach (var kind in Kinds)
        {
            var alerts = await server.AlertsAsync(kind);
            var alert = Assert.Single(alerts);
            var ids = string.Join(" ", alert.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
            Assert.True(ids.Contains("90000", StringComparison.Ordinal), $"{kind} raised for a clean unit: {alert}");
        }
        var elevators = await server.GetJsonAsync("api/elevators");
        Assert.True(elevators.GetProperty("count").GetInt32() >= 40);
        var where = await server.GetJsonAsync($"api/chemicals/{Uri.EscapeDataString("氰化钠")}/whereabouts");
        Assert.Equal(12m, where.GetProperty("unexplainedKg").GetDecimal());
    }
}
