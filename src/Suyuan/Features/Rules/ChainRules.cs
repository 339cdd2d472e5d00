using Suyuan.Core.Domain;
using Suyuan.Core.Profiles;
using Suyuan.Hosting.Projections;
using Suyuan.Storage;
using Suyuan.Storage.Recalls;

namespace Suyuan.Features.Rules;

/// <summary>
/// A retail sale or a dispensing of goods under an active recall: one in the recall registry started before the sale, or one
/// declared by an event (disposition recalled) before it. A recall event recorded after such a sale looks back for the sales
/// of its goods since (<see cref="StoredRecords"/>).
/// </summary>
internal sealed class SaleAfterRecallRule(RuleAlerts alerts, IEventStore store) : FoodRule(alerts)
{
    private readonly RecallRegistry _registry = RecallRegistry.Of(store);

    public override string Name => "rule-sale-after-recall";

    protected override async Task ApplyAsync(RuleEvent e, RuleScope scope)
    {
        if (e.Disposition == "recalled")
        {
            var recalled = e.Goods;
            foreach (var subject in recalled)
            {
                await scope.ExecuteAsync("INSERT INTO food_recalled (subject, event_id, recalled_at) VALUES (@subject, @id, @at) ON CONFLICT (subject) DO NOTHING",
                    new { subject, id = e.EventId, at = e.Time.ToUnixTimeMilliseconds() });
            }
            await LookBackAsync(e, recalled, scope);
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
            await RaiseAsync(scope, e, recall, category);
        }
        var at = e.Time.ToUnixTimeMilliseconds();
        foreach (var (subject, recallEvent) in await scope.QueryAsync<(string, string)>(
            $"SELECT subject, event_id FROM food_recalled WHERE {scope.In("subject", "goods")} AND recalled_at <= @at", new { goods, at }))
        {
            await RaiseAsync(scope, e, subject, recallEvent, category);
        }
    }

    /// <summary>The sales and dispensings already stored, at or after the recall, of the goods this event recalls (the first recall event of a good counts).</summary>
    private async Task LookBackAsync(RuleEvent recall, IReadOnlyList<string> recalled, RuleScope scope)
    {
        if (recalled.Count == 0)
        {
            return;
        }
        var held = (await scope.QueryAsync<(string Subject, string EventId)>(
            $"SELECT subject, event_id FROM food_recalled WHERE {scope.In("subject", "recalled")}", new { recalled }))
            .Where(r => r.EventId == recall.EventId).Select(r => r.Subject).ToHashSet(StringComparer.Ordinal);
        if (held.Count == 0 || await StoredRecords.IsDeclaredAsync(store, recall.EventId, scope.Ct))
        {
            return;
        }
        await foreach (var sale in StoredRecords.NamingAsync(store, [.. held],
            [("EQ_bizStep", "retail_selling|dispensing"), ("GE_eventTime", StoredRecords.Time(recall.Time))], scope.Ct))
        {
            if (sale.BizStep is not ("retail_selling" or "dispensing") || sale.Time.ToUnixTimeMilliseconds() < recall.Time.ToUnixTimeMilliseconds())
            {
                continue;
            }
            var category = ProfileCheck.Classify(sale.Source.Json, sale.Source.Context)?.Profile.Category;
            foreach (var subject in sale.Goods.Where(held.Contains))
            {
                await RaiseAsync(scope, sale, subject, recall.EventId, category);
            }
        }
    }

    /// <summary>
    /// Where the look-back over recalls entered in the registry stands (<c>projection_cursors</c>): the entry time (ms) of
    /// the latest one looked back, and a row per recall looked back (entries are read again from a minute before the
    /// latest, as one entered in the same moment may commit after another's look-back).
    /// </summary>
    private const string RegistryCursor = "rule-sale-after-recall/registry", LookedBack = "rule-sale-after-recall/recall/";

    private const long EntryMarginMs = 60_000;

    /// <summary>
    /// Recalls entered in the registry since the last look-back, possibly started at an earlier time: the sales and
    /// dispensings of their subjects already stored between their start and end raise their alerts now (later ones meet the
    /// recall as they are applied). Runs when a recall is entered and before each batch of the rule, in the rule's
    /// transaction with the position it reached, so a look-back that failed or was cut short is done again.
    /// </summary>
    public Task LookBackAtRegistryAsync(CancellationToken ct) =>
        Alerts.Database.InTransactionAsync(async (connection, transaction) =>
        {
            await using var scope = new RuleScope(connection, transaction, Alerts.Database.Provider, ct);
            await LookBackAtRegistryAsync(scope);
            await scope.FlushAsync();
            return 0;
        }, ct);

    protected override Task PrepareAsync(IReadOnlyList<RuleEvent> events, RuleScope scope) => LookBackAtRegistryAsync(scope);

    private async Task LookBackAtRegistryAsync(RuleScope scope)
    {
        var mark = (await scope.QueryAsync<long>("SELECT position FROM projection_cursors WHERE name = @name", new { name = RegistryCursor })).FirstOrDefault();
        var recalls = await _registry.CreatedSinceAsync(Math.Max(0, mark - EntryMarginMs), limit: 10_000, ct: scope.Ct);
        if (recalls.Count == 0)
        {
            return;
        }
        var names = recalls.Select(r => LookedBack + r.Id).ToList();
        var done = (await scope.QueryListAsync<string>($"SELECT name FROM projection_cursors WHERE {scope.In("name", "values")}", names)).ToHashSet(StringComparer.Ordinal);
        foreach (var recall in recalls.Where(r => !done.Contains(LookedBack + r.Id)))
        {
            await LookBackAsync(scope, recall);
            await scope.ExecuteAsync(ProjectionRunner.SavePositionSql, new { name = LookedBack + recall.Id, position = recall.CreatedAt.ToUnixTimeMilliseconds() });
        }
        var latest = recalls.Max(r => r.CreatedAt.ToUnixTimeMilliseconds());
        if (latest > mark)
        {
            await scope.ExecuteAsync(ProjectionRunner.SavePositionSql, new { name = RegistryCursor, position = latest });
        }
    }

    private async Task LookBackAsync(RuleScope scope, RecallRecord recall)
    {
        var parameters = new List<(string, string)> { ("EQ_bizStep", "retail_selling|dispensing"), ("GE_eventTime", StoredRecords.Time(recall.StartedAt)) };
        if (recall.EndedAt is { } ended)
        {
            parameters.Add(("LT_eventTime", StoredRecords.Time(ended)));
        }
        await foreach (var sale in StoredRecords.NamingAsync(store, [recall.Subject], parameters, scope.Ct))
        {
            if (sale.BizStep is ("retail_selling" or "dispensing") && sale.Time.ToUnixTimeMilliseconds() >= recall.StartedAt.ToUnixTimeMilliseconds()
                && sale.Goods.Contains(recall.Subject))
            {
                await RaiseAsync(scope, sale, recall, ProfileCheck.Classify(sale.Source.Json, sale.Source.Context)?.Profile.Category);
            }
        }
    }

    private Task RaiseAsync(RuleScope scope, RuleEvent sale, RecallRecord recall, string? category) =>
        Alerts.RaiseAsync(scope, AlertKinds.SaleAfterRecall, sale, [recall.Subject], [sale.EventId],
            $"{sale.BizStep} of {recall.GivenId} under recall {recall.Id} since {recall.StartedAt:yyyy-MM-dd} ({recall.Reason})", category);

    private Task RaiseAsync(RuleScope scope, RuleEvent sale, string subject, string recallEvent, string? category) =>
        Alerts.RaiseAsync(scope, AlertKinds.SaleAfterRecall, sale, [subject], [recallEvent, sale.EventId], $"{sale.BizStep} of {subject} after it was recalled", category);
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

    /// <summary>
    /// What the batch's events need, read once: the shipments already recorded of the goods its receipts received, and the
    /// receipts still waiting for the goods its shipments shipped (every good each of those alerts waits for). Kept up to
    /// date with the batch's own writes, so each event sees what the table would show.
    /// </summary>
    private sealed class Batch
    {
        /// <summary>(subject, destination) of recorded shipments.</summary>
        public HashSet<(string Subject, string Destination)> Shipments { get; } = [];

        /// <summary>Open alerts: the (subject, receiver) pairs not yet shipped.</summary>
        public WaitingAlerts<(string Subject, string Receiver)> Alerts { get; } = new();
    }

    private static bool IsShipping(RuleEvent e) => e.Type == "ObjectEvent" && e.BizStep == "shipping";

    private static bool IsReceipt(RuleEvent e) => e.Type == "ObjectEvent" && e.BizStep == "receiving" && e.Action != "ADD";

    protected override async Task PrepareAsync(IReadOnlyList<RuleEvent> events, RuleScope scope)
    {
        var batch = new Batch();
        scope.State = batch;
        var received = events.Where(IsReceipt).SelectMany(e => e.Goods).ToList();
        if (received.Count > 0)
        {
            foreach (var shipment in await scope.QueryListAsync<(string, string)>(
                $"SELECT subject, destination FROM food_shipments WHERE {scope.In("subject", "values")}", received))
            {
                batch.Shipments.Add(shipment);
            }
        }
        var shipped = events.Where(e => IsShipping(e) && e.Links("destinationList").Count > 0).SelectMany(e => e.Goods).ToList();
        if (shipped.Count > 0)
        {
            // Every row of each alert that waits for one of these goods: an alert is resolved when none is left.
            foreach (var (subject, receiver, alert) in await scope.QueryListAsync<(string, string, byte[])>(
                "SELECT u.subject, u.receiver, a.dedupe FROM food_unshipped u JOIN alerts a ON a.id = u.alert_id " +
                $"WHERE u.alert_id IN (SELECT alert_id FROM food_unshipped WHERE {scope.In("subject", "values")})", shipped))
            {
                batch.Alerts.Of(alert).Add((subject, receiver));
            }
        }
    }

    protected override async Task ApplyAsync(RuleEvent e, RuleScope scope)
    {
        var batch = (Batch)scope.State!;
        if (IsShipping(e))
        {
            var destinations = e.Links("destinationList").ToList();
            foreach (var subject in e.Goods)
            {
                foreach (var destination in destinations)
                {
                    await scope.ExecuteAsync("INSERT INTO food_shipments (subject, destination, event_id) VALUES (@subject, @destination, @id) ON CONFLICT (subject, destination) DO NOTHING",
                        new { subject, destination, id = e.EventId });
                    batch.Shipments.Add((subject, destination));
                }
                if (destinations.Count > 0)
                {
                    await ResolveAsync(scope, batch, e, subject, destinations);
                }
            }
            return;
        }
        if (!IsReceipt(e))
        {
            return;
        }
        List<string> receivers = [.. e.Links("destinationList"), .. e.Location is { } l ? [l] : Array.Empty<string>()];
        var goods = e.Goods;
        if (receivers.Count == 0 || goods.Count == 0)
        {
            return;
        }
        var unshipped = goods.Where(g => !receivers.Any(r => batch.Shipments.Contains((g, r)))).ToList();
        if (unshipped.Count == 0)
        {
            return;
        }
        var category = ProfileCheck.Classify(e.Source.Json, e.Source.Context)?.Profile.Category;
        var alert = await Alerts.RaiseAsync(scope, AlertKinds.ChainBreak, e, [.. unshipped, receivers[0]], [e.EventId],
            $"received {string.Join(", ", unshipped)} at {receivers[0]}, but no shipment of it to the receiver is recorded", category);
        var waiting = batch.Alerts.Of(alert);
        foreach (var subject in unshipped)
        {
            foreach (var receiver in receivers.Distinct(StringComparer.Ordinal))
            {
                await scope.ExecuteAsync("INSERT INTO food_unshipped (subject, receiver, alert_id) SELECT @subject, @receiver, id FROM alerts WHERE dedupe = @alert ON CONFLICT DO NOTHING",
                    new { subject, receiver, alert });
                waiting.Add((subject, receiver));
            }
        }
    }

    /// <summary>A shipment of <paramref name="subject"/> to these destinations: the receipts still waiting for it have it now.</summary>
    private async Task ResolveAsync(RuleScope scope, Batch batch, RuleEvent shipping, string subject, List<string> destinations)
    {
        foreach (var (alert, waiting) in batch.Alerts.All.Where(a => a.Waiting.Any(w => w.Subject == subject && destinations.Contains(w.Receiver))).ToList())
        {
            await scope.ExecuteAsync("DELETE FROM food_unshipped WHERE alert_id = (SELECT id FROM alerts WHERE dedupe = @alert) AND subject = @subject", new { alert, subject });
            waiting.RemoveWhere(w => w.Subject == subject);
            if (waiting.Count == 0)
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
        services.AddSingleton<Hosting.Projections.IDeclaredEventState, DeclaredRuleState>();
        services.AddSingleton<SaleAfterRecallRule>();
        services.AddSingleton<Hosting.Projections.IEventProjection>(sp => sp.GetRequiredService<SaleAfterRecallRule>());
        services.AddSingleton<Hosting.Projections.IEventProjection, ChainBreakRule>();
        return services;
    }
}
