using System.Globalization;
using System.Text;
using Suyuan.Hosting;
using Suyuan.Hosting.Projections;
using static Suyuan.Features.Equipment.PublicPage;

namespace Suyuan.Features.Equipment.Chemicals;

/// <summary>Where every kilogram of a chemical is: GET /api/chemicals/{product}/whereabouts (JSON) and the regulator's page /regulator/chemicals.</summary>
internal static class ChemicalApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/chemicals").WithTags("Hazardous chemicals")
            .MapGet("/{product}/whereabouts", WhereaboutsAsync)
            .WithSummary("Per holder: kg received, shipped, on hand, used, disposed and unexplained, for a product name (氰化钠), CAS or UN number, or a lot");
        app.MapGet("/regulator/chemicals", PageAsync).WithTags("Hazardous chemicals")
            .WithSummary("The regulator's view of a chemical's whereabouts: a table per holder (HTML, zh-CN first, ?lang=en, ?product=)");
    }

    internal sealed record HolderTotals(string Holder, string? Name, decimal InKg, decimal OutKg, decimal OnHandKg, decimal UsedKg, decimal DisposedKg, decimal UnexplainedKg, int Lots);

    internal sealed record Transit(string Lot, string From, string To, decimal Kg);

    internal sealed record Whereabouts(string Product, int Lots, decimal OnHandKg, decimal InTransitKg, decimal UsedKg, decimal DisposedKg, decimal UnexplainedKg,
        IReadOnlyList<HolderTotals> Holders, IReadOnlyList<Transit> InTransit);

    internal static Whereabouts Of(string product, IReadOnlyCollection<ChemicalLot> all)
    {
        var lots = all.Where(l => l.Product == product || l.CasNumber == product || l.UnNumber == product || l.Lot == product).ToList();
        var names = lots.SelectMany(l => l.Holders.Values).Where(a => a.Name is not null).GroupBy(a => a.Holder).ToDictionary(g => g.Key, g => g.First().Name);
        var holders = lots.SelectMany(l => l.Holders.Values.Select(a => (l.Lot, a))).GroupBy(x => x.a.Holder).Select(g => new HolderTotals(
                g.Key, names.GetValueOrDefault(g.Key), g.Sum(x => x.a.InKg), g.Sum(x => x.a.OutKg), g.Sum(x => x.a.OnHandKg), g.Sum(x => x.a.UsedKg),
                g.Sum(x => x.a.DisposedKg), g.Sum(x => x.a.UnexplainedKg), g.Select(x => x.Lot).Distinct().Count()))
            .OrderByDescending(h => h.OnHandKg).ThenBy(h => h.Holder, StringComparer.Ordinal).ToList();
        var transit = lots.SelectMany(l => l.InTransitKg.Select(t => (l.Lot, t))).Select(x =>
        {
            var parts = x.t.Key.Split(" → ");
            return new Transit(x.Lot, parts[0], parts.Length > 1 ? parts[1] : "", x.t.Value);
        }).ToList();
        return new(product, lots.Count, holders.Sum(h => h.OnHandKg), transit.Sum(t => t.Kg), holders.Sum(h => h.UsedKg), holders.Sum(h => h.DisposedKg),
            holders.Sum(h => h.UnexplainedKg), holders, transit);
    }

    private static async Task<IResult> WhereaboutsAsync(string product, ProjectionRunner runner, ChemicalView view, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(product))
        {
            return Problems.BadRequest("product is required: a product name, CAS or UN number, or a lot", "/product");
        }
        await runner.CatchUpAsync(ct);
        var result = Of(product.Trim(), await view.AllAsync(ct));
        return result.Lots == 0 ? Problems.NotFound($"no hazardous chemical lot of '{product}' is recorded", "/product") : TypedResults.Ok(result);
    }

    private static async Task<IResult> PageAsync(string? product, HttpContext http, ProjectionRunner runner, ChemicalView view, TimeProvider clock, CancellationToken ct)
    {
        var en = EquipmentApi.English(http);
        await runner.CatchUpAsync(ct);
        var all = await view.AllAsync(ct);
        var products = all.Where(l => l.Product is not null).GroupBy(l => l.Product!).OrderByDescending(g => g.Count()).Select(g => g.Key).ToList();
        var chosen = string.IsNullOrWhiteSpace(product) ? products.FirstOrDefault() : product.Trim();
        var whereabouts = chosen is null ? null : Of(chosen, all);
        if (chosen is not null && whereabouts is not { Lots: > 0 } && EpcisHeaders.PrefersJson(http.Request.Headers.Accept))
        {
            // A client that asked for JSON is told so in JSON, as the whereabouts API does.
            return Problems.NotFound($"no hazardous chemical lot of '{chosen}' is recorded", "/product");
        }
        var b = new StringBuilder();
        var self = "/regulator/chemicals" + (chosen is null ? "" : "?product=" + Uri.EscapeDataString(chosen));
        Open(b, en, T(en, "危险化学品去向 · 溯源", "Hazardous chemicals · Suyuan"), "溯源 · 危险化学品监管", "Suyuan · Hazardous chemicals", self, wide: "wide");
        b.Append("<section><h1>").Append(T(en, "危险化学品去向", "Where the chemicals are")).Append("</h1><form action=\"/regulator/chemicals\" method=\"get\"><input name=\"product\" value=\"")
            .Append(H(chosen)).Append("\" aria-label=\"").Append(T(en, "品名、CAS 号或 UN 号", "Product, CAS or UN number")).Append("\"><button>").Append(T(en, "查询", "Show")).Append("</button></form>");
        if (products.Count > 0)
        {
            b.Append("<p class=\"small\">");
            foreach (var p in products)
            {
                b.Append("<a href=\"/regulator/chemicals?product=").Append(H(Uri.EscapeDataString(p))).Append("\">").Append(H(p)).Append("</a> ");
            }
            b.Append("</p>");
        }
        b.Append("</section>");
        var status = 200;
        if (chosen is null || whereabouts is not { Lots: > 0 } w)
        {
            status = chosen is null ? 200 : 404;
            b.Append("<section class=\"problem\"><h2>").Append(T(en, "没有该化学品的记录", "No record of this chemical")).Append("</h2></section>");
        }
        else
        {
            var k = (decimal d) => d.ToString("#,0.##", CultureInfo.InvariantCulture);
            b.Append("<section><h2>").Append(H(chosen)).Append("</h2><dl>");
            Row(b, T(en, "批次数", "Lots"), w.Lots.ToString(CultureInfo.InvariantCulture));
            Row(b, T(en, "在库 (kg)", "On hand (kg)"), k(w.OnHandKg));
            Row(b, T(en, "在途 (kg)", "In transit (kg)"), k(w.InTransitKg));
            Row(b, T(en, "已使用 (kg)", "Used (kg)"), k(w.UsedKg));
            Row(b, T(en, "已处置 (kg)", "Disposed (kg)"), k(w.DisposedKg));
            Row(b, T(en, "不明差额 (kg)", "Unexplained (kg)"), k(w.UnexplainedKg), w.UnexplainedKg != 0 ? "late" : "ok");
            b.Append("</dl></section><section><h2>").Append(T(en, "按持有单位", "By holder")).Append("</h2><div class=\"scroll\"><table><thead><tr><th>")
                .Append(T(en, "持有单位", "Holder")).Append("</th><th>").Append(T(en, "在库", "On hand")).Append("</th><th>").Append(T(en, "已使用", "Used"))
                .Append("</th><th>").Append(T(en, "已处置", "Disposed")).Append("</th><th>").Append(T(en, "不明差额", "Unexplained")).Append("</th><th>")
                .Append(T(en, "收入", "In")).Append("</th><th>").Append(T(en, "发出", "Out")).Append("</th></tr></thead><tbody>");
            foreach (var h in w.Holders)
            {
                b.Append(h.UnexplainedKg != 0 ? "<tr class=\"imbalance\"><td>" : "<tr><td>").Append(H(h.Name ?? h.Holder));
                if (h.Name is not null)
                {
                    b.Append("<br><span class=\"small\">").Append(H(h.Holder)).Append("</span>");
                }
                b.Append("</td><td>").Append(k(h.OnHandKg)).Append("</td><td>").Append(k(h.UsedKg)).Append("</td><td>").Append(k(h.DisposedKg))
                    .Append("</td><td>").Append(k(h.UnexplainedKg)).Append("</td><td>").Append(k(h.InKg)).Append("</td><td>").Append(k(h.OutKg)).Append("</td></tr>");
            }
            b.Append("</tbody></table></div><p class=\"small\">").Append(T(en, "单位：千克。收入 = 发出 + 在库 + 已使用 + 已处置 + 不明差额。",
                "Kilograms. In = out + on hand + used + disposed + unexplained.")).Append("</p></section>");
        }
        Close(b, en, "数据来自生产、经营、运输、使用和处置单位向追溯平台报送的记录；更新于 " + clock.GetUtcNow().ToOffset(EventFields.China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            "As recorded on the traceability platform by producers, dealers, carriers, users and disposers; as of " + clock.GetUtcNow().ToOffset(EventFields.China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        return TypedResults.Text(b.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
