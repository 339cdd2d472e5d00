using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Hosting.Directory;
using Suyuan.Storage.Accounts;

namespace Suyuan.Features.Accounts;

internal sealed record AuditPage(IReadOnlyList<AuditRecord> Items, long? NextBefore);

/// <summary>The audit log for admins (all of it) and regulators (their department's and their regulated enterprises' rows): who did what, when, from where, with what outcome.</summary>
internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", ListAsync).WithTags("Accounts")
            .WithSummary("Audit rows, newest first: actor, action (a trailing * matches by prefix), since, until (ISO 8601), before (paging), limit");
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(string? actor, string? action, string? since, string? until, long? before, int? limit,
        HttpContext http, AuditLog audit, CancellationToken ct)
    {
        DateTimeOffset? from = null, to = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s))
            {
                return Problems.BadRequest($"since '{since}' is not a date or date-time (ISO 8601)", "/query/since");
            }
            from = s;
        }
        if (until is not null)
        {
            if (!DateTimeOffset.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var u))
            {
                return Problems.BadRequest($"until '{until}' is not a date or date-time (ISO 8601)", "/query/until");
            }
            to = u;
        }
        if (limit is < 1 or > 1_000)
        {
            return Problems.BadRequest("limit is between 1 and 1000", "/query/limit");
        }
        var size = limit ?? 100;
        var caller = http.Actor();
        var visible = caller.IsAdmin ? null : await VisibleActorsAsync(caller, http.RequestServices, ct);
        var rows = await audit.ListAsync(new AuditFilter(actor, action, from, to, before, size + 1, visible), ct);
        var page = rows.Take(size).ToList();
        return TypedResults.Ok(new AuditPage(page, rows.Count > size ? page[^1].Id : null));
    }

    /// <summary>
    /// Whose rows a regulator reads: its own department's logins and keys, and the logins and keys of enterprises registered
    /// in a category the department regulates (besides anonymous and system rows: failed sign-ins, refused keys). Admins'
    /// and other departments' rows stay with admins.
    /// </summary>
    private static async Task<IReadOnlyCollection<string>> VisibleActorsAsync(Actor caller, IServiceProvider services, CancellationToken ct)
    {
        var regulated = caller.RegulatedCategories;
        var directory = services.GetService<IEnterpriseDirectory>();
        var categories = new Dictionary<string, bool>(StringComparer.Ordinal);
        async ValueTask<bool> Visible(string role, string? department, string? enterprise)
        {
            if (role == Roles.Regulator)
            {
                return caller.Department is not null && department == caller.Department;
            }
            if (role != Roles.Enterprise || enterprise is null || directory is null)
            {
                return false;
            }
            if (!categories.TryGetValue(enterprise, out var overlaps))
            {
                categories[enterprise] = overlaps = (await directory.CategoriesOfAsync(enterprise, ct)).Overlaps(regulated);
            }
            return overlaps;
        }

        var visible = new HashSet<string>(StringComparer.Ordinal) { caller.Name };
        foreach (var account in await services.GetRequiredService<AccountStore>().ListAsync(ct))
        {
            if (await Visible(account.Role, account.Department, account.Enterprise))
            {
                visible.Add(account.Login);
            }
        }
        foreach (var key in await services.GetRequiredService<ApiKeyStore>().ListAsync(null, ct))
        {
            if (await Visible(key.Role, key.Department, key.Enterprise))
            {
                visible.Add("key:" + key.Id);
            }
        }
        return visible;
    }
}
