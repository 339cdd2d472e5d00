using Suyuan.Core.Domain;
using Suyuan.Core.Profiles;
using Suyuan.Storage;

namespace Suyuan.Features.Rules;

internal static class Drugs
{
    /// <summary>A drug coding event: commissioning ADD recognised as the drug profile's (explicitly or by its approval number).</summary>
    public static bool IsCoding(RuleEvent e) =>
        e.BizStep == "commissioning" && e.Type == "ObjectEvent" && e.Action == "ADD"
        && (e.Category == Categories.Drug || e.Fields.Has("approvalNumber"));
}

/// <summary>A drug serial commissioned by a second event: a copied or re-used trace code.</summary>
internal sealed class DrugSerialDuplicateRule(RuleAlerts alerts) : FoodRule(alerts)
{
    public override string Name => "rule-drug-serial-duplicate";

    protected override async Task ApplyAsync(RuleEvent e, RuleScope scope)
    {
        if (!Drugs.IsCoding(e))
        {
            return;
        }
        foreach (var serial in e.Ids("epcList"))
        {
            var first = (await scope.QueryAsync<string>("SELECT event_id FROM food_drug_serials WHERE subject = @serial", new { serial })).FirstOrDefault();
            if (first is null)
            {
                await scope.ExecuteAsync("INSERT INTO food_drug_serials (subject, event_id) VALUES (@serial, @id)", new { serial, id = e.EventId });
            }
            else if (first != e.EventId)
            {
                await Alerts.RaiseAsync(scope, AlertKinds.DrugSerialDuplicate, e, [serial], [first, e.EventId],
                    $"drug serial {serial} commissioned again (first by {first})");
            }
        }
    }
}

/// <summary>
/// A drug unit or lot dispensed after the expiry date its coding gave. A coding recorded after the dispensing looks back
/// for the dispensings of its units (<see cref="StoredRecords"/>).
/// </summary>
internal sealed class DrugDispensedExpiredRule(RuleAlerts alerts, IEventStore store) : FoodRule(alerts)
{
    public override string Name => "rule-drug-dispensed-expired";

    protected override async Task ApplyAsync(RuleEvent e, RuleScope scope)
    {
        if (Drugs.IsCoding(e) || (e.BizStep == "commissioning" && e.Category == Categories.Drug))
        {
            if (e.Fields.Text("expiryDate") is not { } expiry || RuleEvent.ParseDay(expiry) is null)
            {
                return;
            }
            var coded = e.Type == "TransformationEvent" ? e.Outputs : e.Goods;
            foreach (var subject in coded)
            {
                await scope.ExecuteAsync("INSERT INTO food_drug_expiry (subject, expiry, event_id) VALUES (@subject, @expiry, @id) ON CONFLICT (subject) DO NOTHING",
                    new { subject, expiry = expiry[..10], id = e.EventId });
            }
            await LookBackAsync(e, coded, scope);
            return;
        }
        if (e.BizStep != "dispensing")
        {
            return;
        }
        var goods = e.Goods;
        var known = await scope.QueryAsync<(string Subject, string Expiry, string EventId)>(
            $"SELECT subject, expiry, event_id FROM food_drug_expiry WHERE {scope.In("subject", "goods")}", new { goods });
        foreach (var (subject, expiry, coding) in known)
        {
            await CheckAsync(scope, e, subject, expiry, coding);
        }
    }

    /// <summary>The dispensings already stored of the units whose expiry this coding holds (the first coding of a unit gives it).</summary>
    private async Task LookBackAsync(RuleEvent coding, IReadOnlyList<string> coded, RuleScope scope)
    {
        if (coded.Count == 0)
        {
            return;
        }
        var held = (await scope.QueryAsync<(string Subject, string Expiry, string EventId)>(
            $"SELECT subject, expiry, event_id FROM food_drug_expiry WHERE {scope.In("subject", "coded")}", new { coded }))
            .Where(r => r.EventId == coding.EventId && RuleEvent.ParseDay(r.Expiry) is not null)
            .ToDictionary(r => r.Subject, r => r.Expiry, StringComparer.Ordinal);
        if (held.Count == 0 || await StoredRecords.IsDeclaredAsync(store, coding.EventId, scope.Ct))
        {
            return;
        }
        // From the day before the earliest expiry: the day is compared on each event's own clock.
        var earliest = held.Values.Select(x => RuleEvent.ParseDay(x)!.Value).Min();
        var from = earliest > DateOnly.MinValue ? earliest.AddDays(-1) : earliest;
        await foreach (var dispensing in StoredRecords.NamingAsync(store, [.. held.Keys],
            [("EQ_bizStep", "dispensing"), ("GE_eventTime", StoredRecords.Time(new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)))], scope.Ct))
        {
            if (dispensing.BizStep != "dispensing")
            {
                continue;
            }
            foreach (var subject in dispensing.Goods)
            {
                if (held.TryGetValue(subject, out var expiry))
                {
                    await CheckAsync(scope, dispensing, subject, expiry, coding.EventId);
                }
            }
        }
    }

    private async Task CheckAsync(RuleScope scope, RuleEvent dispensing, string subject, string expiry, string coding)
    {
        if (RuleEvent.ParseDay(expiry) is { } last && dispensing.Day > last)
        {
            await Alerts.RaiseAsync(scope, AlertKinds.DrugDispensedExpired, dispensing, [subject], [coding, dispensing.EventId],
                $"dispensed on {dispensing.Day:yyyy-MM-dd}, after its expiry date {expiry}",
                ProfileCheck.Classify(dispensing.Source.Json, dispensing.Source.Context)?.Profile.Category ?? Categories.Drug);
        }
    }
}

/// <summary>A unit packed into a second container while the first still holds it (no unpacking in between).</summary>
internal sealed class AggregationConflictRule(RuleAlerts alerts) : FoodRule(alerts)
{
    public override string Name => "rule-aggregation-conflict";

    private static bool IsPacking(RuleEvent e) => e.Type == "AggregationEvent" && e.Action == "ADD" && e.Source.String("parentID") is not null;

    /// <summary>Where the children the batch packs are now (child → parent and the packing event), read once for the batch.</summary>
    protected override async Task PrepareAsync(IReadOnlyList<RuleEvent> events, RuleScope scope)
    {
        var containment = new Dictionary<string, (string Parent, string EventId)>(StringComparer.Ordinal);
        scope.State = containment;
        var children = events.Where(IsPacking).SelectMany(e => e.Ids("childEPCs")).ToList();
        if (children.Count > 0)
        {
            foreach (var (child, parent, eventId) in await scope.QueryListAsync<(string, string, string)>(
                $"SELECT child, parent, event_id FROM food_containment WHERE {scope.In("child", "values")}", children))
            {
                containment[child] = (parent, eventId);
            }
        }
    }

    protected override async Task ApplyAsync(RuleEvent e, RuleScope scope)
    {
        var containment = (Dictionary<string, (string Parent, string EventId)>)scope.State!;
        if (e.Type != "AggregationEvent" || e.Source.String("parentID") is not { } given)
        {
            return;
        }
        var parent = RuleEvent.Canonical(given);
        var children = e.Ids("childEPCs");
        if (e.Action == "DELETE")
        {
            if (children.Count == 0)
            {
                await scope.ExecuteAsync("DELETE FROM food_containment WHERE parent = @parent", new { parent });
                foreach (var child in containment.Where(c => c.Value.Parent == parent).Select(c => c.Key).ToList())
                {
                    containment.Remove(child);
                }
            }
            else
            {
                await scope.ExecuteAsync($"DELETE FROM food_containment WHERE parent = @parent AND {scope.In("child", "children")}", new { parent, children });
                foreach (var child in children.Where(c => containment.TryGetValue(c, out var held) && held.Parent == parent))
                {
                    containment.Remove(child);
                }
            }
            return;
        }
        if (e.Action != "ADD")
        {
            return;
        }
        foreach (var child in children)
        {
            if (!containment.TryGetValue(child, out var held))
            {
                await scope.ExecuteAsync("INSERT INTO food_containment (child, parent, event_id) VALUES (@child, @parent, @id)", new { child, parent, id = e.EventId });
                containment[child] = (parent, e.EventId);
            }
            else if (held.Parent != parent && held.EventId != e.EventId)
            {
                await Alerts.RaiseAsync(scope, AlertKinds.AggregationConflict, e, [child, held.Parent, parent], [held.EventId, e.EventId],
                    $"{child} packed into {parent} while still in {held.Parent}");
            }
        }
    }
}
