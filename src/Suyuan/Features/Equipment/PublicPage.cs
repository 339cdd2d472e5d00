using System.Net;
using System.Text;

namespace Suyuan.Features.Equipment;

/// <summary>The frame of the equipment pages: mobile-first, zh-CN first with an English switch, in the public trace pages' look.</summary>
internal static class PublicPage
{
    public static string T(bool en, string zh, string english) => en ? english : zh;

    public static string H(string? s) => WebUtility.HtmlEncode(s ?? "");

    public static void Open(StringBuilder b, bool en, string title, string brandZh, string brandEn, string selfPath, string? wide = null)
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
                main.wide { max-width: 64rem; }
                section { background: #fff; border-radius: .5rem; padding: .9rem 1rem; margin-bottom: .75rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
                h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
                h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
                .code { font-family: ui-monospace, "SFMono-Regular", monospace; color: #52606d; margin: 0 0 .5rem; letter-spacing: .03em; }
                dl { display: grid; grid-template-columns: minmax(5.5rem, auto) 1fr; gap: .2rem .75rem; margin: 0; }
                dt { color: #616e7c; }
                dd { margin: 0; }
                .ok { color: #0b6e4f; font-weight: 600; }
                .late { color: #b42318; font-weight: 600; }
                .small { color: #616e7c; font-size: .85rem; }
                .call { display: block; text-align: center; background: #b42318; color: #fff; border-radius: .5rem; padding: .75rem; font-size: 1.3rem; font-weight: 700; text-decoration: none; margin: .5rem 0; }
                .qr { text-align: center; }
                .qr img { width: 10rem; height: 10rem; }
                .problem h1 { color: #b42318; }
                .scroll { overflow-x: auto; }
                table { border-collapse: collapse; width: 100%; min-width: 38rem; font-size: .9rem; }
                th, td { text-align: right; padding: .35rem .5rem; border-bottom: 1px solid #e4e7eb; white-space: nowrap; }
                th:first-child, td:first-child { text-align: left; white-space: normal; min-width: 11rem; position: sticky; left: 0; background: #fff; }
                td .small { word-break: break-all; }
                tr.imbalance td { background: #fdecea; }
                tr.imbalance td:first-child { background: #fdecea; }
                form { display: flex; flex-wrap: wrap; gap: .5rem; }
                form input { flex: 1 1 10rem; min-width: 0; font-size: 1rem; padding: .45rem; border: 1px solid #cbd2d9; border-radius: .375rem; }
                form button { font-size: 1rem; padding: .45rem 1rem; border: 0; border-radius: .375rem; background: #0b6e4f; color: #fff; }
                footer { text-align: center; color: #616e7c; font-size: .8rem; padding: 0 1rem 1.5rem; }
                """)
            .Append("</style></head><body><header><span class=\"brand\">").Append(T(en, brandZh, brandEn))
            .Append("</span><a href=\"").Append(H(other)).Append("\" hreflang=\"").Append(en ? "zh-CN" : "en").Append("\">").Append(en ? "中文" : "English")
            .Append("</a></header><main").Append(wide is null ? "" : " class=\"wide\"").Append('>');
    }

    public static void Close(StringBuilder b, bool en, string zh, string english) =>
        b.Append("</main><footer>").Append(T(en, zh, english)).Append("</footer></body></html>");

    public static void Row(StringBuilder b, string label, string? value, string? cssClass = null)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        b.Append("<dt>").Append(H(label)).Append("</dt><dd").Append(cssClass is null ? "" : $" class=\"{cssClass}\"").Append('>').Append(H(value)).Append("</dd>");
    }
}
