using System.Text.Json;
using Suyuan.Core.Domain;
using Suyuan.Tests.PublicTrace;
using Xunit;
using static Suyuan.Tests.Rules.FoodEvents;

namespace Suyuan.Tests.Rules;

/// <summary>The seeded demo city trips every food, drug and farm-input rule with its staged faults, and its clean chains trip none.</summary>
public sealed class DemoFoodFaultsTests(DemoCityServer demo) : IClassFixture<DemoCityServer>
{
    private static readonly string[] Kinds =
    [
        AlertKinds.OriginCertificateMissing, AlertKinds.QuarantineCertificateMissing, AlertKinds.PesticideSafetyInterval, AlertKinds.BannedPesticide,
        AlertKinds.DrugSerialDuplicate, AlertKinds.DrugDispensedExpired, AlertKinds.AggregationConflict, AlertKinds.SaleAfterRecall, AlertKinds.ChainBreak,
    ];

    [Fact]
    public async Task EveryFoodRuleFiresOnTheStagedFaultsAndNeverOnTheCleanChains()
    {
        var client = demo.Server.Client;
        var faultEvents = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var kind in Kinds)
        {
            var alerts = await AlertsAsync(client, kind);
            Assert.True(alerts.Count > 0, $"no {kind} alert in the demo city");
            foreach (var alert in alerts)
            {
                foreach (var eventId in alert.Strings("eventIDs"))
                {
                    if (!faultEvents.TryGetValue(eventId, out var staged))
                    {
                        // The event comes back in a query document; a staged one carries sy:demoFault with the kind it stages.
                        var body = await client.GetStringAsync("events/" + Uri.EscapeDataString(eventId));
                        var json = JsonDocument.Parse(body).RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList")[0];
                        staged = json.EnumerateObject().Where(p => p.Name.EndsWith("demoFault", StringComparison.Ordinal)).Select(p => p.Value.GetString()).FirstOrDefault();
                        faultEvents[eventId] = staged;
                    }
                    Assert.True(staged is not null, $"{kind} alert {alert.GetProperty("id")} names the clean event {eventId}: {alert.GetProperty("message").GetString()}");
                }
            }
        }
    }
}
