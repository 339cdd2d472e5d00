using System.Globalization;
using System.Net;
using System.Text;
using Suyuan.Core.Domain;
using Suyuan.Core.Identifiers;

namespace Suyuan.Features.Recording;

/// <summary>The phone forms: the public page's look, one language at a time (zh-CN first), no script; errors sit under their fields.</summary>
internal static class RecordingPages
{
    /// <summary>What the success panel shows after a record.</summary>
    internal sealed record Success(RecordResult Result, RecordValues Values, RecordAction Action);

    public static string UnitKey(RecordField field) => "unit:" + field.Name;

    public static string Index(bool en)
    {
        var b = new StringBuilder();
        Open(b, en, T(en, "简易记录", "Simple recording"), "/record");
        b.Append("<section><h1>").Append(T(en, "简易记录", "Simple recording")).Append("</h1><p class=\"small\">")
            .Append(T(en, "没有信息系统的经营者（摊位、家庭农场、农资店、药店）在这里登记进货、销售、采收等，每条记录都成为标准的 GS1 EPCIS 2.0 追溯事件。",
                "For enterprises without an ERP (stalls, small farms, village dealers, pharmacies): each record becomes a GS1 EPCIS 2.0 traceability event."))
            .Append("</p></section>");
        foreach (var group in RecordActions.All.GroupBy(a => a.Category))
        {
            var category = Categories.All.FirstOrDefault(c => c.Code == group.Key);
            b.Append("<section><h2>").Append(H(category is null ? group.Key : en ? category.NameEn : category.NameZh)).Append("</h2><ul class=\"docs\">");
            foreach (var a in group)
            {
                b.Append("<li><a href=\"/record/").Append(a.Name).Append("\"><strong>").Append(H(en ? a.En : a.Zh)).Append("</strong></a><br><span class=\"small\">")
                    .Append(H(en ? a.SummaryEn : a.SummaryZh)).Append("</span></li>");
            }
            b.Append("</ul></section>");
        }
        Close(b, en);
        return b.ToString();
    }

    public static string Form(RecordAction action, bool en, IReadOnlyDictionary<string, string> values, IReadOnlyList<FieldError> errors, Success? success)
    {
        var b = new StringBuilder(8_192);
        var title = en ? action.En : action.Zh;
        Open(b, en, title, "/record/" + action.Name);
        b.Append("<p class=\"crumb\"><a href=\"/record\">").Append(T(en, "← 全部记录类型", "← All records")).Append("</a></p>");
        if (success is not null)
        {
            SuccessPanel(b, success, en);
        }
        b.Append("<section><h1>").Append(H(title)).Append("</h1><p class=\"small\">").Append(H(en ? action.SummaryEn : action.SummaryZh)).Append("</p>");
        if (errors.Count > 0)
        {
            b.Append("<p class=\"alert\" role=\"alert\">").Append(T(en, $"有 {errors.Count} 处需要修改，未保存。", $"{errors.Count} field{(errors.Count == 1 ? "" : "s")} to correct; nothing was saved.")).Append("</p>");
        }
        b.Append("<form method=\"post\" action=\"/record/").Append(action.Name).Append("\" novalidate>");
        foreach (var field in action.AllFields)
        {
            var error = errors.FirstOrDefault(e => e.Field == field.Name || e.Field == field.JinName);
            Field(b, field, values, error, en);
        }
        b.Append("<button type=\"submit\" class=\"primary\">").Append(T(en, "提交记录", "Record")).Append("</button></form></section>");

        b.Append("<section><h2>").Append(T(en, "批量导入（表格）", "Spreadsheet upload")).Append("</h2><p class=\"small\">")
            .Append(T(en, "下载模板，每行一条记录；第 2 行的字段名请勿修改。整张表全部通过检查才会保存。", "Download the template, one record a row; keep the field names in row 2. The whole sheet is saved only when every row passes."))
            .Append("</p><p><a href=\"/api/record/").Append(action.Name).Append("/template.xlsx\">").Append(T(en, "下载 Excel 模板", "Excel template")).Append("</a> · <a href=\"/api/record/")
            .Append(action.Name).Append("/template.csv\">").Append(T(en, "下载 CSV 模板", "CSV template")).Append("</a></p>")
            .Append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"/record/").Append(action.Name).Append("/upload\" class=\"upload\">")
            .Append("<input type=\"file\" name=\"file\" accept=\".xlsx,.csv\" aria-label=\"").Append(T(en, "选择文件", "Choose file")).Append("\">")
            .Append("<button type=\"submit\">").Append(T(en, "上传", "Upload")).Append("</button></form></section>");
        Close(b, en);
        return b.ToString();
    }

    public static string Upload(RecordAction action, bool en, RecordingApi.UploadOutcome outcome)
    {
        var b = new StringBuilder();
        Open(b, en, (en ? action.En : action.Zh) + T(en, " · 批量导入", " · upload"), "/record/" + action.Name);
        b.Append("<p class=\"crumb\"><a href=\"/record/").Append(action.Name).Append("\">← ").Append(H(en ? action.En : action.Zh)).Append("</a></p>");
        if (outcome.Accepted is { } ok)
        {
            b.Append("<section class=\"success\" role=\"status\"><h2>").Append(T(en, $"已接收 {ok.Rows} 条记录", $"{ok.Rows} records accepted")).Append("</h2><p>")
                .Append(T(en, "正在保存，可查看进度：", "Being stored; progress: ")).Append("<a href=\"").Append(H(ok.Location)).Append("\">").Append(H(ok.CaptureID)).Append("</a></p><ul class=\"docs\">");
            foreach (var e in ok.Events.Take(200))
            {
                b.Append("<li>").Append(T(en, "第 ", "Row ")).Append(e.Row).Append(T(en, " 行 ", " ")).Append("<span class=\"num\">").Append(H(e.EventID)).Append("</span>");
                if (e.TraceCode is { } code)
                {
                    b.Append("<br><a href=\"/t/").Append(code).Append("\">").Append(H(Display(code))).Append("</a>");
                }
                b.Append("</li>");
            }
            b.Append("</ul></section>");
        }
        else
        {
            b.Append("<section class=\"problem\"><h2>").Append(T(en, "未保存任何记录", "Nothing was recorded")).Append("</h2>");
            if (outcome.RowErrors.Count > 0)
            {
                b.Append("<table><thead><tr><th>").Append(T(en, "行", "Row")).Append("</th><th>").Append(T(en, "字段", "Field")).Append("</th><th>")
                    .Append(T(en, "问题", "Problem")).Append("</th></tr></thead><tbody>");
                foreach (var e in outcome.RowErrors.Take(500))
                {
                    b.Append("<tr><td>").Append(e.Row).Append("</td><td>").Append(H(e.Field)).Append("</td><td>").Append(H(en ? e.Message : e.MessageZh)).Append("</td></tr>");
                }
                b.Append("</tbody></table>");
            }
            else if (outcome.Problem?.ProblemDetails.Detail is { } detail)
            {
                b.Append("<p>").Append(H(detail)).Append("</p>");
            }
            b.Append("</section>");
        }
        Close(b, en);
        return b.ToString();
    }

    private static void SuccessPanel(StringBuilder b, Success s, bool en)
    {
        var r = s.Result;
        b.Append("<section class=\"success\" role=\"status\" id=\"recorded\"><h2>✓ ").Append(T(en, "已记录", "Recorded")).Append("</h2><dl>");
        Row(b, T(en, "事件编号", "Event ID"), r.EventID, "event-id");
        if (s.Values.Number("weightKg") is { } kg)
        {
            Row(b, T(en, "重量", "Weight"), Weight(kg, s.Values.UnitOf("weightKg")), null);
        }
        if (s.Action.Name == "stall-sale" && s.Values.Number("weightKg") is { } sold && s.Values.Number("unitPriceYuanPerKg") is { } price)
        {
            Row(b, T(en, "金额", "Amount"), Math.Round(sold * price, 2).ToString("0.00", CultureInfo.InvariantCulture) + T(en, " 元", " yuan"), null);
        }
        b.Append("</dl>");
        if (r.TraceCode is { } code)
        {
            b.Append("<p class=\"small\">").Append(T(en, "追溯码（请打印在小票或合格证上）", "Trace code (print it on the receipt or certificate)")).Append("</p>")
                .Append("<p class=\"trace\" id=\"trace-code\">").Append(H(Display(code))).Append("</p>")
                .Append("<img class=\"qr\" src=\"").Append(H(r.QrUrl!)).Append("\" alt=\"").Append(T(en, "追溯二维码", "Trace QR code")).Append("\" width=\"160\" height=\"160\">")
                .Append("<p><a href=\"").Append(H(r.PublicUrl!)).Append("\">").Append(T(en, "查看公开追溯页面", "Open the public trace page")).Append("</a></p>");
        }
        b.Append("</section>");
    }

    /// <summary>A weight as given and in the other unit: 5 斤（2.5 kg）or 2.5 kg（5 斤）.</summary>
    public static string Weight(decimal kg, string unit)
    {
        var jin = kg / RecordFieldReader.KgPerJin;
        return unit == "斤" ? $"{N(jin)} 斤（{N(kg)} kg）" : $"{N(kg)} kg（{N(jin)} 斤）";
    }

    private static void Field(StringBuilder b, RecordField f, IReadOnlyDictionary<string, string> values, FieldError? error, bool en)
    {
        var id = "f-" + f.Name;
        var value = values.GetValueOrDefault(f.Name) ?? (f.JinName is { } jin ? values.GetValueOrDefault(jin) : null) ?? "";
        var invalid = error is null ? "" : " aria-invalid=\"true\" aria-describedby=\"err-" + f.Name + "\"";
        b.Append("<div class=\"field").Append(error is null ? "" : " has-error").Append("\"><label for=\"").Append(id).Append("\">").Append(H(en ? f.En : f.Zh));
        if (f.Required)
        {
            b.Append(" <span class=\"req\">*</span>");
        }
        b.Append("</label>");
        switch (f.Kind)
        {
            case FieldKind.Choice or FieldKind.YesNo:
                IReadOnlyList<(string Value, string Label)> options = f.Kind == FieldKind.YesNo
                    ? [("否", T(en, "否", "No")), ("是", T(en, "是", "Yes"))]
                    : [("", T(en, "请选择", "Choose")), .. f.Choices.Select(c => (c, c))];
                b.Append("<select id=\"").Append(id).Append("\" name=\"").Append(f.Name).Append('"').Append(invalid).Append('>');
                foreach (var (v, label) in options)
                {
                    b.Append("<option value=\"").Append(H(v)).Append('"').Append(v == value ? " selected" : "").Append('>').Append(H(label)).Append("</option>");
                }
                b.Append("</select>");
                break;
            case FieldKind.Weight or FieldKind.PricePerWeight:
                var unit = values.GetValueOrDefault(UnitKey(f)) ?? "kg";
                b.Append("<div class=\"pair\"><input id=\"").Append(id).Append("\" name=\"").Append(f.Name).Append("\" inputmode=\"decimal\" autocomplete=\"off\" value=\"").Append(H(value)).Append('"').Append(invalid).Append('>')
                    .Append("<select name=\"").Append(UnitKey(f)).Append("\" aria-label=\"").Append(T(en, "单位", "Unit")).Append("\">");
                var (kgLabel, jinLabel) = f.Kind == FieldKind.Weight ? ("kg", "斤") : (T(en, "元/公斤", "yuan/kg"), T(en, "元/斤", "yuan/斤"));
                b.Append("<option value=\"kg\"").Append(unit == "kg" ? " selected" : "").Append('>').Append(kgLabel).Append("</option>")
                    .Append("<option value=\"jin\"").Append(unit == "jin" ? " selected" : "").Append('>').Append(jinLabel).Append("</option></select></div>");
                break;
            default:
                var type = f.Kind == FieldKind.Date ? "date" : "text";
                var mode = f.Kind switch
                {
                    FieldKind.Count or FieldKind.PlatformCode or FieldKind.DrugCode => " inputmode=\"numeric\"",
                    _ => "",
                };
                b.Append("<input id=\"").Append(id).Append("\" name=\"").Append(f.Name).Append("\" type=\"").Append(type).Append('"').Append(mode)
                    .Append(" autocomplete=\"off\" value=\"").Append(H(value)).Append('"');
                if (f.Example.Length > 0 && f.Kind != FieldKind.Date)
                {
                    b.Append(" placeholder=\"").Append(H(T(en, "例：", "e.g. ") + f.Example)).Append('"');
                }
                b.Append(invalid).Append('>');
                break;
        }
        if (f.Hint is { } hint)
        {
            b.Append("<p class=\"hint\">").Append(H(en ? hint.En : hint.Zh)).Append("</p>");
        }
        if (error is not null)
        {
            b.Append("<p class=\"error\" id=\"err-").Append(f.Name).Append("\">").Append(H(en ? error.En : error.Zh)).Append("</p>");
        }
        b.Append("</div>");
    }

    private static void Open(StringBuilder b, bool en, string title, string selfPath)
    {
        var other = selfPath + (en ? "?lang=zh" : "?lang=en");
        b.Append("<!doctype html><html lang=\"").Append(en ? "en" : "zh-CN").Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(H(title)).Append(T(en, " · 溯源", " · Suyuan")).Append("</title><style>")
            .Append("""
                body { font: 16px/1.6 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; overflow-wrap: anywhere; }
                header { background: #0b6e4f; color: #fff; padding: .75rem 1rem; display: flex; justify-content: space-between; align-items: center; gap: .5rem; }
                header .brand { font-weight: 600; color: #fff; text-decoration: none; border: 0; padding: 0; font-size: 1rem; }
                header a { color: #fff; border: 1px solid rgba(255,255,255,.6); border-radius: 1rem; padding: .1rem .7rem; text-decoration: none; font-size: .9rem; white-space: nowrap; }
                main { max-width: 40rem; margin: 0 auto; padding: .75rem; }
                section { background: #fff; border-radius: .5rem; padding: .9rem 1rem; margin-bottom: .75rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
                h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
                h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
                a { color: #0b6e4f; }
                dl { display: grid; grid-template-columns: minmax(5.5rem, auto) 1fr; gap: .2rem .75rem; margin: 0; }
                dt { color: #616e7c; }
                dd { margin: 0; }
                ul.docs { list-style: none; padding: 0; margin: 0; }
                ul.docs li { padding: .5rem 0; border-top: 1px solid #e4e7eb; }
                ul.docs li:first-child { border-top: 0; }
                .num, dd.mono { font-family: ui-monospace, "SFMono-Regular", monospace; font-size: .85rem; }
                .small, .hint { color: #616e7c; font-size: .85rem; margin: .15rem 0 0; }
                .crumb { margin: 0 0 .5rem; font-size: .9rem; }
                .field { margin: 0 0 .9rem; }
                .field label { display: block; font-weight: 600; margin-bottom: .2rem; }
                .req { color: #b42318; }
                input, select { box-sizing: border-box; width: 100%; min-width: 0; font-size: 1.05rem; padding: .55rem .5rem; border: 1px solid #cbd2d9; border-radius: .375rem; background: #fff; }
                .pair { display: flex; gap: .5rem; }
                .pair input { flex: 1 1 auto; }
                .pair select { flex: 0 0 7.5rem; width: 7.5rem; }
                .has-error input, .has-error select { border-color: #b42318; background: #fff5f4; }
                .error { color: #b42318; font-size: .9rem; margin: .2rem 0 0; }
                .alert { color: #b42318; font-weight: 600; }
                button { font-size: 1.05rem; padding: .6rem 1rem; border: 0; border-radius: .375rem; background: #0b6e4f; color: #fff; }
                button.primary { width: 100%; padding: .8rem; font-size: 1.15rem; }
                form.upload { display: flex; flex-wrap: wrap; gap: .5rem; }
                form.upload input { flex: 1 1 12rem; font-size: .9rem; }
                .success { border-left: .4rem solid #0b6e4f; }
                .success h2 { color: #0b6e4f; }
                .trace { font-family: ui-monospace, monospace; font-size: 1.3rem; letter-spacing: .04em; margin: .25rem 0; font-weight: 600; }
                .qr { display: block; margin: .25rem 0; }
                .problem h2 { color: #b42318; }
                table { width: 100%; border-collapse: collapse; font-size: .9rem; }
                th, td { text-align: left; padding: .3rem .25rem; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
                footer { text-align: center; color: #616e7c; font-size: .8rem; padding: 0 1rem 1.5rem; }
                """)
            .Append("</style></head><body><header><a class=\"brand\" href=\"/record\">").Append(T(en, "溯源 · 简易记录", "Suyuan · Recording"))
            .Append("</a><a href=\"").Append(H(other)).Append("\" hreflang=\"").Append(en ? "zh-CN" : "en").Append("\">").Append(en ? "中文" : "English").Append("</a></header><main>");
    }

    private static void Close(StringBuilder b, bool en) =>
        b.Append("</main><footer>").Append(T(en, "每条记录都以 GS1 EPCIS 2.0 事件保存在追溯平台。", "Every record is stored on the traceability platform as a GS1 EPCIS 2.0 event.")).Append("</footer></body></html>");

    private static void Row(StringBuilder b, string label, string value, string? id)
    {
        b.Append("<dt>").Append(H(label)).Append("</dt><dd");
        if (id is not null)
        {
            b.Append(" class=\"mono\" id=\"").Append(id).Append('"');
        }
        b.Append('>').Append(H(value)).Append("</dd>");
    }

    private static string Display(string code) => PlatformTraceCode.Validate(code).Code?.Display ?? code;

    private static string N(decimal d) => d.ToString("0.###", CultureInfo.InvariantCulture);

    private static string T(bool en, string zh, string english) => en ? english : zh;

    private static string H(string s) => WebUtility.HtmlEncode(s);
}
