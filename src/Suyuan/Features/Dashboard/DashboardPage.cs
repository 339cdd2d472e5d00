using System.Globalization;
using System.Net;
using System.Text;
using Suyuan.Core.Domain;

namespace Suyuan.Features.Dashboard;

/// <summary>The regulators' pages: zh-CN first with an English switch, charts as inline SVG, tables that fit a tablet or phone.</summary>
internal static class DashboardPage
{

    public static string Overview(DashboardModel m, string? department, bool en)
    {
        var b = new StringBuilder(16_384);
        var scope = department is null ? T(en, "全部部门", "All departments") : (Departments.Find(department) is { } d ? (en ? d.NameEn : d.NameZh) : department);
        Open(b, en, T(en, "监管驾驶舱", "Regulators' dashboard"), "/dashboard" + (department is null ? "" : "?department=" + Uri.EscapeDataString(department)), "overview");
        b.Append("<p class=\"scope\">").Append(H(scope)).Append(" · ").Append(H(ChinaStandardTime.Of(m.Now).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append("</p>");

        var openAlerts = m.OpenAlerts.Values.Sum();
        var lastWeek = m.Volumes.Sum(v => v.Events);
        b.Append("<section class=\"tiles\">");
        Tile(b, m.Enterprises.ToString("N0", CultureInfo.InvariantCulture), T(en, "登记追溯单位", "Registered units"));
        Tile(b, m.Enterprises == 0 ? "–" : (100.0 * m.Reporting / m.Enterprises).ToString("0", CultureInfo.InvariantCulture) + "%", T(en, "近30天在报", "Reporting (30 days)"));
        Tile(b, lastWeek.ToString("N0", CultureInfo.InvariantCulture), T(en, "30天事件", "Events (30 days)"));
        Tile(b, openAlerts.ToString("N0", CultureInfo.InvariantCulture), T(en, "未处理预警", "Open alerts"), openAlerts > 0 ? "warn" : null);
        b.Append("</section>");

        b.Append("<section><h2>").Append(T(en, "覆盖率与规划目标", "Coverage against the plan's targets")).Append("</h2>");
        if (m.Coverage.Count == 0)
        {
            b.Append("<p class=\"muted\">").Append(T(en, "本部门没有覆盖率目标。", "No coverage targets for this department.")).Append("</p>");
        }
        else
        {
            b.Append(SvgCharts.Bars(m.Coverage.Select(r => (en ? r.Target.NameEn : r.Target.NameZh, r.Progress, Figure(r, en), r.Met)).ToList(),
                T(en, "覆盖率（进度占目标的比例）", "Coverage (progress towards target)"), 100));
            b.Append("<table><thead><tr><th>").Append(T(en, "目标", "Target")).Append("</th><th>").Append(T(en, "登记", "Registered"))
                .Append("</th><th>").Append(T(en, "在报", "Reporting")).Append("</th><th>").Append(T(en, "要求", "Required")).Append("</th><th>")
                .Append(T(en, "状态", "Status")).Append("</th></tr></thead><tbody>");
            foreach (var r in m.Coverage)
            {
                b.Append("<tr><td>").Append(H(en ? r.Target.NameEn : r.Target.NameZh)).Append("</td><td>").Append(r.Registered).Append("</td><td>").Append(r.Reporting)
                    .Append("</td><td>").Append(H(Required(r.Target, en))).Append("</td><td class=\"").Append(r.Met ? "ok" : "warn").Append("\">")
                    .Append(r.Met ? T(en, "已达标", "met") : T(en, "未达标", "not met")).Append("</td></tr>");
            }
            b.Append("</tbody></table>");
        }
        b.Append("</section>");

        var range = m.Volumes.Count == 0 ? "" : $" {m.Volumes[0].Day:yyyy-MM-dd} – {m.Volumes[^1].Day:yyyy-MM-dd}";
        b.Append("<section><h2>").Append(T(en, "每日事件数", "Events per day")).Append(H(range)).Append("</h2>")
            .Append(SvgCharts.Columns(m.Volumes, T(en, "每日事件数", "Events per day"), T(en, "暂无数据", "No data yet"))).Append("</section>");

        b.Append("<section><h2>").Append(T(en, "未处理预警", "Open alerts")).Append("</h2>");
        if (m.OpenAlerts.Count == 0)
        {
            b.Append("<p class=\"muted\">").Append(T(en, "没有未处理的预警。", "No open alerts.")).Append("</p>");
        }
        else
        {
            b.Append(SvgCharts.Bars(m.OpenAlerts.OrderByDescending(a => a.Value).Select(a =>
            {
                var kind = AlertKinds.Find(a.Key);
                return (kind is null ? a.Key : en ? kind.NameEn : kind.NameZh, (double)a.Value, a.Value.ToString("N0", CultureInfo.InvariantCulture), false);
            }).ToList(), T(en, "按类型的未处理预警", "Open alerts by kind")));
            b.Append("<p><a href=\"/dashboard/alerts").Append(department is null ? "" : "?department=" + Uri.EscapeDataString(department)).Append(en ? (department is null ? "?" : "&") + "lang=en" : "").Append("\">")
                .Append(T(en, "查看并处理预警", "Review and acknowledge the alerts")).Append("</a> · <a href=\"/api/alerts?acknowledged=false")
                .Append(department is null ? "" : "&department=" + Uri.EscapeDataString(department)).Append("\">JSON</a></p>");
        }
        b.Append("</section>");

        b.Append("<section><h2>").Append(T(en, "停止上报的单位", "Enterprises that stopped reporting")).Append("</h2>");
        b.Append("<p class=\"muted\">").Append(T(en, $"超过 {DashboardModel.StoppedAfter.Days} 天未上报；另有 {m.NeverReported.Count} 家登记后从未上报。",
            $"Silent for more than {DashboardModel.StoppedAfter.Days} days; another {m.NeverReported.Count} registered units never reported.")).Append("</p>");
        EnterpriseTable(b, m.StoppedReporting.Take(50).ToList(), en, m.Now);
        b.Append("</section>");
        Close(b);
        return b.ToString();
    }

    public static string Directory(IReadOnlyList<EnterpriseFacts> found, int total, string? q, string? region, bool en, DateTimeOffset now)
    {
        var b = new StringBuilder(16_384);
        Open(b, en, T(en, "追溯管理单位名录", "Traceability directory"), "/dashboard/directory?q=" + Uri.EscapeDataString(q ?? ""), "directory");
        b.Append("<section><form method=\"get\" action=\"/dashboard/directory\" class=\"search\" role=\"search\">")
            .Append("<input type=\"search\" name=\"q\" value=\"").Append(H(q ?? "")).Append("\" placeholder=\"").Append(T(en, "名称或统一社会信用代码", "Name or credit code"))
            .Append("\" aria-label=\"").Append(T(en, "搜索", "Search")).Append("\">")
            .Append("<select name=\"region\" aria-label=\"").Append(T(en, "区县", "District")).Append("\"><option value=\"\">").Append(T(en, "全部区县", "All districts")).Append("</option>");
        foreach (var (code, zh, english) in Districts)
        {
            b.Append("<option value=\"").Append(code).Append('"').Append(code == region ? " selected" : "").Append('>').Append(H(en ? english : zh)).Append("</option>");
        }
        b.Append("</select>");
        if (en)
        {
            b.Append("<input type=\"hidden\" name=\"lang\" value=\"en\">");
        }
        b.Append("<button type=\"submit\">").Append(T(en, "搜索", "Search")).Append("</button></form>");
        b.Append("<p class=\"muted\">").Append(T(en, $"共 {total} 家，显示 {found.Count} 家", $"{total} found, {found.Count} shown")).Append("</p>");
        EnterpriseTable(b, found, en, now);
        b.Append("</section>");
        Close(b);
        return b.ToString();
    }

    /// <summary>Which alerts the alerts page lists: open ones (the default), acknowledged ones, or all.</summary>
    public enum AlertState { Open, Acknowledged, All }

    /// <summary>A list's state as its links and forms write it (<c>open</c> when not given); null for anything else.</summary>
    public static AlertState? ParseAlertState(string? value) => value switch
    {
        null or "" or "open" => AlertState.Open,
        "acknowledged" => AlertState.Acknowledged,
        "all" => AlertState.All,
        _ => null,
    };

    /// <summary>
    /// The alerts of the viewer's department (all for admins), newest first, a page at a time; each open one with a form to
    /// acknowledge it with a note saying what was done, each acknowledged one with who did and the notes.
    /// </summary>
    public static string Alerts(IReadOnlyList<Storage.Alerts.AlertRecord> alerts, long? nextBefore, AlertState state, string? department, bool en, string? error)
    {
        var b = new StringBuilder(16_384);
        string Link(AlertState s, long? before = null, bool lang = true) => "/dashboard/alerts?state=" + s.ToString().ToLowerInvariant()
            + (department is null ? "" : "&department=" + Uri.EscapeDataString(department)) + (before is { } x ? "&before=" + x.ToString(CultureInfo.InvariantCulture) : "")
            + (en && lang ? "&lang=en" : "");
        Open(b, en, T(en, "预警", "Alerts"), Link(state, lang: false), "alerts");
        b.Append("<section><nav class=\"tabs\">");
        foreach (var (s, zh, english) in new[] { (AlertState.Open, "未处理", "Open"), (AlertState.Acknowledged, "已处理", "Acknowledged"), (AlertState.All, "全部", "All") })
        {
            b.Append("<a href=\"").Append(H(Link(s))).Append('"').Append(s == state ? " aria-current=\"page\"" : "").Append('>').Append(T(en, zh, english)).Append("</a>");
        }
        b.Append("</nav>");
        if (error is not null)
        {
            b.Append("<p class=\"error\" role=\"alert\">").Append(H(error)).Append("</p>");
        }
        if (alerts.Count == 0)
        {
            b.Append("<p class=\"muted\">").Append(T(en, "没有预警。", "No alerts.")).Append("</p>");
        }
        b.Append("<ul class=\"alerts\">");
        foreach (var a in alerts)
        {
            var kind = AlertKinds.Find(a.Kind);
            b.Append("<li id=\"alert-").Append(a.Id.ToString(CultureInfo.InvariantCulture)).Append("\"><p><span class=\"kind\">").Append(H(kind is null ? a.Kind : en ? kind.NameEn : kind.NameZh)).Append("</span> · ")
                .Append(H(ChinaStandardTime.Of(a.OccurredAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append("</p><p>").Append(H(a.Message)).Append("</p>");
            if (a.Enterprise is { } uscc)
            {
                b.Append("<p><a href=\"/dashboard/enterprises/").Append(H(Uri.EscapeDataString(uscc))).Append(en ? "?lang=en" : "").Append("\">").Append(H(uscc)).Append("</a></p>");
            }
            if (a.Subjects.Count > 0)
            {
                b.Append("<p class=\"id\">").Append(H(string.Join(" · ", a.Subjects.Take(5)))).Append(a.Subjects.Count > 5 ? " …" : "").Append("</p>");
            }
            if (a.AcknowledgedAt is { } at)
            {
                b.Append("<p class=\"done\">").Append(T(en, "已处理：", "Acknowledged: ")).Append(H(a.AcknowledgedBy ?? "")).Append(" · ")
                    .Append(H(ChinaStandardTime.Of(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append("</p>");
                if (a.Note is { Length: > 0 } note)
                {
                    b.Append("<pre>").Append(H(note)).Append("</pre>");
                }
            }
            b.Append("<form class=\"ack\" method=\"post\" action=\"/dashboard/alerts/").Append(a.Id.ToString(CultureInfo.InvariantCulture)).Append("/acknowledge\">")
                .Append("<input type=\"hidden\" name=\"state\" value=\"").Append(state.ToString().ToLowerInvariant()).Append("\">")
                .Append(en ? "<input type=\"hidden\" name=\"lang\" value=\"en\">" : "")
                .Append("<input type=\"text\" name=\"note\" maxlength=\"2000\" required aria-label=\"").Append(T(en, "处理说明", "What was done")).Append("\" placeholder=\"")
                .Append(a.AcknowledgedAt is null ? T(en, "处理说明（必填）", "What was done (required)") : T(en, "补充说明", "Add a note")).Append("\">")
                .Append("<button type=\"submit\">").Append(a.AcknowledgedAt is null ? T(en, "处理", "Acknowledge") : T(en, "补充", "Add")).Append("</button></form></li>");
        }
        b.Append("</ul>");
        if (nextBefore is { } next)
        {
            b.Append("<p><a href=\"").Append(H(Link(state, next))).Append("\">").Append(T(en, "更早的预警", "Older alerts")).Append("</a></p>");
        }
        b.Append("</section>");
        Close(b);
        return b.ToString();
    }

    public static string Enterprise(EnterpriseFacts e, IReadOnlyList<(string Time, string What, string Where, string EventId)> events,
        IReadOnlyList<(string Kind, string Message, string When)> alerts, bool en, DateTimeOffset now)
    {
        var b = new StringBuilder(16_384);
        Open(b, en, e.Name, "/dashboard/enterprises/" + Uri.EscapeDataString(e.Uscc), "directory");
        b.Append("<section><h2>").Append(H(e.Name)).Append("</h2><dl>");
        Row(b, T(en, "统一社会信用代码", "Credit code"), e.Uscc);
        Row(b, T(en, "区县", "District"), DistrictName(e.Region, en));
        Row(b, T(en, "类型", "Node types"), string.Join("、", e.NodeTypes));
        Row(b, T(en, "追溯品类", "Categories"), string.Join("、", e.Categories.Select(c => Categories.Find(c) is { } k ? (en ? k.NameEn : k.NameZh) : c)));
        Row(b, T(en, "最近上报", "Last reported"), e.LastReportedAt is { } last ? Ago(last, now, en) : T(en, "从未上报", "never"));
        Row(b, T(en, "事件总数", "Events"), e.Events.ToString("N0", CultureInfo.InvariantCulture));
        b.Append("</dl></section>");

        b.Append("<section><h2>").Append(T(en, "预警", "Alerts")).Append("</h2>");
        if (alerts.Count == 0)
        {
            b.Append("<p class=\"muted\">").Append(T(en, "没有预警。", "No alerts.")).Append("</p>");
        }
        else
        {
            b.Append("<table><tbody>");
            foreach (var (kind, message, when) in alerts)
            {
                b.Append("<tr><td class=\"warn\">").Append(H(kind)).Append("</td><td>").Append(H(message)).Append("</td><td>").Append(H(when)).Append("</td></tr>");
            }
            b.Append("</tbody></table>");
        }
        b.Append("</section>");

        b.Append("<section><h2>").Append(T(en, "最近的追溯记录", "Latest records")).Append("</h2>");
        if (events.Count == 0)
        {
            b.Append("<p class=\"muted\">").Append(T(en, "暂无记录。", "No records yet.")).Append("</p>");
        }
        else
        {
            b.Append("<table><thead><tr><th>").Append(T(en, "时间", "Time")).Append("</th><th>").Append(T(en, "环节", "Step")).Append("</th><th>")
                .Append(T(en, "地点", "Where")).Append("</th></tr></thead><tbody>");
            foreach (var (time, what, where, eventId) in events)
            {
                b.Append("<tr><td>").Append(H(time)).Append("</td><td><a href=\"/events/").Append(H(Uri.EscapeDataString(eventId))).Append("\">").Append(H(what))
                    .Append("</a></td><td class=\"id\">").Append(H(where)).Append("</td></tr>");
            }
            b.Append("</tbody></table>");
        }
        b.Append("</section>");
        Close(b);
        return b.ToString();
    }

    private static readonly (string Code, string Zh, string En)[] Districts =
    [
        ("320602", "崇川区", "Chongchuan"), ("320612", "通州区", "Tongzhou"), ("320614", "海门区", "Haimen"), ("320623", "如东县", "Rudong"),
        ("320681", "启东市", "Qidong"), ("320682", "如皋市", "Rugao"), ("320685", "海安市", "Hai'an"),
    ];

    private static string DistrictName(string region, bool en) =>
        Districts.FirstOrDefault(d => d.Code == region) is { Code: not null } d ? (en ? d.En : d.Zh) + " " + region : region;

    private static void EnterpriseTable(StringBuilder b, IReadOnlyList<EnterpriseFacts> rows, bool en, DateTimeOffset now)
    {
        if (rows.Count == 0)
        {
            b.Append("<p class=\"muted\">").Append(T(en, "无。", "None.")).Append("</p>");
            return;
        }
        b.Append("<table class=\"directory\"><thead><tr><th>").Append(T(en, "单位", "Enterprise")).Append("</th><th>").Append(T(en, "区县", "District"))
            .Append("</th><th>").Append(T(en, "最近上报", "Last reported")).Append("</th></tr></thead><tbody>");
        foreach (var e in rows)
        {
            b.Append("<tr><td><a href=\"/dashboard/enterprises/").Append(H(Uri.EscapeDataString(e.Uscc))).Append(en ? "?lang=en" : "").Append("\">").Append(H(e.Name))
                .Append("</a><br><span class=\"id\">").Append(H(e.Uscc)).Append("</span></td><td>").Append(H(DistrictName(e.Region, en))).Append("</td><td>")
                .Append(e.LastReportedAt is { } last ? H(Ago(last, now, en)) : T(en, "从未", "never")).Append("</td></tr>");
        }
        b.Append("</tbody></table>");
    }

    private static string Figure(CoverageRow r, bool en) => r.Target.Percent is not null
        ? $"{r.Reporting}/{r.Registered} · {r.Percent:0}%"
        : en ? $"{r.Reporting} of {r.Target.Count}" : $"{r.Reporting} / {r.Target.Count} 家";

    private static string Required(CoverageTarget t, bool en) => t.Percent is { } p
        ? (p >= 100 ? T(en, "全覆盖 100%", "all, 100%") : $"≥ {p:0}%")
        : en ? $"≥ {t.Count} units" : $"≥ {t.Count} 家";

    private static string Ago(DateTimeOffset at, DateTimeOffset now, bool en)
    {
        var days = (int)Math.Floor((now - at).TotalDays);
        var date = ChinaStandardTime.Of(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return days <= 0 ? date : en ? $"{date} ({days} days ago)" : $"{date}（{days} 天前）";
    }

    private static void Tile(StringBuilder b, string value, string label, string? cls = null) =>
        b.Append("<div class=\"tile").Append(cls is null ? "" : " " + cls).Append("\"><strong>").Append(H(value)).Append("</strong><span>").Append(H(label)).Append("</span></div>");

    private static void Row(StringBuilder b, string label, string value) =>
        b.Append("<dt>").Append(H(label)).Append("</dt><dd>").Append(H(value)).Append("</dd>");

    private static void Open(StringBuilder b, bool en, string title, string selfPath, string active)
    {
        var other = selfPath + (selfPath.Contains('?') ? "&" : "?") + "lang=" + (en ? "zh" : "en");
        string Nav(string href, string key, string zh, string english) =>
            $"<a href=\"{href}{(en ? "?lang=en" : "")}\"{(key == active ? " aria-current=\"page\"" : "")}>{(en ? english : zh)}</a>";
        b.Append("<!doctype html><html lang=\"").Append(en ? "en" : "zh-CN").Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(H(title)).Append(T(en, " · 溯源监管", " · Suyuan")).Append("</title><style>")
            .Append("""
                body { font: 15px/1.55 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
                header { background: #12355b; color: #fff; padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
                header .brand { font-weight: 600; margin-right: auto; }
                header a { color: #fff; text-decoration: none; padding: .2rem .4rem; border-radius: .25rem; }
                header a[aria-current] { background: rgba(255,255,255,.2); }
                main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
                h1 { font-size: 1.35rem; margin: .25rem 0; }
                h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
                section { background: #fff; border-radius: .5rem; padding: 1rem; margin-bottom: 1rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); overflow-x: auto; }
                .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; background: none; box-shadow: none; padding: 0; }
                .tile { background: #fff; border-radius: .5rem; padding: .75rem 1rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
                .tile strong { display: block; font-size: 1.6rem; color: #12355b; }
                .tile.warn strong { color: #b45309; }
                .tile span { color: #616e7c; font-size: .9rem; }
                .chart { width: 100%; height: auto; display: block; }
                table { width: 100%; border-collapse: collapse; font-size: .9rem; margin-top: .5rem; }
                th, td { text-align: left; padding: .35rem .3rem; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
                td.ok { color: #0b6e4f; } td.warn { color: #b45309; }
                .muted, .scope { color: #616e7c; }
                .id { color: #616e7c; font-size: .8rem; word-break: break-all; }
                dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
                dt { color: #616e7c; } dd { margin: 0; }
                form.search { display: flex; flex-wrap: wrap; gap: .5rem; }
                form.search input[type=search] { flex: 1 1 14rem; font-size: 1rem; padding: .5rem; border: 1px solid #9aa5b1; border-radius: .3rem; }
                form.search select, form.search button { font-size: 1rem; padding: .5rem .75rem; border-radius: .3rem; border: 1px solid #9aa5b1; }
                form.search button { background: #12355b; color: #fff; border: 0; }
                a { color: #12355b; }
                ul.alerts { list-style: none; margin: 0; padding: 0; }
                ul.alerts li { border-bottom: 1px solid #e4e7eb; padding: .6rem 0; }
                ul.alerts .kind { color: #b45309; font-weight: 600; }
                ul.alerts .done { color: #0b6e4f; }
                ul.alerts p { margin: .2rem 0; }
                ul.alerts pre { white-space: pre-wrap; font: inherit; margin: .2rem 0; color: #3e4c59; }
                form.ack { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .4rem; }
                form.ack input[type=text] { flex: 1 1 14rem; font-size: 1rem; padding: .45rem; border: 1px solid #9aa5b1; border-radius: .3rem; }
                form.ack button { font-size: 1rem; padding: .45rem .75rem; border-radius: .3rem; border: 0; background: #12355b; color: #fff; }
                nav.tabs { display: flex; flex-wrap: wrap; gap: .5rem; margin-bottom: .5rem; }
                nav.tabs a { padding: .3rem .6rem; border-radius: .3rem; background: #e4e7eb; text-decoration: none; }
                nav.tabs a[aria-current] { background: #12355b; color: #fff; }
                p.error { color: #b42318; font-weight: 600; }
                """)
            .Append("</style></head><body><header><span class=\"brand\">").Append(T(en, "溯源 · 监管驾驶舱", "Suyuan · Regulators")).Append("</span>")
            .Append(Nav("/dashboard", "overview", "总览", "Overview"))
            .Append(Nav("/dashboard/alerts", "alerts", "预警", "Alerts"))
            .Append(Nav("/dashboard/directory", "directory", "名录", "Directory"))
            .Append("<a href=\"").Append(H(other)).Append("\" lang=\"").Append(en ? "zh-CN" : "en").Append("\">").Append(en ? "中文" : "English").Append("</a>")
            .Append("</header><main><h1>").Append(H(title)).Append("</h1>");
    }

    private static void Close(StringBuilder b) => b.Append("</main></body></html>");

    private static string T(bool en, string zh, string english) => en ? english : zh;

    private static string H(string s) => WebUtility.HtmlEncode(s);
}
