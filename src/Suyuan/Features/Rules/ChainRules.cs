using Suyuan.Core.Domain;
using Suyuan.Core.Profiles;
using Suyuan.Storage;
using Suyuan.Storage.Recalls;

namespace Suyuan.Features.Rules;

/// <summary>
/// A retail sale or a dispensing of goods under an active recall: one in the recall registry started before the sale, or one
/// declared by an event (disposition recalled) before it.
/// </summary>
internal sealed class SaleAfterRecallRule(RuleAlerts alerts, IEventStore store) : FoodRule(alerts)
{
    private readonly RecallRegistry _registry = RecallRegistry.Of(store);

    public override string Name => "rule-sale-after-recall";

    protected override async Task ApplyAsync(RuleEvent e, RuleScope scope)
    {
        if (e.Disposition == "recalled")
        {
            foreach (var subject in e.Goods)
            {
                await scope.ExecuteAsync("INSERT INTO food_recalled (subject, event_id, recalled_at) VALUES (@subject, @id, @at) ON CONFLICT (subject) DO NOTHING",
                    new { subject, id = e.EventId, at = e.Time.ToUnixTimeMilliseconds() });
            }
            return;
        }
        if (e.BizStep is not ("retail_selling" or "dispensing"))
        {
            return;
        }
        var goods = e.Goods;
        if (goods.Count == 0)
        {
            return;
        }
        var category = ProfileCheck.Classify(e.Source.Json, e.Source.Context)?.Profile.Category;
        foreach (var recall in (await _registry.ActiveForAsync(goods, scope.Ct)).Where(r => r.StartedAt <= e.Time))
        {
            await Alerts.RaiseAsync(scope, AlertKinds.SaleAfterRecall, e, [recall.Subject], [e.EventId],
                $"{e.BizStep} of {recall.GivenId} under recall {recall.Id} since {recall.StartedAt:yyyy-MM-dd} ({recall.Reason})", category);
        }
        var at = e.Time.ToUnixTimeMilliseconds();
        foreach (var (subject, recallEvent) in await scope.QueryAsync<(string, string)>(
            $"SELECT subject, event_id FROM food_recalled WHERE {scope.In("subject", "goods")} AND recalled_at <= @at", new { goods, at }))
        {
            await Alerts.RaiseAsync(scope, AlertKinds.SaleAfterRecall, e, [subject], [recallEvent, e.EventId],
                $"{e.BizStep} of {subject} after it was recalled", category);
        }
    }
}

/// <summary>
/// Goods received that nobody shipped to the receiver (its party or location, or the receiving's business location).
/// Receipts with action ADD bring goods into the platform (imports, first entry) and have no shipment to match.
/// Enterprises send their data on their own schedules, so the shipper's record may arrive after the receiver's: a
/// shipment of the goods to one of the receipt's receivers recorded later resolves them, and once every good of the
/// alert is resolved the alert is acknowledged by the system with a note naming the shipment.
/// </summary>
internal sealed class ChainBreakRule(RuleAlerts alerts) : FoodRule(alerts)
{
    public override string Name => "rule-chain-break";

    protected override async Task ApplyAsync(RuleEvent e, RuleScope scope)
    {
        if (e.Type != "ObjectEvent")
        {
            return;
        }
        if (e.BizStep == "shipping")
        {
            var destinations = e.Links("destinationList").ToList();
            foreach (var subject in e.Goods)
            {
                foreach (var destination in destinations)
                {
                    await scope.ExecuteAsync("INSERT INTO food_shipments (subject, destination, event_id) VALUES (@subject, @destination, @id) ON CONFLICT (subject, destination) DO NOTHING",
                        new { subject, destination, id = e.EventId });
                }
                if (destinations.Count > 0)
                {
                    await ResolveAsync(scope, e, subject, destinations);
                }
            }
            return;
        }
        if (e.BizStep != "receiving" || e.Action == "ADD")
        {
            return;
        }
        List<string> receivers = [.. e.Links("destinationList"), .. e.Location is { } l ? [l] : Array.Empty<string>()];
        var goods = e.Goods;
        if (receivers.Count == 0 || goods.Count == 0)
        {
            return;
        }
        var shipped = (await scope.QueryAsync<string>($"SELECT DISTINCT subject FROM food_shipments WHERE {scope.In("subject", "goods")} AND {scope.In("destination", "receivers")}", new { goods, receivers }))
            .ToHashSet(StringComparer.Ordinal);
        var unshipped = goods.Where(g => !shipped.Contains(g)).ToList();
        if (unshipped.Count == 0)
        {
            return;
        }
        var category = ProfileCheck.Classify(e.Source.Json, e.Source.Context)?.Profile.Category;
        var alert = await Alerts.RaiseAsync(scope, AlertKinds.ChainBreak, e, [.. unshipped, receivers[0]], [e.EventId],
            $"received {string.Join(", ", unshipped)} at {receivers[0]}, but no shipment of it to the receiver is recorded", category);
        foreach (var subject in unshipped)
        {
            foreach (var receiver in receivers.Distinct(StringComparer.Ordinal))
            {
                await scope.ExecuteAsync("INSERT INTO food_unshipped (subject, receiver, alert_id) SELECT @subject, @receiver, id FROM alerts WHERE dedupe = @alert ON CONFLICT DO NOTHING",
                    new { subject, receiver, alert });
            }
        }
    }

    /// <summary>A shipment of <paramref name="subject"/> to these destinations: the receipts still waiting for it have it now.</summary>
    private async Task ResolveAsync(RuleScope scope, RuleEvent shipping, string subject, List<string> destinations)
    {
        var alerts = (await scope.QueryAsync<long>($"SELECT DISTINCT alert_id FROM food_unshipped WHERE subject = @subject AND {scope.In("receiver", "destinations")}",
            new { subject, destinations })).ToList();
        foreach (var alert in alerts)
        {
            await scope.ExecuteAsync("DELETE FROM food_unshipped WHERE alert_id = @alert AND subject = @subject", new { alert, subject });
            var waiting = await scope.QueryAsync<string>("SELECT subject FROM food_unshipped WHERE alert_id = @alert LIMIT 1", new { alert });
            if (!waiting.Any())
            {
                await Alerts.ResolveAsync(scope, alert, $"resolved: the shipment was recorded after the receipt (event {shipping.EventId}) · 发货记录晚于收货记录到达，链条已接上");
            }
        }
    }
}

/// <summary>Registers the food, drug and farm-input rules as views of the event feed.</summary>
internal static class FoodRulesRegistration
{
    public static IServiceCollection AddFoodRules(this IServiceCollection services)
    {
        services.AddSingleton<RuleAlerts>();
        services.AddSingleton<Hosting.Projections.IEventProjection, OriginCertificateRule>();
        services.AddSingleton<Hosting.Projections.IEventProjection, QuarantineCertificateRule>();
        services.AddSingleton<Hosting.Projections.IEventProjection, PesticideSafetyIntervalRule>();
        services.AddSingleton<Hosting.Projections.IEventProjection, BannedPesticideRule>();
        services.AddSingleton<Hosting.Projections.IEventProjection, DrugSerialDuplicateRule>();
        services.AddSingleton<Hosting.Projections.IEventProjection, DrugDispensedExpiredRule>();
        services.AddSingleton<Hosting.Projections.IEventProjection, AggregationConflictRule>();
        services.AddSingleton<Hosting.Projections.IEventProjection, SaleAfterRecallRule>();
        services.AddSingleton<Hosting.Projections.IEventProjection, ChainBreakRule>();
        return services;
    }
}
