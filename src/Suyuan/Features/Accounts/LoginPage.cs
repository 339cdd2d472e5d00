using System.Globalization;
using System.Net;
using System.Text;
using Suyuan.Core.Domain;
using Suyuan.Hosting.Access;
using Suyuan.Storage.Accounts;

namespace Suyuan.Features.Accounts;

/// <summary>The sign-in page: mobile-first, zh-CN by default with an English switch, the public page's look, no script.</summary>
internal static class LoginPage
{

    public static string Message(LoginResult result, DateTimeOffset? lockedUntil, bool en, bool missing = false)
    {
        if (missing)
        {
            return T(en, "请输入用户名和密码。", "Enter your login and password.");
        }
        return result switch
        {
            LoginResult.Locked => T(en, "连续 5 次密码错误，账户已锁定 15 分钟", "The account is locked for 15 minutes after 5 wrong passwords")
                + (lockedUntil is { } u ? T(en, $"，请于 {ChinaStandardTime.Of(u):HH:mm} 后再试。", $"; try again after {ChinaStandardTime.Of(u):HH:mm} (China time).") : T(en, "。", ".")),
            LoginResult.Disabled => T(en, "账户已停用，请联系管理员。", "The account is disabled; ask an administrator."),
            _ => T(en, "用户名或密码错误。", "Wrong login or password."),
        };
    }

    /// <summary>A message on the signed-in page about the password form: a refusal (Error) or a confirmation.</summary>
    internal sealed record Notice(string Text, bool Error);

    public static string Render(bool en, Actor actor, string? error, string? returnUrl, string login = "", Notice? notice = null)
    {
        var b = new StringBuilder(4_096);
        var self = "/login" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var other = self + (self.Contains('?') ? "&" : "?") + (en ? "lang=zh" : "lang=en");
        b.Append("<!doctype html><html lang=\"").Append(en ? "en" : "zh-CN").Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(T(en, "登录 · 溯源", "Sign in · Suyuan")).Append("</title><style>")
            .Append("""
                body { font: 16px/1.6 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; overflow-wrap: anywhere; }
                header { background: #0b6e4f; color: #fff; padding: .75rem 1rem; display: flex; justify-content: space-between; align-items: center; gap: .5rem; }
                header .brand { font-weight: 600; }
                header a { color: #fff; border: 1px solid rgba(255,255,255,.6); border-radius: 1rem; padding: .1rem .7rem; text-decoration: none; font-size: .9rem; white-space: nowrap; }
                main { max-width: 26rem; margin: 0 auto; padding: .75rem; }
                section { background: #fff; border-radius: .5rem; padding: .9rem 1rem; margin-bottom: .75rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
                h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
                dl { display: grid; grid-template-columns: minmax(5.5rem, auto) 1fr; gap: .2rem .75rem; margin: 0 0 .75rem; }
                dt { color: #616e7c; }
                dd { margin: 0; }
                form { display: flex; flex-direction: column; gap: .5rem; }
                label { color: #616e7c; font-size: .9rem; }
                input { font-size: 1.05rem; padding: .6rem; border: 1px solid #cbd2d9; border-radius: .375rem; }
                button { font-size: 1.05rem; padding: .65rem 1rem; border: 0; border-radius: .375rem; background: #0b6e4f; color: #fff; margin-top: .25rem; }
                .error { background: #fdecea; color: #b42318; border-radius: .375rem; padding: .5rem .75rem; margin: 0 0 .5rem; }
                .ok { background: #e6f4ea; color: #0b6e4f; border-radius: .375rem; padding: .5rem .75rem; margin: 0 0 .5rem; }
                .small { color: #616e7c; font-size: .85rem; }
                footer { text-align: center; color: #616e7c; font-size: .8rem; padding: 0 1rem 1.5rem; }
                """)
            .Append("</style></head><body><header><span class=\"brand\">").Append(T(en, "溯源 · 追溯平台", "Suyuan · Traceability platform"))
            .Append("</span><a href=\"").Append(H(other)).Append("\" hreflang=\"").Append(en ? "zh-CN" : "en").Append("\">").Append(en ? "中文" : "English").Append("</a></header><main><section>");
        if (actor.IsAuthenticated)
        {
            b.Append("<h1>").Append(T(en, "已登录", "Signed in")).Append("</h1><dl id=\"session\">");
            Row(b, T(en, "账户", "Account"), actor.DisplayName == actor.Name ? actor.Name : $"{actor.DisplayName} ({actor.Name})");
            Row(b, T(en, "角色", "Role"), RoleName(actor.Role, en));
            if (actor.Department is { } d)
            {
                var department = Departments.Find(d);
                Row(b, T(en, "部门", "Department"), department is null ? d : en ? department.NameEn : department.NameZh);
            }
            if (actor.Enterprise is { } uscc)
            {
                Row(b, T(en, "统一社会信用代码", "USCC"), uscc);
            }
            b.Append("</dl><form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"lang\" value=\"").Append(en ? "en" : "zh").Append("\">")
                .Append("<button type=\"submit\">").Append(T(en, "退出登录", "Sign out")).Append("</button></form>");
            if (actor.Via == "login")
            {
                b.Append("</section><section><h1>").Append(T(en, "修改密码", "Change password")).Append("</h1>");
                if (notice is not null)
                {
                    b.Append(notice.Error ? "<p class=\"error\" role=\"alert\">" : "<p class=\"ok\" role=\"status\">").Append(H(notice.Text)).Append("</p>");
                }
                b.Append("<form method=\"post\" action=\"/account/password\" id=\"password-change\"><input type=\"hidden\" name=\"lang\" value=\"").Append(en ? "en" : "zh").Append("\">")
                    .Append("<input type=\"text\" name=\"username\" autocomplete=\"username\" value=\"").Append(H(actor.Name)).Append("\" hidden>")
                    .Append("<label for=\"currentPassword\">").Append(T(en, "当前密码", "Current password")).Append("</label>")
                    .Append("<input id=\"currentPassword\" name=\"currentPassword\" type=\"password\" autocomplete=\"current-password\" required>")
                    .Append("<label for=\"newPassword\">").Append(T(en, $"新密码（至少 {AccountRules.MinimumPasswordLength} 个字符）", $"New password (at least {AccountRules.MinimumPasswordLength} characters)")).Append("</label>")
                    .Append("<input id=\"newPassword\" name=\"newPassword\" type=\"password\" autocomplete=\"new-password\" minlength=\"").Append(AccountRules.MinimumPasswordLength).Append("\" required>")
                    .Append("<button type=\"submit\">").Append(T(en, "修改密码", "Change password")).Append("</button></form>");
            }
        }
        else
        {
            b.Append("<h1>").Append(T(en, "登录", "Sign in")).Append("</h1>");
            if (error is not null)
            {
                b.Append("<p class=\"error\" role=\"alert\">").Append(H(error)).Append("</p>");
            }
            b.Append("<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"lang\" value=\"").Append(en ? "en" : "zh").Append("\">");
            if (returnUrl is not null)
            {
                b.Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(H(returnUrl)).Append("\">");
            }
            b.Append("<label for=\"login\">").Append(T(en, "用户名", "Login")).Append("</label>")
                .Append("<input id=\"login\" name=\"login\" autocomplete=\"username\" autocapitalize=\"none\" required value=\"").Append(H(login)).Append("\">")
                .Append("<label for=\"password\">").Append(T(en, "密码", "Password")).Append("</label>")
                .Append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>")
                .Append("<button type=\"submit\">").Append(T(en, "登录", "Sign in")).Append("</button></form>")
                .Append("<p class=\"small\">").Append(T(en, "企业、监管部门和管理员使用平台账户登录；系统接入请使用 API 密钥。", "Enterprises, regulators and administrators sign in with their platform account; systems use API keys.")).Append("</p>");
        }
        b.Append("</section></main><footer>").Append(T(en, "溯源 · 重要产品追溯平台", "Suyuan · Important-product traceability")).Append("</footer></body></html>");
        return b.ToString();
    }

    private static string RoleName(string role, bool en) => role switch
    {
        Roles.Admin => T(en, "管理员", "Administrator"),
        Roles.Regulator => T(en, "监管部门", "Regulator"),
        Roles.Enterprise => T(en, "企业", "Enterprise"),
        _ => role,
    };

    private static void Row(StringBuilder b, string name, string value) => b.Append("<dt>").Append(H(name)).Append("</dt><dd>").Append(H(value)).Append("</dd>");

    internal static string T(bool en, string zh, string english) => en ? english : zh;

    private static string H(string s) => WebUtility.HtmlEncode(s);

    internal static string Stamp(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
