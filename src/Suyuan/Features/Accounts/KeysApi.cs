using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Storage.Accounts;

namespace Suyuan.Features.Accounts;

internal sealed record KeyRequest(string? Role, string? Enterprise, string? Department, IReadOnlyList<string>? Scopes, string? Label);

internal sealed record KeyView(string Id, string Role, string? Enterprise, string? Department, IReadOnlyList<string> Scopes, string Label,
    DateTimeOffset CreatedAt, string CreatedBy, bool Revoked, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt)
{
    public static KeyView From(ApiKey k) => new(k.Id, k.Role, k.Enterprise, k.Department, k.Scopes, k.Label, k.CreatedAt, k.CreatedBy, k.IsRevoked, k.RevokedAt, k.LastUsedAt);
}

/// <param name="Key">The bearer token: shown this once, stored only as a hash.</param>
internal sealed record IssuedKeyView(string Id, string Key, KeyView Details);

/// <summary>API keys: admins issue any; an enterprise issues, lists and revokes its own (rotation: issue the new key, revoke the old).</summary>
internal static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/keys").WithTags("Accounts");
        group.MapPost("/", IssueAsync).WithSummary("Issue an API key {role, enterprise, department, scopes, label}: the key is in the answer once");
        group.MapGet("/", ListAsync).WithSummary("API keys (never their secrets): all for admins, an enterprise's own");
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revoke a key: it is refused from then on");
        return app;
    }

    private static async Task<Results<Created<IssuedKeyView>, ProblemHttpResult>> IssueAsync(KeyRequest? request, HttpContext http, ApiKeyStore keys, AuditLog audit, CancellationToken ct)
    {
        var actor = http.Actor();
        request ??= new(null, null, null, null, null);
        if (actor.IsEnterprise)
        {
            if ((request.Role ?? Roles.Enterprise) != Roles.Enterprise || (request.Enterprise ?? actor.Enterprise) != actor.Enterprise)
            {
                return Problems.Create(StatusCodes.Status403Forbidden, "Forbidden", $"an enterprise issues keys for itself only ({actor.Enterprise})", request.Role is not null and not Roles.Enterprise ? "/role" : "/enterprise");
            }
            request = request with { Role = Roles.Enterprise, Enterprise = actor.Enterprise };
        }
        if (AccountRules.Check(request.Role, request.Department, request.Enterprise) is { } bad)
        {
            return Problems.BadRequest(bad.Message, bad.Pointer);
        }
        var scopes = request.Scopes is { Count: > 0 } asked ? asked.Distinct().ToList() : [.. AccountRules.DefaultScopes(request.Role!)];
        if (scopes.FirstOrDefault(s => !Scopes.All.Contains(s)) is { } unknown)
        {
            return Problems.BadRequest($"unknown scope '{unknown}'; one of: {string.Join(", ", Scopes.All)}", "/scopes");
        }
        if (actor.IsEnterprise && scopes.Contains(Scopes.Manage))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "Forbidden", "an enterprise's keys capture and read; keys are managed after signing in", "/scopes");
        }
        var label = string.IsNullOrWhiteSpace(request.Label) ? $"{request.Role} key" : request.Label.Trim();
        var issued = await keys.IssueAsync(new NewApiKey(request.Role!, request.Department, request.Enterprise, scopes, label, actor.Name), ct);
        await audit.AppendAsync(AccessControl.Entry(http, actor, "key.issue", "ok", "key:" + issued.Key.Id, $"{issued.Key.Role} {issued.Key.Enterprise ?? issued.Key.Department}".Trim()), CancellationToken.None);
        return TypedResults.Created($"/api/keys/{issued.Key.Id}", new IssuedKeyView(issued.Key.Id, issued.Secret, KeyView.From(issued.Key)));
    }

    private static async Task<Ok<List<KeyView>>> ListAsync(HttpContext http, ApiKeyStore keys, CancellationToken ct)
    {
        var actor = http.Actor();
        var list = await keys.ListAsync(actor.IsAdmin ? null : actor.Enterprise, ct);
        return TypedResults.Ok(list.Select(KeyView.From).ToList());
    }

    private static async Task<Results<Ok<KeyView>, ProblemHttpResult>> RevokeAsync(string id, HttpContext http, ApiKeyStore keys, AuditLog audit, CancellationToken ct)
    {
        var actor = http.Actor();
        var key = await keys.GetAsync(id, ct);
        // Another enterprise's key is answered as unknown: its existence is none of the caller's business.
        if (key is null || (!actor.IsAdmin && key.Enterprise != actor.Enterprise))
        {
            return Problems.NotFound($"no API key '{id}'", "/path/id");
        }
        var revoked = await keys.RevokeAsync(id, actor.Name, ct);
        await audit.AppendAsync(AccessControl.Entry(http, actor, "key.revoke", "ok", "key:" + id), CancellationToken.None);
        return TypedResults.Ok(KeyView.From(revoked!));
    }
}
