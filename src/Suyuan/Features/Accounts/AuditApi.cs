using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Hosting;
using Suyuan.Storage.Accounts;

namespace Suyuan.Features.Accounts;

internal sealed record AuditPage(IReadOnlyList<AuditRecord> Items, long? NextBefore);

/// <summary>The audit log for regulators and admins: who did what, when, from where, with what outcome.</summary>
internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", ListAsync).WithTags("Accounts")
            .WithSummary("Audit rows, newest first: actor, action (a trailing * matches by prefix), since, until (ISO 8601), before (paging), limit");
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(string? actor, string? action, string? since, string? until, long? before, int? limit,
        AuditLog audit, CancellationToken ct)
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
        var rows = await audit.ListAsync(new AuditFilter(actor, action, from, to, before, size + 1), ct);
        var page = rows.Take(size).ToList();
        return TypedResults.Ok(new AuditPage(page, rows.Count > size ? page[^1].Id : null));
    }
}
