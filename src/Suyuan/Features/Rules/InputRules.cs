using Suyuan.Hosting;
using Suyuan.Core.Domain;
using Suyuan.Core.Profiles;
using Suyuan.Storage;

namespace Suyuan.Features.Rules;

/// <summary>Pesticide products by registration number, as commissioned; rules that name products by number look them up here.</summary>
internal static class PesticideProducts
{
    public static async Task RememberAsync(RuleEvent e, RuleScope scope)
    {
        if (e.BizStep == "commissioning" && e.Fields.Text("registrationNumber") is { } number && e.Fields.Text("productName") is { } name)
        {
            await scope.ExecuteAsync("INSERT INTO food_pesticide_products (registration_number, product_name) VALUES (@number, @name) ON CONFLICT (registration_number) DO NOTHING",
                new { number, name });
        }
    }

    /// <summary>The product or active ingredient an event names, directly or through its registration number.</summary>
    public static async Task<string?> OfAsync(RuleEvent e, RuleScope scope)
    {
        if ((e.Fields.Text("activeIngredient") ?? e.Fields.Text("pesticide") ?? e.Fields.Text("productName")) is { } named)
        {
            return named;
        }
        return e.Fields.Text("registrationNumber") is { } number
            ? (await scope.QueryAsync<string>("SELECT product_name FROM food_pesticide_products WHERE registration_number = @number", new { number })).FirstOrDefault()
            : null;
    }

    public static bool IsApplication(RuleEvent e) => e.BizStep == SuyuanVocabulary.ApplyingBizStep || (e.Fields.Has("application") && e.Fields.Has("registrationNumber"));
}

/// <summary>
/// A harvest (commissioning with a harvest date or an origin certificate) at a field or base within the safety interval of a
/// pesticide applied there. An application recorded after the harvest looks back for the harvests it concerns (<see cref="StoredRecords"/>).
/// </summary>
internal sealed class PesticideSafetyIntervalRule(RuleAlerts alerts, IEventStore store) : FoodRule(alerts)
{
    public override string Name => "rule-pesticide-safety-interval";

    protected override async Task ApplyAsync(RuleEvent e, RuleScope scope)
    {
        await PesticideProducts.RememberAsync(e, scope);
        if (PesticideProducts.IsApplication(e))
        {
            if (e.Location is not { } field || await PesticideProducts.OfAsync(e, scope) is not { } product
                || SafetyIntervals.Find(product, e.Fields.Text("crop")) is not { } interval)
            {
                return;
            }
            await scope.ExecuteAsync(
                "INSERT INTO food_pesticide_applications (location, event_id, product, applied_at, safe_from, interval_days) VALUES (@field, @id, @product, @at, @safe, @days) " +
                "ON CONFLICT (location, event_id) DO NOTHING",
                new { field, id = e.EventId, product, at = e.Time.ToUnixTimeMilliseconds(), safe = e.Time.AddDaysClamped(interval.Days).ToUnixTimeMilliseconds(), days = interval.Days });
            if (await StoredRecords.IsDeclaredAsync(store, e.EventId, scope.Ct))
            {
                return;
            }
            await foreach (var harvest in StoredRecords.FindAsync(store,
                [("EQ_bizStep", "commissioning"), ("EQ_bizLocation", field), ("GE_eventTime", StoredRecords.Time(e.Time)), ("LT_eventTime", StoredRecords.Time(e.Time.AddDaysClamped(interval.Days)))], scope.Ct))
            {
                if (IsHarvest(harvest) && harvest.Location == field)
                {
                    await RaiseAsync(scope, harvest, field, e.EventId, product, interval.Days);
                }
            }
            return;
        }
        if (!IsHarvest(e) || e.Location is not { } location)
        {
            return;
        }
        var at = e.Time.ToUnixTimeMilliseconds();
        var applications = await scope.QueryAsync<(string EventId, string Product, long Days)>(
            "SELECT event_id, product, interval_days FROM food_pesticide_applications WHERE location = @location AND applied_at <= @at AND safe_from > @at ORDER BY applied_at",
            new { location, at });
        foreach (var application in applications)
        {
            await RaiseAsync(scope, e, location, application.EventId, application.Product, application.Days);
        }
    }

    private static bool IsHarvest(RuleEvent e) => e.BizStep == "commissioning" && (e.Fields.Has("harvestDate") || e.Fields.Has("certificate"));

    private Task RaiseAsync(RuleScope scope, RuleEvent harvest, string location, string application, string product, long days) =>
        Alerts.RaiseAsync(scope, AlertKinds.PesticideSafetyInterval, harvest, [.. harvest.Goods, .. harvest.Outputs, location], [application, harvest.EventId],
            $"harvested within the {days}-day safety interval of {product} applied at the same field");
}

/// <summary>A banned pesticide sold (retail selling with a registration number) or applied, by the dated ban list and the crop.</summary>
internal sealed class BannedPesticideRule(RuleAlerts alerts) : FoodRule(alerts)
{
    public override string Name => "rule-banned-pesticide";

    protected override async Task ApplyAsync(RuleEvent e, RuleScope scope)
    {
        await PesticideProducts.RememberAsync(e, scope);
        var sale = e.BizStep == "retail_selling" && e.Fields.Has("registrationNumber");
        if (!sale && !PesticideProducts.IsApplication(e))
        {
            return;
        }
        if (await PesticideProducts.OfAsync(e, scope) is not { } product)
        {
            return;
        }
        var crop = e.Fields.Text("crop");
        if (BannedPesticides.Find(product, e.Day, crop) is not { } ban)
        {
            return;
        }
        var number = e.Fields.Text("registrationNumber");
        await Alerts.RaiseAsync(scope, AlertKinds.BannedPesticide, e, [.. e.Goods, .. number is null ? Array.Empty<string>() : [number]], [e.EventId],
            $"{(sale ? "sold" : "applied")} {product}: {ban.IngredientZh} is banned {(ban.Outright ? "outright" : "on " + crop)} since {ban.Since:yyyy-MM-dd} ({ban.Source})");
    }
}
