using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Suyuan.Core.Domain;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Storage.Accounts;

namespace Suyuan.Features.Accounts;

internal sealed record SessionView(string Login, string DisplayName, string Role, string? Department, string? DepartmentName, string? Enterprise, string Via, IReadOnlyList<string> Scopes)
{
    public static SessionView From(Actor a) => new(a.Name, a.DisplayName, a.Role, a.Department, a.Department is { } d ? Departments.Find(d)?.NameZh : null, a.Enterprise, a.Via, [.. a.Scopes.Order()]);
}


/// <summary>Web logins: the page <c>/login</c> (form, or JSON for scripts), <c>/logout</c>, and <c>GET /api/session</c> (who am I).</summary>
internal static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", Page).ExcludeFromDescription();
        app.MapPost("/login", LoginAsync).WithTags("Accounts").WithSummary("Sign in: a form (login, password), or JSON {login, password}; sets the session cookie");
        app.MapPost("/logout", LogoutAsync).WithTags("Accounts").WithSummary("Sign out: clears the session cookie");
        app.MapGet("/api/session", (HttpContext http) => TypedResults.Ok(SessionView.From(http.Actor()))).WithTags("Accounts").WithSummary("Who the caller is: login or key, role, department, enterprise, scopes");
        app.MapPost("/account/password", ChangePasswordAsync).WithTags("Accounts")
            .WithSummary("Change the signed-in login's password: a form (currentPassword, newPassword, from the page /login) or JSON {currentPassword, newPassword}; 204");
        return app;
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, Logins logins, CancellationToken ct)
    {
        var (fields, json, refused) = await ReadFieldsAsync(http, "the password is changed with a form (application/x-www-form-urlencoded) or JSON {\"currentPassword\": …, \"newPassword\": …}", ct);
        if (refused is not null)
        {
            return refused;
        }
        var (current, next, lang) = (fields("currentPassword"), fields("newPassword"), fields("lang"));
        var en = En(http, lang);
        var actor = http.Actor();
        // An API key has no password: only a signed-in login changes its own.
        var (problem, pointer) = actor.Via != "login" ? (LoginPage.T(en, "只有用账户登录后才能修改密码（API 密钥没有密码）", "sign in with your account to change its password (an API key has none)"), "")
            : string.IsNullOrEmpty(current) ? (LoginPage.T(en, "请输入当前密码", "the current password is required"), "/currentPassword")
            : string.IsNullOrEmpty(next) || next.Length < AccountRules.MinimumPasswordLength ? (LoginPage.T(en, $"新密码至少 {AccountRules.MinimumPasswordLength} 个字符", $"the new password has fewer than {AccountRules.MinimumPasswordLength} characters"), "/newPassword")
            : next == current ? (LoginPage.T(en, "新密码与当前密码相同", "the new password is the current one"), "/newPassword")
            : ((string?)null, (string?)null);
        if (problem is null)
        {
            var outcome = await logins.ChangePasswordAsync(actor.Name, current!, next!, http.Connection.RemoteIpAddress?.ToString(), ct);
            if (outcome.Result == LoginResult.SignedIn)
            {
                // Other sessions of the login end (their stamp is the old password's); this one goes on with the new stamp.
                await SignInAsync(http, http.User.Claims, outcome.Account!);
                return json ? TypedResults.NoContent() : Html(200, LoginPage.Render(en, actor, null, null, notice: new(LoginPage.T(en, "密码已修改。", "The password was changed."), false)));
            }
            (problem, pointer) = (LoginPage.Message(outcome.Result, outcome.LockedUntil, en), "/currentPassword");
        }
        return json ? Problems.BadRequest(problem, pointer!) : Html(400, LoginPage.Render(en, actor, null, null, notice: new(problem, true)));
    }

    /// <summary>Opens (or re-opens) the session cookie with these claims and the stamp of the account's password as stored.</summary>
    private static Task SignInAsync(HttpContext http, IEnumerable<Claim> claims, Account account)
    {
        var identity = new ClaimsIdentity(claims.Where(c => c.Type != AccessClaims.Credential), CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, AccessClaims.Role);
        identity.AddClaim(new(AccessClaims.Credential, Logins.Stamp(account.PasswordHash)));
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>
    /// The fields of a form or of a JSON object (names as the form's, matched regardless of case in JSON; a value that is
    /// not a string counts as absent); another body is a 415, JSON that is no object a 400.
    /// </summary>
    private static async Task<(Func<string, string?> Fields, bool Json, IResult? Refused)> ReadFieldsAsync(HttpContext http, string expected, CancellationToken ct)
    {
        if (http.Request.HasJsonContentType())
        {
            JsonElement body;
            try
            {
                using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
                body = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                return (_ => null, true, Problems.BadRequest(expected, ""));
            }
            if (body.ValueKind != JsonValueKind.Object)
            {
                return (_ => null, true, Problems.BadRequest(expected, ""));
            }
            if (Core.Epcis.Json.JsonTextCheck.FindInvalid(body) is { } invalid)
            {
                return (_ => null, true, Problems.BadRequest(Core.Epcis.Json.JsonTextCheck.Describe(invalid), invalid));
            }
            return (name => body.EnumerateObject().FirstOrDefault(p => p.NameEquals(name) || string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value
                is { ValueKind: JsonValueKind.String } value ? value.GetString() : null, true, null);
        }
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormCheckedAsync(ct);
            return (name => form[name].ToString(), false, null);
        }
        return (_ => null, false, Problems.UnsupportedMediaType(expected));
    }

    private static IResult Page(HttpContext http, string? lang, string? returnUrl) =>
        Html(200, LoginPage.Render(En(http, lang), http.Actor(), null, Local(returnUrl)));

    private static async Task<IResult> LoginAsync(HttpContext http, Logins logins, CancellationToken ct)
    {
        var (fields, json, refused) = await ReadFieldsAsync(http, "sign in with a form (application/x-www-form-urlencoded) or JSON {\"login\": …, \"password\": …}", ct);
        if (refused is not null)
        {
            return refused;
        }
        var (login, password, lang, returnUrl) = (fields("login"), fields("password"), fields("lang"), fields("returnUrl"));
        var en = En(http, lang);
        if (string.IsNullOrWhiteSpace(login) || string.IsNullOrEmpty(password))
        {
            return json ? Problems.BadRequest("login and password are required", string.IsNullOrWhiteSpace(login) ? "/login" : "/password")
                : Html(400, LoginPage.Render(en, Actor.Anonymous, LoginPage.Message(LoginResult.WrongPassword, null, en, missing: true), Local(returnUrl)));
        }
        var outcome = await logins.SignInAsync(login, password, http.Connection.RemoteIpAddress?.ToString(), ct);
        if (outcome.Result != LoginResult.SignedIn)
        {
            var message = LoginPage.Message(outcome.Result, outcome.LockedUntil, en);
            return json
                ? Problems.Create(StatusCodes.Status401Unauthorized, outcome.Result == LoginResult.Locked ? "Account locked" : "Sign-in failed", LoginPage.Message(outcome.Result, outcome.LockedUntil, en: true), "/password")
                : Html(401, LoginPage.Render(en, Actor.Anonymous, message, Local(returnUrl), login.Trim()));
        }
        var account = outcome.Account!;
        var scopes = account.Role == Roles.Regulator ? [Scopes.Read] : Scopes.All;
        var principal = Actor.Principal(CookieAuthenticationDefaults.AuthenticationScheme, account.Login, account.DisplayName, account.Role, account.Department, account.Enterprise, scopes, "login");
        await SignInAsync(http, principal.Claims, account);
        return json ? TypedResults.Ok(SessionView.From(Actor.From(principal))) : TypedResults.Redirect(Local(returnUrl) ?? (en ? "/login?lang=en" : "/login"), preserveMethod: false);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, AuditLog audit)
    {
        var actor = http.Actor();
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (actor.IsAuthenticated)
        {
            await audit.AppendAsync(AccessControl.Entry(http, actor, "logout", "ok", "/logout"), CancellationToken.None);
        }
        var en = http.Request.HasFormContentType && (await http.Request.ReadFormCheckedAsync()).TryGetValue("lang", out var l) && l == "en";
        return TypedResults.Redirect(en ? "/login?lang=en" : "/login");
    }

    /// <summary>Only paths of this site: an open redirect would let a phishing link borrow the login page.</summary>
    private static string? Local(string? returnUrl) =>
        returnUrl is { Length: > 1 } u && u[0] == '/' && u[1] != '/' && u[1] != '\\' ? u : null;

    private static bool En(HttpContext http, string? lang) => (lang ?? http.Request.Query["lang"].ToString()) == "en";

    private static IResult Html(int status, string html) => TypedResults.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
