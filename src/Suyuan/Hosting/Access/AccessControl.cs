using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Suyuan.Storage;
using Suyuan.Storage.Accounts;

namespace Suyuan.Hosting.Access;

/// <summary>Registers authentication (API keys, cookie logins) and enforces <see cref="AccessTable"/> on every request.</summary>
public static class AccessControl
{
    /// <summary>Picks the scheme per request: a bearer token is an API key, otherwise the session cookie (or a configured external scheme).</summary>
    public const string Scheme = "Suyuan";

    public static IServiceCollection AddAccessControl(this IServiceCollection services, ServeOptions options)
    {
        services.AddSingleton(sp => new AccountStore(sp.GetRequiredService<FeatureDatabase>()));
        services.AddSingleton(sp => new ApiKeyStore(sp.GetRequiredService<FeatureDatabase>()));
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<FeatureDatabase>()));
        services.AddSingleton<KeyUseClock>();
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<Logins>();
        services.AddSingleton<EventVisibility>();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "keys"))).SetApplicationName("suyuan");
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or session", p => p.ForwardDefaultSelector = http =>
                ApiKeyAuthentication.BearerToken(http.Request) is not null ? ApiKeyAuthentication.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddCookie(c =>
            {
                c.Cookie.Name = "suyuan.session";
                c.Cookie.HttpOnly = true;
                // Strict: a cookie-authenticated write can only come from the platform's own pages (no cross-site request forgery).
                c.Cookie.SameSite = SameSiteMode.Strict;
                c.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                c.ExpireTimeSpan = TimeSpan.FromHours(8);
                c.SlidingExpiration = true;
                c.LoginPath = "/login";
                c.LogoutPath = "/logout";
                // A session ends when its login's password is changed or reset, or the login is disabled: checked on each request.
                c.Events.OnValidatePrincipal = async context =>
                {
                    var logins = context.HttpContext.RequestServices.GetRequiredService<Logins>();
                    if (!await logins.SessionStandsAsync(context.Principal?.Identity?.Name, context.Principal?.FindFirst(AccessClaims.Credential)?.Value, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
            });
        return services;
    }

    /// <summary>Signs the request in (when it carries a key or session) and refuses what its policy does not allow, as problem details.</summary>
    public static WebApplication UseAccessControl(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var rule = AccessTable.Match(http.Request.Method, http.Request.Path.Value ?? "/");
            var result = await http.AuthenticateAsync(Scheme);
            if (result.Succeeded)
            {
                http.User = result.Principal;
            }
            if (rule.Policy == AccessPolicy.Public)
            {
                await next(http);
                return;
            }
            if (result.Failure is { } failure)
            {
                await Refuse(http, StatusCodes.Status401Unauthorized, "Unauthorized", failure.Message);
                return;
            }
            var actor = http.Actor();
            if (!actor.IsAuthenticated)
            {
                if (WantsPage(http.Request))
                {
                    // A person opening a page is sent to sign in, and back here afterwards.
                    http.Response.Redirect("/login?returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
                    return;
                }
                await Refuse(http, StatusCodes.Status401Unauthorized, "Unauthorized", "sign in at /login, or send an API key: Authorization: Bearer <key>");
                return;
            }
            var audit = http.RequestServices.GetRequiredService<AuditLog>();
            if (AccessTable.Refusal(rule, actor) is { } refusal)
            {
                if (rule.Audit is not null)
                {
                    await audit.AppendAsync(Entry(http, actor, rule.Audit, "denied"), CancellationToken.None);
                }
                await Refuse(http, StatusCodes.Status403Forbidden, "Forbidden", refusal);
                return;
            }
            RequestAudit? pending = null;
            if (rule.Audit is not null)
            {
                pending = new RequestAudit(audit, Entry(http, actor, rule.Audit, ""));
                http.Features.Set(pending);
            }
            await next(http);
            if (pending is { Written: false })
            {
                await pending.WriteAsync(http.Response.StatusCode, CancellationToken.None);
            }
            else if (pending is { Recorded: { } recorded } && recorded != http.Response.StatusCode)
            {
                // Written before the write with the status expected then; the answer turned out otherwise (a conflict found
                // by the store): a second row says so. The first stays, so the log never misses a request that wrote.
                try
                {
                    await pending.WriteAsync(http.Response.StatusCode, CancellationToken.None);
                }
                catch (Exception e)
                {
                    http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccessControl))
                        .LogError(e, "The audit row correcting {Method} {Path} to {Status} could not be written", http.Request.Method, http.Request.Path, http.Response.StatusCode);
                }
            }
        });
        return app;
    }

    /// <summary>
    /// Writes this request's audit row now, with the status it will answer, instead of after the response: for an endpoint
    /// that hands work on (a capture job) whose own writes would otherwise hold up the row, and with it the response.
    /// </summary>
    public static Task AuditNowAsync(this HttpContext http, int status) =>
        http.Features.Get<RequestAudit>() is { Written: false } pending ? pending.WriteAsync(status, CancellationToken.None) : Task.CompletedTask;

    public static AuditEntry Entry(HttpContext http, Actor actor, string action, string outcome, string? target = null, string? detail = null) =>
        new(actor.Name, actor.Role, action, target ?? http.Request.Method + " " + http.Request.Path + http.Request.QueryString, outcome,
            http.Connection.RemoteIpAddress?.ToString(), detail);

    /// <summary>A browser asking for a page (GET, HTML accepted, no API key): not an API client.</summary>
    private static bool WantsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && !request.Headers.ContainsKey("Authorization")
        && request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    private static async Task Refuse(HttpContext http, int status, string title, string detail)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"suyuan\"";
        }
        await Problems.Create(status, title, detail, "/headers/Authorization").ExecuteAsync(http);
    }
}

/// <summary>
/// The audit row of one request: written by the endpoint when it must come before the write, else after the response;
/// a second row follows only when the answer differs from the status an early row recorded.
/// </summary>
internal sealed class RequestAudit(AuditLog log, AuditEntry entry)
{
    /// <summary>A write was attempted (it may have failed: the endpoint then refused the request and wrote nothing).</summary>
    public bool Written { get; private set; }

    /// <summary>The status the last row written says, once one was.</summary>
    public int? Recorded { get; private set; }

    public async Task WriteAsync(int status, CancellationToken ct)
    {
        Written = true;
        // A 403 the endpoint itself decided (another's location in a capture) is a refusal like the access table's: denied.
        await log.AppendAsync(entry with { Outcome = status == StatusCodes.Status403Forbidden ? "denied" : status.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
        Recorded = status;
    }
}
