using Suyuan.Core.Domain;

namespace Suyuan.Features.Rules;

/// <summary>Whether an event is about meat (sy:category, a quarantine voucher at market entry, quarantine fields).</summary>
internal static class Meat
{
    public static bool Declared(RuleEvent e) =>
        e.Category == Categories.MeatVegetable || e.Fields.Text("voucherKind") == "检疫证"
        || e.Fields.Has("quarantineCertificateNumber") || e.Fields.Has("productQuarantineCertificate") || e.Fields.Has("animalQuarantineCertificate");

    /// <summary>The quarantine certificate the event itself shows, if any.</summary>
    public static string? CertificateOn(RuleEvent e) =>
        e.Fields.Text("quarantineCertificateNumber") ?? e.Fields.Text("productQuarantineCertificate") ?? e.Fields.Text("animalQuarantineCertificate")
        ?? (e.Fields.Text("voucherKind") == "检疫证" ? e.Fields.Text("voucherNumber") : null);
}

/// <summary>
/// 产地准出 ↔ 市场准入: produce received at a wholesale market (sy:marketEntry) must come with an origin or compliance
/// certificate — on the entry itself (certificateNumber, or an origin voucher) or issued to the lot when it was harvested.
/// The farm's record may arrive after the market's: a certificate recorded later for every lot an alert names resolves it
/// (the platform acknowledges it, with a note naming the certificate's event).
/// </summary>
internal sealed class OriginCertificateRule(RuleAlerts alerts) : FoodRule(alerts)
{
    private static readonly HashSet<string> OriginVouchers = ["产地证明", "承诺达标合格证", "合格证", "购货凭证"];

    public override string Name => "rule-origin-certificate";

    /// <summary>The lots certified among those the batch's market entries receive, and the open waits of the lots its harvests certify.</summary>
    private sealed class Batch(string rule)
    {
        public HashSet<string> Certified { get; } = new(StringComparer.Ordinal);

        public AlertWaits Waits { get; } = new(rule);
    }

    private static string? CertificateOf(RuleEvent e) =>
        e.BizStep == "commissioning" ? e.Fields.Text("certificate/number") ?? e.Fields.Text("certificateNumber") : null;

    private static IReadOnlyList<string> Certifies(RuleEvent e) => e.Type == "TransformationEvent" ? e.Outputs : e.Goods;

    private static bool IsEntry(RuleEvent e) => e.BizStep == "receiving" && e.Fields.Has("marketEntry");

    protected override async Task PrepareAsync(IReadOnlyList<RuleEvent> events, RuleScope scope)
    {
        var batch = new Batch(Name);
        scope.State = batch;
        var received = events.Where(IsEntry).SelectMany(e => e.Goods).ToList();
        if (received.Count > 0)
        {
            batch.Certified.UnionWith(await scope.QueryListAsync<string>($"SELECT subject FROM food_certified_lots WHERE {scope.In("subject", "values")}", received));
        }
        await batch.Waits.LoadAsync(scope, events.Where(e => CertificateOf(e) is not null).SelectMany(Certifies));
    }

    protected override async Task ApplyAsync(RuleEvent e, RuleScope scope)
    {
        var batch = (Batch)scope.State!;
        if (CertificateOf(e) is { } certificate)
        {
            foreach (var lot in Certifies(e))
            {
                await scope.ExecuteAsync("INSERT INTO food_certified_lots (subject, certificate, event_id) VALUES (@lot, @certificate, @id) ON CONFLICT (subject) DO NOTHING",
                    new { lot, certificate, id = e.EventId });
                batch.Certified.Add(lot);
                foreach (var resolved in await batch.Waits.ArrivedAsync(scope, lot))
                {
                    await Alerts.ResolveAsync(scope, resolved, $"resolved: the lot's certificate {certificate} was recorded after the market entry (event {e.EventId}) · 产地合格证明晚于市场准入记录到达");
                }
            }
            return;
        }
        if (!IsEntry(e) || Meat.Declared(e))
        {
            return;
        }
        if (e.Fields.Has("certificateNumber"))
        {
            return;
        }
        if (e.Fields.Text("voucherNumber") is not null && (e.Fields.Text("voucherKind") is not { } kind || OriginVouchers.Contains(kind)))
        {
            return;
        }
        var goods = e.Goods;
        var missing = goods.Where(g => !batch.Certified.Contains(g)).ToList();
        if (goods.Count > 0 && missing.Count == 0)
        {
            return;
        }
        var alert = await Alerts.RaiseAsync(scope, AlertKinds.OriginCertificateMissing, e, [.. missing, .. e.Location is { } l ? [l] : Array.Empty<string>()], [e.EventId],
            $"produce entered the market without an origin or compliance certificate (seller {e.Fields.Text("seller") ?? e.Fields.Text("trader") ?? "unknown"})");
        await batch.Waits.WaitAsync(scope, alert, missing);
    }
}

/// <summary>
/// Meat sold, shipped or received without an animal or product quarantine certificate: neither on the event nor on the
/// slaughter that produced the lot. A lot is meat when it came out of a slaughter or an event declares it so. The
/// slaughterhouse's record may arrive after the sale: a slaughter with a certificate recorded later for one of an alert's
/// lots resolves it (the platform acknowledges it, with a note naming the slaughter).
/// </summary>
internal sealed class QuarantineCertificateRule(RuleAlerts alerts) : FoodRule(alerts)
{
    public override string Name => "rule-quarantine-certificate";

    private static bool IsMovement(RuleEvent e) => (e.BizStep is "receiving" or "retail_selling" or "shipping") && e.Type == "ObjectEvent";

    private static string? SlaughterCertificate(RuleEvent e) => e.Fields.Text("productQuarantineCertificate") ?? e.Fields.Text("animalQuarantineCertificate");

    /// <summary>The meat lots known among the lots the batch moves (lot → its certificate), and the open waits of the lots its slaughters certify.</summary>
    private sealed class Batch(string rule)
    {
        public Dictionary<string, string?> Lots { get; } = new(StringComparer.Ordinal);

        public AlertWaits Waits { get; } = new(rule);
    }

    protected override async Task PrepareAsync(IReadOnlyList<RuleEvent> events, RuleScope scope)
    {
        var batch = new Batch(Name);
        scope.State = batch;
        // A slaughter's lots too: one recorded before without a certificate gets the slaughter's.
        var goods = events.Where(IsMovement).SelectMany(e => e.Classes("quantityList"))
            .Concat(events.Where(e => e.BizStep == "killing").SelectMany(e => e.Outputs)).ToList();
        if (goods.Count > 0)
        {
            foreach (var (subject, certificate) in await scope.QueryListAsync<(string, string?)>(
                $"SELECT subject, certificate FROM food_meat_lots WHERE {scope.In("subject", "values")}", goods))
            {
                batch.Lots[subject] = certificate;
            }
        }
        await batch.Waits.LoadAsync(scope, events.Where(e => e.BizStep == "killing" && SlaughterCertificate(e) is not null).SelectMany(e => e.Outputs));
    }

    protected override async Task ApplyAsync(RuleEvent e, RuleScope scope)
    {
        var batch = (Batch)scope.State!;
        var lots = batch.Lots;
        if (e.BizStep == "killing")
        {
            var certificate = SlaughterCertificate(e);
            foreach (var lot in e.Outputs)
            {
                // A lot first seen in a sale that declared it meat without a certificate takes the slaughter's.
                await scope.ExecuteAsync("INSERT INTO food_meat_lots (subject, certificate, event_id) VALUES (@lot, @certificate, @id) " +
                    "ON CONFLICT (subject) DO UPDATE SET certificate = excluded.certificate, event_id = excluded.event_id " +
                    "WHERE food_meat_lots.certificate IS NULL AND excluded.certificate IS NOT NULL",
                    new { lot, certificate, id = e.EventId });
                if (!lots.TryGetValue(lot, out var before) || (before is null && certificate is not null))
                {
                    lots[lot] = certificate;
                }
                if (certificate is null)
                {
                    continue;
                }
                foreach (var resolved in await batch.Waits.SettledAsync(scope, lot))
                {
                    await Alerts.ResolveAsync(scope, resolved, $"resolved: the slaughter of the lot with quarantine certificate {certificate} was recorded after it (event {e.EventId}) · 屠宰检疫记录晚于销售记录到达");
                }
            }
            return;
        }
        if (!IsMovement(e))
        {
            return;
        }
        var goods = e.Classes("quantityList");
        if (goods.Count == 0)
        {
            return;
        }
        var known = goods.Where(lots.ContainsKey).Select(g => (Subject: g, Certificate: lots[g])).ToList();
        var declared = Meat.Declared(e);
        if (!declared && known.Count == 0)
        {
            return;
        }
        var onEvent = Meat.CertificateOn(e);
        if (declared)
        {
            foreach (var lot in goods.Where(g => known.All(k => k.Subject != g)))
            {
                await scope.ExecuteAsync("INSERT INTO food_meat_lots (subject, certificate, event_id) VALUES (@lot, @onEvent, @id) ON CONFLICT (subject) DO NOTHING",
                    new { lot, onEvent, id = e.EventId });
                lots.TryAdd(lot, onEvent);
            }
        }
        if (onEvent is not null || known.Any(k => k.Certificate is not null))
        {
            return;
        }
        var alert = await Alerts.RaiseAsync(scope, AlertKinds.QuarantineCertificateMissing, e, goods, [e.EventId],
            $"meat {e.BizStep} without a quarantine certificate");
        await batch.Waits.WaitAsync(scope, alert, goods);
    }
}
