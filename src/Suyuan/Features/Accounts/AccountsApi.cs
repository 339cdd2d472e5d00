using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Storage.Accounts;

namespace Suyuan.Features.Accounts;

internal sealed record AccountRequest(string? Login, string? DisplayName, string? Role, string? Department, string? Enterprise, string? Password);

internal sealed record AccountView(string Login, string DisplayName, string Role, string? Department, string? Enterprise, bool Locked, DateTimeOffset CreatedAt)
{
    public static AccountView From(Account a) => new(a.Login, a.DisplayName, a.Role, a.Department, a.Enterprise, a.LockedUntil > DateTimeOffset.UtcNow, a.CreatedAt);
}

/// <param name="Password">Present only when the platform generated it: shown this once.</param>
internal sealed record CreatedAccountView(AccountView Account, string? Password);

/// <summary>Web login accounts, for admins: add and list.</summary>
internal static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts").WithTags("Accounts");
        group.MapPost("/", AddAsync).WithSummary("Add a login {login, displayName, role, department, enterprise, password?}; without a password one is generated and returned once");
        group.MapGet("/", async (AccountStore accounts, CancellationToken ct) => TypedResults.Ok((await accounts.ListAsync(ct)).Select(AccountView.From).ToList()))
            .WithSummary("Login accounts (never their password hashes)");
        group.MapPost("/{login}/password", ResetPasswordAsync)
            .WithSummary("Reset a login's password (a forgotten one): {password?}; without one a password is generated and returned once; the lock is lifted");
        return app;
    }

    private static async Task<Results<Created<CreatedAccountView>, ProblemHttpResult>> AddAsync(AccountRequest request, HttpContext http, AccountStore accounts, Logins logins, AuditLog audit, CancellationToken ct)
    {
        var created = await CreateAsync(request, accounts, logins, ct);
        if (created.Problem is { } problem)
        {
            return problem;
        }
        await audit.AppendAsync(AccessControl.Entry(http, http.Actor(), "account.add", "ok", "account:" + created.Account!.Login, created.Account.Role), CancellationToken.None);
        return TypedResults.Created($"/api/accounts/{Uri.EscapeDataString(created.Account.Login)}", new CreatedAccountView(AccountView.From(created.Account), created.GeneratedPassword));
    }

    internal sealed record PasswordReset(string? Password);

    /// <summary>The password an admin set for a login: present only when the platform generated it, shown this once.</summary>
    internal sealed record ResetView(string Login, string? Password);

    private static async Task<IResult> ResetPasswordAsync(string login, PasswordReset? request, HttpContext http, AccountStore accounts, Logins logins, AuditLog audit, CancellationToken ct)
    {
        if (request?.Password is { } given && given.Length < AccountRules.MinimumPasswordLength)
        {
            return Problems.BadRequest($"the password has fewer than {AccountRules.MinimumPasswordLength} characters", "/password");
        }
        if (await accounts.FindAsync(login, ct) is null)
        {
            return Problems.NotFound($"no login '{login}'", "/path/login");
        }
        var generated = request?.Password is null ? AccountRules.GeneratePassword() : null;
        await accounts.SetPasswordAsync(login, logins.Hash(request?.Password ?? generated!), ct);
        await audit.AppendAsync(AccessControl.Entry(http, http.Actor(), "account.password-reset", "ok", "account:" + login), CancellationToken.None);
        return TypedResults.Ok(new ResetView(login, generated));
    }

    /// <summary>Checks and stores an account (the API and <c>suyuan account add</c>); the password is generated when none is given.</summary>
    internal static async Task<(Account? Account, string? GeneratedPassword, ProblemHttpResult? Problem)> CreateAsync(AccountRequest request, AccountStore accounts, Logins logins, CancellationToken ct)
    {
        var login = request.Login?.Trim();
        if (string.IsNullOrEmpty(login) || login.Length > 64 || login.Any(char.IsWhiteSpace))
        {
            return (null, null, Problems.BadRequest("login is required: 1–64 characters without spaces", "/login"));
        }
        if (AccountRules.Check(request.Role, request.Department, request.Enterprise) is { } bad)
        {
            return (null, null, Problems.BadRequest(bad.Message, bad.Pointer));
        }
        if (request.Password is { } given && given.Length < AccountRules.MinimumPasswordLength)
        {
            return (null, null, Problems.BadRequest($"the password has fewer than {AccountRules.MinimumPasswordLength} characters", "/password"));
        }
        var generated = request.Password is null ? AccountRules.GeneratePassword() : null;
        var enterprise = request.Enterprise?.ToUpperInvariant();
        var created = await accounts.CreateAsync(new NewAccount(login, string.IsNullOrWhiteSpace(request.DisplayName) ? login : request.DisplayName.Trim(),
            logins.Hash(request.Password ?? generated!), request.Role!, request.Department, enterprise), ct);
        if (!created)
        {
            return (null, null, Problems.Conflict($"the login '{login}' is taken", "/login"));
        }
        return (await accounts.FindAsync(login, ct), generated, null);
    }
}
