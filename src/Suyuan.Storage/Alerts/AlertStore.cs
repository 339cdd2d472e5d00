using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;

namespace Suyuan.Storage.Alerts;

/// <summary>A fault a rule found: who should look (department), whose it is (enterprise USCC, when known), what and where.</summary>
/// <param name="DedupeKey">The same fault found again (a re-run, a re-sent event) has the same key and is stored once.</param>
/// <param name="Subjects">The identifiers involved, canonical (lots, items, cylinders, locations).</param>
public sealed record NewAlert(string DedupeKey, string Kind, string Category, string Department, string? Enterprise,
    IReadOnlyList<string> Subjects, IReadOnlyList<string> EventIds, string Message, DateTimeOffset OccurredAt);

public sealed record AlertRecord(long Id, string Kind, string Category, string Department, string? Enterprise,
    IReadOnlyList<string> Subjects, IReadOnlyList<string> EventIds, string Message, DateTimeOffset OccurredAt, DateTimeOffset RaisedAt,
    DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, string? Note);

/// <summary>What to list; null means any.</summary>
public sealed record AlertFilter(string? Kind = null, string? Department = null, string? Enterprise = null, string? Category = null,
    DateTimeOffset? Since = null, bool? Acknowledged = null, long? BeforeId = null, int Limit = 100);

/// <summary>The alerts table (migration 0006): raised by rules, listed and acknowledged by regulators.</summary>
public sealed class AlertStore(FeatureDatabase database)
{
    private const string Columns = "id, kind, category, department, enterprise, subjects, event_ids, message, occurred_at, raised_at, acknowledged_at, acknowledged_by, note";

    public FeatureDatabase Database => database;

    /// <summary>Stores the alert unless one with its dedupe key exists; true when it is new. Pass the caller's transaction to raise atomically with its own writes.</summary>
    public async Task<bool> RaiseAsync(NewAlert alert, DbConnection? connection = null, DbTransaction? transaction = null, CancellationToken ct = default)
    {
        var id = connection is null
            ? await database.InTransactionAsync((c, t) => InsertAsync(alert, c, t, ct), ct)
            : await InsertAsync(alert, connection, transaction, ct);
        return id is not null;
    }

    /// <summary>The new alert's id; null when one with its dedupe key was there.</summary>
    private static Task<long?> InsertAsync(NewAlert alert, DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var (sql, values) = Insertion(alert);
        return connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(sql + " RETURNING id", values, transaction, cancellationToken: ct));
    }

    private const string Insert =
        "INSERT INTO alerts (dedupe, kind, category, department, enterprise, subjects, event_ids, message, occurred_at, raised_at) " +
        "VALUES (@Dedupe, @Kind, @Category, @Department, @Enterprise, @Subjects, @EventIds, @Message, @OccurredAt, @RaisedAt) " +
        "ON CONFLICT (dedupe) DO NOTHING";

    /// <summary>
    /// The statement that stores the alert unless one with its dedupe key exists, and its parameters (an anonymous object,
    /// as Dapper takes them), for a caller that runs it among its own statements: rules whose writes are sent together.
    /// The stored alert is found again by <see cref="KeyHash"/> of its dedupe key (the parameter <c>Dedupe</c>).
    /// </summary>
    public static (string Sql, object Values) Insertion(NewAlert alert) => (Insert, new
    {
        Dedupe = KeyHash(alert.DedupeKey), alert.Kind, alert.Category, alert.Department, alert.Enterprise,
        Subjects = JsonSerializer.Serialize(alert.Subjects), EventIds = JsonSerializer.Serialize(alert.EventIds), alert.Message,
        OccurredAt = alert.OccurredAt.ToUnixTimeMilliseconds(), RaisedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
    });

    /// <summary>Newest first; page on with <see cref="AlertFilter.BeforeId"/> = the last id returned.</summary>
    public async Task<IReadOnlyList<AlertRecord>> ListAsync(AlertFilter filter, CancellationToken ct = default)
    {
        var where = new List<string>();
        var p = new DynamicParameters();
        void Add(string clause, string name, object? value)
        {
            where.Add(clause);
            p.Add(name, value);
        }
        if (filter.Kind is { } kind) Add("kind = @kind", "kind", kind);
        if (filter.Department is { } department) Add("department = @department", "department", department);
        if (filter.Enterprise is { } enterprise) Add("enterprise = @enterprise", "enterprise", enterprise);
        if (filter.Category is { } category) Add("category = @category", "category", category);
        if (filter.Since is { } since) Add("raised_at >= @since", "since", since.ToUnixTimeMilliseconds());
        if (filter.BeforeId is { } before) Add("id < @before", "before", before);
        if (filter.Acknowledged is { } acknowledged)
        {
            where.Add(acknowledged ? "acknowledged_at IS NOT NULL" : "acknowledged_at IS NULL");
        }
        var sql = $"SELECT {Columns} FROM alerts {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY id DESC LIMIT {Math.Clamp(filter.Limit, 1, 10_000)}";
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, p, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<AlertRecord?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM alerts WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>Counts per kind of the alerts not yet acknowledged (for the dashboard), optionally for one department.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountOpenByKindAsync(string? department = null, CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string Kind, long Count)>(new CommandDefinition(
            "SELECT kind, COUNT(*) FROM alerts WHERE acknowledged_at IS NULL" + (department is null ? "" : " AND department = @department") + " GROUP BY kind",
            new { department }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Kind, r => r.Count);
    }

    /// <summary>
    /// The statement that acknowledges, among the caller's own statements, the alert stored under this dedupe hash
    /// (<see cref="KeyHash"/>) if it is still open: for a fault the platform itself sees resolved (a chain break whose
    /// shipment arrived later). A person's acknowledgement stays as it is.
    /// </summary>
    public static (string Sql, object Values) Resolution(byte[] dedupe, string actor, string note) => (
        "UPDATE alerts SET acknowledged_at = @at, acknowledged_by = @actor, note = @note WHERE dedupe = @dedupe AND acknowledged_at IS NULL",
        new { at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), actor, note, dedupe });

    /// <summary>
    /// The statement that acknowledges, among the caller's own statements, the open alert under this dedupe hash because the
    /// events it stood on were declared erroneous, and frees its key: the alert stays listed under a key of its own, so the
    /// same fault found later on events that stand (a genuine imbalance of the same lot, say) is raised anew, not taken for it.
    /// </summary>
    public static (string Sql, object Values) Withdrawal(byte[] dedupe, string actor, string note) => (
        Withdraw + "dedupe = @dedupe AND acknowledged_at IS NULL",
        new { at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), actor, note, dedupe, freed = RandomNumberGenerator.GetBytes(16) });

    /// <summary>Acknowledges and moves the alert to a key of its own (<c>@freed</c>, random); the caller adds which alert.</summary>
    private const string Withdraw = "UPDATE alerts SET acknowledged_at = @at, acknowledged_by = @actor, note = @note, dedupe = @freed WHERE ";

    /// <summary>
    /// What tells alerts apart in the table: the first 16 bytes of the SHA-256 of the dedupe key's UTF-8. Migration 0018 of
    /// each provider computes the same for alerts raised before it (SQLite through the function <see cref="KeyHashFunction"/>).
    /// </summary>
    public static byte[] KeyHash(string dedupeKey) => SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey))[..16];

    /// <summary>The SQL name under which SQLite connections that run migrations know <see cref="KeyHash"/>.</summary>
    internal const string KeyHashFunction = "suyuan_key_hash";

    /// <summary>Who acknowledges an alert the platform resolved itself.</summary>
    public const string SystemActor = "system";

    /// <summary>
    /// Acknowledges every open alert that names one of these eventIDs, with that event's note (the first, when it names
    /// several); the number acknowledged. A person's acknowledgement stays as it is. Declarations are rare, so the open
    /// alerts are read through and matched on their eventID lists.
    /// </summary>
    public static async Task<int> ResolveNamingAsync(IReadOnlyDictionary<string, string> notesByEventId, string actor, DbConnection connection, DbTransaction transaction, CancellationToken ct = default)
    {
        if (notesByEventId.Count == 0)
        {
            return 0;
        }
        var open = await connection.QueryAsync<(long Id, string EventIds)>(new CommandDefinition(
            "SELECT id, event_ids FROM alerts WHERE acknowledged_at IS NULL", transaction: transaction, cancellationToken: ct));
        var resolved = 0;
        foreach (var (id, eventIds) in open)
        {
            var named = JsonSerializer.Deserialize<string[]>(eventIds) ?? [];
            if (named.FirstOrDefault(notesByEventId.ContainsKey) is not { } declared)
            {
                continue;
            }
            // Its key is freed too (see Withdrawal): the fault found again on events that stand is a new alert.
            resolved += await connection.ExecuteAsync(new CommandDefinition(
                Withdraw + "id = @id AND acknowledged_at IS NULL",
                new { at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), actor, note = notesByEventId[declared], id, freed = RandomNumberGenerator.GetBytes(16) }, transaction, cancellationToken: ct));
        }
        return resolved;
    }

    /// <summary>
    /// Marks the alert acknowledged with a note; null when there is no such alert. Acknowledging again keeps who acknowledged
    /// it first and when, and adds the new note on a line of its own with who wrote it and when: nothing said is lost.
    /// </summary>
    public async Task<AlertRecord?> AcknowledgeAsync(long id, string actor, string note, CancellationToken ct = default)
    {
        var at = DateTimeOffset.UtcNow;
        var more = "\n" + at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + $"Z {actor}: {note}";
        var changed = await database.ExecuteAsync(
            """
            UPDATE alerts SET acknowledged_at = COALESCE(acknowledged_at, @at), acknowledged_by = COALESCE(acknowledged_by, @actor),
                note = CASE WHEN acknowledged_at IS NULL OR note IS NULL THEN @note ELSE note || @more END
            WHERE id = @id
            """,
            new { at = at.ToUnixTimeMilliseconds(), actor, note, more, id }, ct);
        return changed == 0 ? null : await GetAsync(id, ct);
    }

    private sealed record Row(long Id, string Kind, string Category, string Department, string? Enterprise, string Subjects, string Event_Ids,
        string Message, long Occurred_At, long Raised_At, long? Acknowledged_At, string? Acknowledged_By, string? Note)
    {
        public AlertRecord ToRecord() => new(Id, Kind, Category, Department, Enterprise,
            JsonSerializer.Deserialize<string[]>(Subjects) ?? [], JsonSerializer.Deserialize<string[]>(Event_Ids) ?? [], Message,
            DateTimeOffset.FromUnixTimeMilliseconds(Occurred_At), DateTimeOffset.FromUnixTimeMilliseconds(Raised_At),
            Acknowledged_At is { } a ? DateTimeOffset.FromUnixTimeMilliseconds(a) : null, Acknowledged_By, Note);
    }
}
