using Dapper;

namespace Suyuan.Storage.Accounts;

/// <param name="ActorKind">admin, regulator, enterprise, anonymous or system.</param>
/// <param name="Outcome">ok, denied, failed, locked, or the HTTP status of the request.</param>
public sealed record AuditEntry(string Actor, string ActorKind, string Action, string Target, string Outcome, string? Remote, string? Detail = null);

public sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string ActorKind, string Action, string Target, string Outcome, string? Remote, string? Detail);

/// <param name="VisibleActors">When set, only rows of these actors and of anonymous or system actors (a regulator's view).</param>
public sealed record AuditFilter(string? Actor = null, string? Action = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null, long? BeforeId = null, int Limit = 100,
    IReadOnlyCollection<string>? VisibleActors = null);

/// <summary>
/// The audit log: appended to and read, never changed — there is deliberately no update or delete here. On PostgreSQL it
/// is the table of migration 0008; on SQLite it lives in a file of its own, audit.db (<c>SqliteEventStore.AuditFileName</c>),
/// so that an audited read or login is not held up while a capture job holds the events' write lock.
/// </summary>
public sealed class AuditLog(FeatureDatabase database)
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        await database.Audit.ExecuteAsync(
            "INSERT INTO audit_log (at, actor, actor_kind, action, target, outcome, remote, detail) VALUES (@at, @Actor, @ActorKind, @Action, @Target, @Outcome, @Remote, @Detail)",
            new { at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), entry.Actor, entry.ActorKind, entry.Action, Target = Clip(entry.Target, 2_000), entry.Outcome, entry.Remote, Detail = entry.Detail is null ? null : Clip(entry.Detail, 2_000) },
            ct);
    }

    /// <summary>Newest first; page on with <see cref="AuditFilter.BeforeId"/> = the last id returned. An action ending in '*' matches by prefix.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ListAsync(AuditFilter filter, CancellationToken ct = default)
    {
        var where = new List<string>();
        var p = new DynamicParameters();
        if (filter.Actor is { } actor)
        {
            where.Add("actor = @actor");
            p.Add("actor", actor);
        }
        if (filter.VisibleActors is { } visible)
        {
            if (visible.Count > 0)
            {
                where.Add($"(actor_kind IN ('anonymous', 'system') OR {database.In("actor", "visible")})");
                p.Add("visible", visible.ToArray());
            }
            else
            {
                where.Add("actor_kind IN ('anonymous', 'system')");
            }
        }
        if (filter.Action is { } action)
        {
            if (action.EndsWith('*'))
            {
                where.Add("action LIKE @action");
                p.Add("action", action[..^1].Replace("%", "").Replace("_", "") + "%");
            }
            else
            {
                where.Add("action = @action");
                p.Add("action", action);
            }
        }
        if (filter.Since is { } since)
        {
            where.Add("at >= @since");
            p.Add("since", since.ToUnixTimeMilliseconds());
        }
        if (filter.Until is { } until)
        {
            where.Add("at < @until");
            p.Add("until", until.ToUnixTimeMilliseconds());
        }
        if (filter.BeforeId is { } before)
        {
            where.Add("id < @before");
            p.Add("before", before);
        }
        var sql = $"SELECT id, at, actor, actor_kind, action, target, outcome, remote, detail FROM audit_log {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY id DESC LIMIT {Math.Clamp(filter.Limit, 1, 10_000)}";
        await using var connection = await database.Audit.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, p, cancellationToken: ct));
        return rows.Select(r => new AuditRecord(r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Actor, r.Actor_Kind, r.Action, r.Target, r.Outcome, r.Remote, r.Detail)).ToList();
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];

    private sealed record Row(long Id, long At, string Actor, string Actor_Kind, string Action, string Target, string Outcome, string? Remote, string? Detail);
}
