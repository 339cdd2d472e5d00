using Suyuan.Core.Domain;
using System.Globalization;
using System.Net;
using System.Text;

namespace Suyuan.Features.PublicTrace;

/// <summary>The shopper's page: mobile-first, one language at a time (zh-CN by default, English by switch), inline CSS, no script.</summary>
internal static class PublicTracePage
{

    public static string Chain(PublicChain c, bool en, string selfPath)
    {
        var b = new StringBuilder(8_192);
        var title = c.ProductName ?? T(en, "追溯信息", "Trace information");
        Open(b, en, title + T(en, " · 溯源", " · Suyuan"), selfPath);
        if (c.Recalled)
        {
            b.Append("<section class=\"recall\" role=\"alert\"><h2>⚠ ").Append(T(en, "召回警示：请勿食用或使用", "Recall: do not eat or use")).Append("</h2>");
            foreach (var r in c.Recalls)
            {
                var department = Core.Domain.Departments.Find(r.Department) is { } d ? en ? d.NameEn : d.NameZh : r.Department;
                b.Append("<p>").Append(H(r.Reason)).Append("<br><span class=\"small\">").Append(H(department)).Append(" · ")
                    .Append(T(en, "召回开始于 ", "since ")).Append(ChinaStandardTime.Of(r.StartedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</span></p>");
            }
            b.Append("<p class=\"small\">").Append(T(en, "请停止食用或使用，可凭小票退货。", "Stop using it; the shop takes it back with the receipt.")).Append("</p></section>");
        }
        b.Append("<section class=\"product\"><h1>").Append(H(title)).Append("</h1>");
        b.Append("<p class=\"code\">").Append(H(DisplayCode(c))).Append("</p><dl>");
        if (c.Producer is not null)
        {
            Row(b, T(en, "生产企业", "Producer"), c.Producer);
        }
        if (c.Origins.Count > 0)
        {
            Row(b, T(en, "产地", "Origin"), string.Join("；", c.Origins));
        }
        // Name and origin are shown above; a maker already named as the producer is not repeated.
        foreach (var f in c.Product.Where(f => f.Name is not ("productName" or "origin") && !(f.Name is "maker" or "licenceHolder" && f.Value == c.Producer)))
        {
            Row(b, en ? f.En : f.Zh, Value(f.Value, en));
        }
        if (c.Gtin is not null)
        {
            Row(b, T(en, "商品条码", "GTIN"), c.Gtin[0] == '0' ? c.Gtin[1..] : c.Gtin);
        }
        foreach (var f in c.Retail)
        {
            Row(b, en ? f.En : f.Zh, f.Value);
        }
        b.Append("</dl></section>");

        if (c.Certificates.Count > 0)
        {
            b.Append("<section><h2>").Append(T(en, "证照与合格证明", "Certificates and licences")).Append("</h2><ul class=\"docs\">");
            foreach (var d in c.Certificates)
            {
                b.Append("<li><strong>").Append(H(en ? d.En : d.Zh)).Append("</strong>");
                if (d.Number is not null)
                {
                    b.Append(" <span class=\"num\">").Append(H(d.Number)).Append("</span>");
                }
                Facts(b, d.Facts, en);
                b.Append("</li>");
            }
            b.Append("</ul></section>");
        }
        if (c.Inspections.Count > 0)
        {
            b.Append("<section><h2>").Append(T(en, "检验与查验", "Inspections and checks")).Append("</h2><ul class=\"docs\">");
            foreach (var d in c.Inspections)
            {
                b.Append("<li><strong>").Append(H(en ? d.En : d.Zh)).Append("</strong> <span class=\"small\">").Append(Date(d.Time));
                if (d.Place is not null)
                {
                    b.Append(" · ").Append(H(d.Place));
                }
                b.Append("</span>");
                Facts(b, d.Facts, en);
                b.Append("</li>");
            }
            b.Append("</ul></section>");
        }
        b.Append("<section><h2>").Append(T(en, "流通环节", "The chain")).Append("</h2><ol class=\"chain\">");
        foreach (var s in c.Chain)
        {
            b.Append("<li><div class=\"when\">").Append(ChinaStandardTime.Of(s.Time).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("</div>");
            b.Append("<div class=\"what\">").Append(H(en ? s.StepEn : s.StepZh));
            if (s.DispositionZh is not null)
            {
                b.Append(" <span class=\"tag\">").Append(H(en ? s.DispositionEn! : s.DispositionZh)).Append("</span>");
            }
            b.Append("</div>");
            if (s.Place is not null)
            {
                b.Append("<div class=\"where\">").Append(H(s.Place)).Append("</div>");
            }
            else if (s.Location is not null)
            {
                // A place the chain does not name publicly: its location code, quietly, for whoever wants to ask about it.
                b.Append("<div class=\"small\">").Append(T(en, "场所编码 GLN ", "Location GLN ")).Append(H(s.Location)).Append("</div>");
            }
            foreach (var paper in en ? s.PapersEn : s.Papers)
            {
                b.Append("<div class=\"small\">").Append(H(paper)).Append("</div>");
            }
            b.Append("</li>");
        }
        b.Append("</ol></section>");
        Close(b, en);
        return b.ToString();
    }

    /// <summary>A GTIN without a lot: its lots, newest first, each a link to its own page.</summary>
    public static string Product(string gtin, string? name, IReadOnlyList<(string Href, string Label)> lots, bool en, string selfPath)
    {
        var b = new StringBuilder();
        Open(b, en, (name ?? gtin) + T(en, " · 溯源", " · Suyuan"), selfPath);
        b.Append("<section class=\"product\"><h1>").Append(H(name ?? T(en, "商品", "Product"))).Append("</h1><p class=\"code\">GTIN ").Append(H(gtin)).Append("</p>");
        b.Append("<p>").Append(T(en, "请选择包装上的批号：", "Choose the lot printed on the pack:")).Append("</p><ul class=\"docs\">");
        foreach (var (href, label) in lots)
        {
            b.Append("<li><a href=\"").Append(H(href)).Append("\">").Append(H(label)).Append("</a></li>");
        }
        b.Append("</ul></section>");
        Close(b, en);
        return b.ToString();
    }

    /// <summary>An unknown, malformed or refused code: what happened and a box to type it again.</summary>
    public static string Problem(int status, string? code, string? reason, bool en, string selfPath)
    {
        var b = new StringBuilder();
        var (zh, english) = status switch
        {
            404 => ("未找到该追溯码", "This code is not known"),
            429 => ("查询过于频繁", "Too many unknown codes"),
            _ => ("追溯码无效", "This code is not valid"),
        };
        Open(b, en, T(en, zh, english) + T(en, " · 溯源", " · Suyuan"), selfPath);
        b.Append("<section class=\"problem\"><h1>").Append(T(en, zh, english)).Append("</h1>");
        if (code is not null)
        {
            b.Append("<p class=\"code\">").Append(H(code)).Append("</p>");
        }
        b.Append("<p>").Append(status switch
        {
            404 => T(en, "平台上没有这个码的记录。请核对小票或包装上的码；新上架的商品可能稍后才能查到。", "The platform has no record of this code. Check the code on the receipt or pack; new goods may take a while to appear."),
            429 => T(en, "来自您网络的无效查询过多，请一分钟后再试。扫描正确的码不受影响。", "Too many unknown codes came from your network; try again in a minute. Scanning a correct code still works."),
            _ => T(en, "这个码的格式或校验位不正确，请核对后重新输入。", "The code's format or check digit is wrong; check it and type it again."),
        }).Append("</p>");
        if (reason is not null)
        {
            b.Append("<p class=\"small\">").Append(H(reason)).Append("</p>");
        }
        b.Append("<form action=\"/t\" method=\"get\"><label for=\"code\">").Append(T(en, "输入小票上的 20 位追溯码", "Type the 20-digit trace code from the receipt"))
            .Append("</label><input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"off\" placeholder=\"3206 0000 0000 0000 0000\"><button>")
            .Append(T(en, "查询", "Look up")).Append("</button></form></section>");
        Close(b, en);
        return b.ToString();
    }

    private static void Open(StringBuilder b, bool en, string title, string selfPath)
    {
        var other = selfPath + (selfPath.Contains('?') ? "&" : "?") + (en ? "lang=zh" : "lang=en");
        b.Append("<!doctype html><html lang=\"").Append(en ? "en" : "zh-CN").Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(H(title)).Append("</title><style>")
            .Append("""
                body { font: 16px/1.6 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; overflow-wrap: anywhere; }
                header { background: #0b6e4f; color: #fff; padding: .75rem 1rem; display: flex; justify-content: space-between; align-items: center; gap: .5rem; }
                header .brand { font-weight: 600; }
                header a { color: #fff; border: 1px solid rgba(255,255,255,.6); border-radius: 1rem; padding: .1rem .7rem; text-decoration: none; font-size: .9rem; white-space: nowrap; }
                main { max-width: 40rem; margin: 0 auto; padding: .75rem; }
                section { background: #fff; border-radius: .5rem; padding: .9rem 1rem; margin-bottom: .75rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
                h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
                h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
                .code { font-family: ui-monospace, "SFMono-Regular", monospace; color: #52606d; margin: 0 0 .5rem; letter-spacing: .03em; }
                dl { display: grid; grid-template-columns: minmax(5.5rem, auto) 1fr; gap: .2rem .75rem; margin: 0; }
                dt { color: #616e7c; }
                dd { margin: 0; }
                ul.docs { list-style: none; padding: 0; margin: 0; }
                ul.docs li { padding: .5rem 0; border-top: 1px solid #e4e7eb; }
                ul.docs li:first-child { border-top: 0; }
                .num { font-family: ui-monospace, monospace; }
                .small { color: #616e7c; font-size: .85rem; }
                .facts { margin: .2rem 0 0; font-size: .9rem; }
                ol.chain { list-style: none; margin: 0; padding: 0 0 0 1rem; border-left: 3px solid #0b6e4f; }
                ol.chain li { position: relative; padding: 0 0 .9rem .5rem; }
                ol.chain li::before { content: ""; position: absolute; left: -1.45rem; top: .35rem; width: .7rem; height: .7rem; border-radius: 50%; background: #0b6e4f; border: 2px solid #fff; }
                .when { color: #616e7c; font-size: .85rem; }
                .what { font-weight: 600; }
                .tag { font-weight: 400; font-size: .8rem; background: #e3f4ec; color: #0b6e4f; border-radius: .25rem; padding: 0 .35rem; }
                .recall { background: #b42318; color: #fff; }
                .recall h2 { font-size: 1.2rem; }
                .recall .small { color: #fde8e6; }
                .problem h1 { color: #b42318; }
                form { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .75rem; }
                form label { width: 100%; color: #616e7c; font-size: .9rem; }
                form input { flex: 1 1 12rem; min-width: 0; font-size: 1.05rem; padding: .5rem; border: 1px solid #cbd2d9; border-radius: .375rem; }
                form button { font-size: 1rem; padding: .5rem 1rem; border: 0; border-radius: .375rem; background: #0b6e4f; color: #fff; }
                footer { text-align: center; color: #616e7c; font-size: .8rem; padding: 0 1rem 1.5rem; }
                """)
            .Append("</style></head><body><header><span class=\"brand\">").Append(T(en, "溯源 · 产品追溯", "Suyuan · Product trace"))
            .Append("</span><a href=\"").Append(H(other)).Append("\" hreflang=\"").Append(en ? "zh-CN" : "en").Append("\">").Append(en ? "中文" : "English").Append("</a></header><main>");
    }

    private static void Close(StringBuilder b, bool en) =>
        b.Append("</main><footer>").Append(T(en, "本页仅显示公开信息。数据来自生产经营企业向追溯平台报送的记录。",
            "This page shows public information only, as recorded by the enterprises on the traceability platform.")).Append("</footer></body></html>");

    private static void Row(StringBuilder b, string label, string value) =>
        b.Append("<dt>").Append(H(label)).Append("</dt><dd>").Append(H(value)).Append("</dd>");

    private static void Facts(StringBuilder b, IReadOnlyList<PublicFact> facts, bool en)
    {
        if (facts.Count == 0)
        {
            return;
        }
        b.Append("<dl class=\"facts\">");
        foreach (var f in facts)
        {
            Row(b, en ? f.En : f.Zh, Value(f.Value, en));
        }
        b.Append("</dl>");
    }

    /// <summary>What is printed on the receipt or pack: the grouped trace code, or the lot/serial rather than a Digital Link path.</summary>
    private static string DisplayCode(PublicChain c)
    {
        if (c.Kind == "traceCode" && c.Code.Length == 20)
        {
            return string.Join(' ', Enumerable.Range(0, 5).Select(i => c.Code.Substring(i * 4, 4)));
        }
        var serial = c.Id.IndexOf("/21/", StringComparison.Ordinal);
        var lot = c.Id.IndexOf("/10/", StringComparison.Ordinal);
        return serial >= 0 ? "序列号 SN " + Uri.UnescapeDataString(c.Id[(serial + 4)..])
            : lot >= 0 ? "批号 LOT " + Uri.UnescapeDataString(c.Id[(lot + 4)..])
            : c.Code;
    }

    private static string Value(string value, bool en) => en ? value switch { "是" => "Yes", "否" => "No", _ => value } : value;

    private static string Date(DateTimeOffset t) => ChinaStandardTime.Of(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string T(bool en, string zh, string english) => en ? english : zh;

    /// <summary>
    /// Text as HTML, without the control characters and direction overrides an event may carry (captured over EPCIS, where
    /// any string is taken): HTML has no place for NUL, and an override would make the page read otherwise than the record.
    /// </summary>
    private static string H(string s) => WebUtility.HtmlEncode(Hosting.InvisibleControls.Without(s));
}
