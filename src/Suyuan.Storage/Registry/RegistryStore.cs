using Suyuan.Core.Domain;
using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Suyuan.Storage.Registry;

/// <summary>
/// The registry tables (migration 0007): enterprises with their node types, categories, ids, licences and contacts; issued trace
/// codes; the product catalogue; and the activity counts kept from the event feed. Every write is one transaction.
/// </summary>
public sealed class RegistryStore(FeatureDatabase database)
{
    private long _version;

    public FeatureDatabase Database => database;

    /// <summary>Changes after every committed write of enterprises or ids in this process: caches compare it to know they are stale.</summary>
    public long Version => Interlocked.Read(ref _version);

    // ---- enterprises ----

    /// <summary>Registers an enterprise; throws <see cref="RegistryConflictException"/> (nothing written) on a duplicate USCC or an id owned by another.</summary>
    public async Task RegisterAsync(EnterpriseRecord enterprise, CancellationToken ct = default)
    {
        await WriteAsync(async (c, t) =>
        {
            if (await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM enterprises WHERE uscc = @Uscc", new { enterprise.Uscc }, t, cancellationToken: ct)) > 0)
            {
                throw new RegistryConflictException("/uscc", $"an enterprise with unified social credit code {enterprise.Uscc} is already registered");
            }
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO enterprises (uscc, name, region, check_confirmed, registered_at, updated_at) VALUES (@Uscc, @Name, @Region, @Confirmed, @At, @At)",
                new { enterprise.Uscc, enterprise.Name, enterprise.Region, Confirmed = enterprise.CheckConfirmed ? 1L : 0L, At = enterprise.RegisteredAt.ToUnixTimeMilliseconds() },
                t, cancellationToken: ct));
            await InsertChildrenAsync(c, t, enterprise, ct);
            // Node 01 is the enterprise itself: every registered enterprise has a subject code.
            var main = PlatformCodes.Subject(enterprise.Region, enterprise.Uscc, 1);
            if (enterprise.Ids.All(i => i.Id != main))
            {
                await c.ExecuteAsync(new CommandDefinition("INSERT INTO enterprise_ids (id, uscc, kind) VALUES (@main, @Uscc, @kind)",
                    new { main, enterprise.Uscc, kind = RegisteredIdKinds.Subject }, t, cancellationToken: ct));
            }
        }, ct);
    }

    /// <summary>Replaces an enterprise's data (same USCC); false when it is not registered. Conflicts throw and write nothing.</summary>
    public async Task<bool> ReplaceAsync(EnterpriseRecord enterprise, CancellationToken ct = default) =>
        await WriteAsync(async (c, t) =>
        {
            var changed = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE enterprises SET name = @Name, region = @Region, check_confirmed = @Confirmed, updated_at = @At WHERE uscc = @Uscc",
                new { enterprise.Uscc, enterprise.Name, enterprise.Region, Confirmed = enterprise.CheckConfirmed ? 1L : 0L, At = enterprise.UpdatedAt.ToUnixTimeMilliseconds() },
                t, cancellationToken: ct));
            if (changed == 0)
            {
                return false;
            }
            await DeleteChildrenAsync(c, t, enterprise.Uscc, keepSubjects: true, ct);
            await InsertChildrenAsync(c, t, enterprise with { Ids = [.. enterprise.Ids.Where(i => i.Kind != RegisteredIdKinds.Subject)] }, ct);
            return true;
        }, ct);

    /// <summary>Removes an enterprise from the registry (issued trace codes stay on record); false when it is not registered.</summary>
    public async Task<bool> DeleteAsync(string uscc, CancellationToken ct = default) =>
        await WriteAsync(async (c, t) =>
        {
            await DeleteChildrenAsync(c, t, uscc, keepSubjects: false, ct);
            return await c.ExecuteAsync(new CommandDefinition("DELETE FROM enterprises WHERE uscc = @uscc", new { uscc }, t, cancellationToken: ct)) > 0;
        }, ct);

    public async Task<EnterpriseRecord?> GetAsync(string uscc, CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<EnterpriseRow>(new CommandDefinition(EnterpriseColumns + " WHERE uscc = @uscc", new { uscc }, cancellationToken: ct));
        return (await LoadAsync(connection, rows.ToList(), database.Provider, ct)).SingleOrDefault();
    }

    /// <summary>Enterprises by name (ordered by USCC) matching the filter, a page at a time, with the total.</summary>
    public async Task<EnterprisePage> SearchAsync(EnterpriseFilter filter, CancellationToken ct = default)
    {
        var (where, p) = Where(filter, database.Provider);
        await using var connection = await database.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM enterprises e" + where, p, cancellationToken: ct));
        var rows = await connection.QueryAsync<EnterpriseRow>(new CommandDefinition(
            $"{EnterpriseColumns} e{where} ORDER BY uscc LIMIT {Math.Clamp(filter.Limit, 1, 100_000)} OFFSET {Math.Max(0, filter.Offset)}", p, cancellationToken: ct));
        return new EnterprisePage(await LoadAsync(connection, rows.ToList(), database.Provider, ct), total);
    }

    public async Task<IReadOnlyList<RegistrationCount>> CountsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<RegistrationCount>(new CommandDefinition(
            "SELECT c.category AS Category, n.node_type AS NodeType, e.region AS Region, CAST(COUNT(*) AS BIGINT) AS Enterprises " +
            "FROM enterprises e JOIN enterprise_categories c ON c.uscc = e.uscc JOIN enterprise_node_types n ON n.uscc = e.uscc " +
            "GROUP BY c.category, n.node_type, e.region ORDER BY c.category, n.node_type, e.region", cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>The owner of every registered id and each enterprise's ids and categories, for the directory's cache.</summary>
    public async Task<DirectorySnapshot> SnapshotAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var ids = (await connection.QueryAsync<(string Id, string Uscc)>(new CommandDefinition("SELECT id, uscc FROM enterprise_ids", cancellationToken: ct))).ToList();
        var categories = (await connection.QueryAsync<(string Uscc, string Category)>(new CommandDefinition("SELECT uscc, category FROM enterprise_categories", cancellationToken: ct))).ToList();
        return new DirectorySnapshot(
            ids.ToDictionary(i => i.Id, i => i.Uscc, StringComparer.Ordinal),
            ids.GroupBy(i => i.Uscc).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(i => i.Id).ToHashSet(StringComparer.Ordinal)),
            categories.GroupBy(c => c.Uscc).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(c => c.Category).ToHashSet(StringComparer.Ordinal)));
    }

    // ---- platform codes ----

    /// <summary>Issues the enterprise's next subject code (node 02, 03...) and records it as one of its ids; null when it is not registered.</summary>
    public async Task<string?> IssueSubjectCodeAsync(string uscc, CancellationToken ct = default) =>
        await WriteAsync(async (c, t) =>
        {
            var region = await c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT region FROM enterprises WHERE uscc = @uscc", new { uscc }, t, cancellationToken: ct));
            if (region is null)
            {
                return null;
            }
            var existing = await c.QueryAsync<string>(new CommandDefinition("SELECT id FROM enterprise_ids WHERE uscc = @uscc AND kind = @kind",
                new { uscc, kind = RegisteredIdKinds.Subject }, t, cancellationToken: ct));
            var next = existing.Select(PlatformCodes.ReadSubject).Select(s => s?.Node ?? 0).DefaultIfEmpty(0).Max() + 1;
            if (next > 99)
            {
                throw new RegistryConflictException("/path/uscc", $"{uscc} already has 99 subject codes");
            }
            var code = PlatformCodes.Subject(region, uscc, next);
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO enterprise_ids (id, uscc, kind) VALUES (@code, @uscc, @kind)",
                new { code, uscc, kind = RegisteredIdKinds.Subject }, t, cancellationToken: ct));
            return code;
        }, ct);

    /// <summary>Issues <paramref name="count"/> new trace codes to a registered enterprise as one batch; a generated code already issued is drawn again.</summary>
    public async Task<TraceCodeBatch?> IssueTraceCodesAsync(string uscc, int count, Func<string, string> generate, CancellationToken ct = default) =>
        await database.InTransactionAsync(async (c, t) =>
        {
            var region = await c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT region FROM enterprises WHERE uscc = @uscc", new { uscc }, t, cancellationToken: ct));
            if (region is null)
            {
                return null;
            }
            var at = DateTimeOffset.UtcNow;
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO trace_code_batches (uscc, region, count, issued_at) VALUES (@uscc, @region, @count, @at) RETURNING id",
                new { uscc, region, count = (long)count, at = at.ToUnixTimeMilliseconds() }, t, cancellationToken: ct));
            // Multi-row inserts, 500 codes a statement; a code already issued (a 1-in-10^15 draw) is skipped and drawn again.
            var issued = new HashSet<string>(StringComparer.Ordinal);
            var codes = new List<string>(count);
            while (codes.Count < count)
            {
                var draw = new List<string>();
                while (draw.Count < Math.Min(500, count - codes.Count))
                {
                    var code = generate(region);
                    if (issued.Add(code))
                    {
                        draw.Add(code);
                    }
                }
                var p = new DynamicParameters(new { id, uscc });
                var values = new List<string>(draw.Count);
                for (var i = 0; i < draw.Count; i++)
                {
                    p.Add("c" + i.ToString(CultureInfo.InvariantCulture), draw[i]);
                    values.Add($"(@c{i.ToString(CultureInfo.InvariantCulture)}, @id, @uscc)");
                }
                var inserted = await c.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO trace_codes (code, batch_id, uscc) VALUES {string.Join(", ", values)} ON CONFLICT (code) DO NOTHING", p, t, cancellationToken: ct));
                if (inserted == draw.Count)
                {
                    codes.AddRange(draw);
                    continue;
                }
                var mine = (await c.QueryAsync<string>(new CommandDefinition("SELECT code FROM trace_codes WHERE batch_id = @id", new { id }, t, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
                codes.AddRange(draw.Where(mine.Contains));
            }
            return new TraceCodeBatch(id, uscc, region, at, codes);
        }, ct);

    /// <summary>Who was issued a trace code, or null when the platform never issued it.</summary>
    public async Task<TraceCodeIssuer?> IssuerOfAsync(string code, CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string Code, string Uscc, long BatchId, long IssuedAt)>(new CommandDefinition(
            "SELECT t.code, t.uscc, t.batch_id, b.issued_at FROM trace_codes t JOIN trace_code_batches b ON b.id = t.batch_id WHERE t.code = @code",
            new { code }, cancellationToken: ct));
        return row.Code is null ? null : new TraceCodeIssuer(row.Code, row.Uscc, row.BatchId, DateTimeOffset.FromUnixTimeMilliseconds(row.IssuedAt));
    }

    // ---- catalogue ----

    private const string CatalogueColumns = "SELECT id AS Id, category AS Category, department AS Department, listing AS Listing, name AS Name, gtin AS Gtin, product_code AS ProductCode, created_at AS CreatedAt FROM catalogue";

    /// <summary>Adds an entry; one without a GTIN is given a platform product code for <paramref name="region"/>.</summary>
    public async Task<CatalogueEntry> AddCatalogueAsync(NewCatalogueEntry entry, string region, CancellationToken ct = default) =>
        await database.InTransactionAsync(async (c, t) =>
        {
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO catalogue (category, department, listing, name, gtin, created_at) VALUES (@Category, @Department, @Listing, @Name, @Gtin, @At) RETURNING id",
                new { entry.Category, entry.Department, entry.Listing, entry.Name, entry.Gtin, At = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, t, cancellationToken: ct));
            if (entry.Gtin is null)
            {
                await c.ExecuteAsync(new CommandDefinition("UPDATE catalogue SET product_code = @code WHERE id = @id",
                    new { code = PlatformCodes.Product(region, id), id }, t, cancellationToken: ct));
            }
            return (await c.QuerySingleAsync<CatalogueRow>(new CommandDefinition(CatalogueColumns + " WHERE id = @id", new { id }, t, cancellationToken: ct))).ToEntry();
        }, ct);

    /// <summary>Replaces an entry's fields (a product code once issued stays); null when there is no such entry.</summary>
    public async Task<CatalogueEntry?> UpdateCatalogueAsync(long id, NewCatalogueEntry entry, string region, CancellationToken ct = default) =>
        await database.InTransactionAsync(async (c, t) =>
        {
            var changed = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE catalogue SET category = @Category, department = @Department, listing = @Listing, name = @Name, gtin = @Gtin WHERE id = @id",
                new { entry.Category, entry.Department, entry.Listing, entry.Name, entry.Gtin, id }, t, cancellationToken: ct));
            if (changed == 0)
            {
                return null;
            }
            if (entry.Gtin is null)
            {
                await c.ExecuteAsync(new CommandDefinition("UPDATE catalogue SET product_code = @code WHERE id = @id AND product_code IS NULL",
                    new { code = PlatformCodes.Product(region, id), id }, t, cancellationToken: ct));
            }
            return (await c.QuerySingleAsync<CatalogueRow>(new CommandDefinition(CatalogueColumns + " WHERE id = @id", new { id }, t, cancellationToken: ct))).ToEntry();
        }, ct);

    public async Task<bool> DeleteCatalogueAsync(long id, CancellationToken ct = default)
    {
        return await database.ExecuteAsync("DELETE FROM catalogue WHERE id = @id", new { id }, ct) > 0;
    }

    public async Task<CatalogueEntry?> GetCatalogueAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<CatalogueRow>(new CommandDefinition(CatalogueColumns + " WHERE id = @id", new { id }, cancellationToken: ct)))?.ToEntry();
    }

    /// <summary>Entries by category, department, listing and GTIN-14 or product code (null: any), in the order they were added.</summary>
    public async Task<IReadOnlyList<CatalogueEntry>> ListCatalogueAsync(string? category = null, string? department = null, string? listing = null,
        string? gtin = null, string? productCode = null, CancellationToken ct = default)
    {
        var where = new List<string>();
        if (category is not null) where.Add("category = @category");
        if (department is not null) where.Add("department = @department");
        if (listing is not null) where.Add("listing = @listing");
        if (gtin is not null) where.Add("gtin = @gtin");
        if (productCode is not null) where.Add("product_code = @productCode");
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<CatalogueRow>(new CommandDefinition(
            CatalogueColumns + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY id",
            new { category, department, listing, gtin, productCode }, cancellationToken: ct));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    // ---- activity ----

    /// <summary>
    /// Adds a batch of the event feed (up to <paramref name="lastSequence"/>) to the activity counts, once: the feed position is stored
    /// with the counts, and hits at or below it (a replay after a crash) are skipped.
    /// </summary>
    public async Task RecordActivityAsync(string view, long lastSequence, IReadOnlyList<ActivityHit> hits, CancellationToken ct = default)
    {
        await database.InTransactionAsync(async (c, t) =>
        {
            var position = await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT position FROM activity_position WHERE name = @view", new { view }, t, cancellationToken: ct));
            if (position >= lastSequence)
            {
                return 0;
            }
            var rows = hits
                .Where(h => h.Sequence > (position ?? long.MinValue))
                .GroupBy(h => (h.LocationId, Day: ChinaStandardTime.Of(h.EventTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
                .Select(g => new
                {
                    Location = g.Key.LocationId, g.Key.Day, Events = (long)g.Count(),
                    LastEvent = g.Max(h => h.EventTime).ToUnixTimeMilliseconds(), LastRecorded = g.Max(h => h.RecordTime).ToUnixTimeMilliseconds(),
                })
                .ToList();
            foreach (var row in rows)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO activity (location_id, day, events, last_event_at, last_recorded_at) VALUES (@Location, @Day, @Events, @LastEvent, @LastRecorded) " +
                    "ON CONFLICT (location_id, day) DO UPDATE SET events = activity.events + excluded.events, " +
                    "last_event_at = CASE WHEN excluded.last_event_at > activity.last_event_at THEN excluded.last_event_at ELSE activity.last_event_at END, " +
                    "last_recorded_at = CASE WHEN excluded.last_recorded_at > activity.last_recorded_at THEN excluded.last_recorded_at ELSE activity.last_recorded_at END",
                    row, t, cancellationToken: ct));
            }
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO activity_position (name, position) VALUES (@view, @lastSequence) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
                new { view, lastSequence }, t, cancellationToken: ct));
            return rows.Count;
        }, ct);
    }

    /// <summary>Events per registered enterprise per day (UTC+8) from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    public async Task<IReadOnlyList<ActivityDay>> ActivityAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string Uscc, string Day, long Events)>(new CommandDefinition(
            "SELECT i.uscc, a.day, CAST(SUM(a.events) AS BIGINT) FROM activity a JOIN enterprise_ids i ON i.id = a.location_id " +
            "WHERE a.day >= @from AND a.day <= @to GROUP BY i.uscc, a.day ORDER BY i.uscc, a.day",
            new { from = Day(from), to = Day(to) }, cancellationToken: ct));
        return rows.Select(r => new ActivityDay(r.Uscc, DateOnly.ParseExact(r.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture), r.Events)).ToList();
    }

    /// <summary>Every registered enterprise with its last reported event (null when it never reported), newest reports first.</summary>
    public async Task<IReadOnlyList<LastReported>> LastReportedAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string Uscc, string Name, long? LastEvent, long? LastRecorded, long? Events)>(new CommandDefinition(
            "SELECT e.uscc, e.name, MAX(a.last_event_at), MAX(a.last_recorded_at), CAST(SUM(a.events) AS BIGINT) FROM enterprises e " +
            "LEFT JOIN enterprise_ids i ON i.uscc = e.uscc LEFT JOIN activity a ON a.location_id = i.id GROUP BY e.uscc, e.name", cancellationToken: ct));
        return rows
            .Select(r => new LastReported(r.Uscc, r.Name, r.LastEvent is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
                r.LastRecorded is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null, r.Events ?? 0))
            .OrderByDescending(r => r.LastEventTime ?? DateTimeOffset.MinValue).ThenBy(r => r.Uscc, StringComparer.Ordinal)
            .ToList();
    }

    // ---- internals ----

    private const string EnterpriseColumns = "SELECT uscc AS Uscc, name AS Name, region AS Region, check_confirmed AS CheckConfirmed, registered_at AS RegisteredAt, updated_at AS UpdatedAt FROM enterprises";

    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await database.InTransactionAsync(work, ct);
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            // A concurrent writer got there between our check and our insert: the same refusal, and the transaction rolled back.
            throw new RegistryConflictException("/", "the enterprise or one of its ids was registered concurrently: " + e.Message);
        }
        finally
        {
            Interlocked.Increment(ref _version);
        }
    }

    private async Task WriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken ct) =>
        await WriteAsync<int>(async (c, t) =>
        {
            await work(c, t);
            return 0;
        }, ct);

    private static bool IsUniqueViolation(DbException e) => e.SqlState == "23505" || e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };

    private static async Task InsertChildrenAsync(DbConnection c, DbTransaction t, EnterpriseRecord e, CancellationToken ct)
    {
        for (var i = 0; i < e.Ids.Count; i++)
        {
            var id = e.Ids[i];
            var owner = await c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT uscc FROM enterprise_ids WHERE id = @Id", new { id.Id }, t, cancellationToken: ct));
            if (owner is not null)
            {
                var pointer = id.Kind == RegisteredIdKinds.Party ? "/parties" : "/locations";
                var index = e.Ids.Where(x => x.Kind == id.Kind).TakeWhile(x => x != id).Count();
                throw new RegistryConflictException($"{pointer}/{index}", owner == e.Uscc
                    ? $"{id.Id} is listed twice"
                    : $"{id.Id} is already registered to enterprise {owner}");
            }
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO enterprise_ids (id, uscc, kind) VALUES (@Id, @Uscc, @Kind)", new { id.Id, e.Uscc, id.Kind }, t, cancellationToken: ct));
        }
        foreach (var nodeType in e.NodeTypes.Distinct())
        {
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO enterprise_node_types (uscc, node_type) VALUES (@Uscc, @nodeType)", new { e.Uscc, nodeType }, t, cancellationToken: ct));
        }
        foreach (var category in e.Categories.Distinct())
        {
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO enterprise_categories (uscc, category) VALUES (@Uscc, @category)", new { e.Uscc, category }, t, cancellationToken: ct));
        }
        foreach (var line in (e.ProductLines ?? []).Distinct())
        {
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO enterprise_product_lines (uscc, product_line) VALUES (@Uscc, @line)", new { e.Uscc, line }, t, cancellationToken: ct));
        }
        for (var i = 0; i < e.Licences.Count; i++)
        {
            var l = e.Licences[i];
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO enterprise_licences (uscc, position, kind, number, valid_until) VALUES (@Uscc, @position, @Kind, @Number, @ValidUntil)",
                new { e.Uscc, position = (long)i, l.Kind, l.Number, ValidUntil = Day(l.ValidUntil) }, t, cancellationToken: ct));
        }
        for (var i = 0; i < e.Contacts.Count; i++)
        {
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO enterprise_contacts (uscc, position, name, phone) VALUES (@Uscc, @position, @Name, @Phone)",
                new { e.Uscc, position = (long)i, e.Contacts[i].Name, e.Contacts[i].Phone }, t, cancellationToken: ct));
        }
    }

    private static async Task DeleteChildrenAsync(DbConnection c, DbTransaction t, string uscc, bool keepSubjects, CancellationToken ct)
    {
        foreach (var table in new[] { "enterprise_node_types", "enterprise_categories", "enterprise_product_lines", "enterprise_licences", "enterprise_contacts" })
        {
            await c.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE uscc = @uscc", new { uscc }, t, cancellationToken: ct));
        }
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM enterprise_ids WHERE uscc = @uscc" + (keepSubjects ? " AND kind <> @subject" : ""),
            new { uscc, subject = RegisteredIdKinds.Subject }, t, cancellationToken: ct));
    }

    private static (string Where, DynamicParameters Parameters) Where(EnterpriseFilter filter, StoreProvider provider)
    {
        var where = new List<string>();
        var p = new DynamicParameters();
        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var q = filter.Query.Trim();
            var escaped = q.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            where.Add("(e.name LIKE @name ESCAPE '\\' OR e.uscc LIKE @prefix ESCAPE '\\')");
            p.Add("name", "%" + escaped + "%");
            p.Add("prefix", escaped.ToUpperInvariant() + "%");
        }
        if (filter.Region is { } region)
        {
            // A prefecture (3206 00) or province (32 0000) code covers the divisions under it.
            var prefix = region.EndsWith("0000", StringComparison.Ordinal) ? region[..2] : region.EndsWith("00", StringComparison.Ordinal) ? region[..4] : region;
            where.Add("e.region LIKE @region");
            p.Add("region", prefix + "%");
        }
        if (filter.NodeType is { } nodeType)
        {
            where.Add("EXISTS (SELECT 1 FROM enterprise_node_types n WHERE n.uscc = e.uscc AND n.node_type = @nodeType)");
            p.Add("nodeType", nodeType);
        }
        if (filter.Category is { } category)
        {
            where.Add("EXISTS (SELECT 1 FROM enterprise_categories c WHERE c.uscc = e.uscc AND c.category = @category)");
            p.Add("category", category);
        }
        if (filter.AnyCategory is { } any)
        {
            where.Add($"EXISTS (SELECT 1 FROM enterprise_categories d WHERE d.uscc = e.uscc AND {FeatureDatabase.In(provider, "d.category", "any")})");
            p.Add("any", any.Count == 0 ? ["\u0000none"] : any.ToArray());
        }
        return (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "", p);
    }

    private static async Task<IReadOnlyList<EnterpriseRecord>> LoadAsync(DbConnection c, IReadOnlyList<EnterpriseRow> rows, StoreProvider provider, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var usccs = rows.Select(r => r.Uscc).ToArray();
        var p = new { usccs };
        var inUsccs = FeatureDatabase.In(provider, "uscc", "usccs");
        var nodeTypes = (await c.QueryAsync<(string Uscc, string NodeType)>(new CommandDefinition($"SELECT uscc, node_type FROM enterprise_node_types WHERE {inUsccs} ORDER BY uscc, node_type", p, cancellationToken: ct))).ToLookup(x => x.Uscc, x => x.NodeType);
        var categories = (await c.QueryAsync<(string Uscc, string Category)>(new CommandDefinition($"SELECT uscc, category FROM enterprise_categories WHERE {inUsccs} ORDER BY uscc, category", p, cancellationToken: ct))).ToLookup(x => x.Uscc, x => x.Category);
        var lines = (await c.QueryAsync<(string Uscc, string Line)>(new CommandDefinition($"SELECT uscc, product_line FROM enterprise_product_lines WHERE {inUsccs} ORDER BY uscc, product_line", p, cancellationToken: ct))).ToLookup(x => x.Uscc, x => x.Line);
        var ids = (await c.QueryAsync<(string Uscc, string Id, string Kind)>(new CommandDefinition($"SELECT uscc, id, kind FROM enterprise_ids WHERE {inUsccs} ORDER BY uscc, kind, id", p, cancellationToken: ct))).ToLookup(x => x.Uscc, x => new RegisteredId(x.Id, x.Kind));
        var licences = (await c.QueryAsync<(string Uscc, string Kind, string Number, string ValidUntil)>(new CommandDefinition($"SELECT uscc, kind, number, valid_until FROM enterprise_licences WHERE {inUsccs} ORDER BY uscc, position", p, cancellationToken: ct)))
            .ToLookup(x => x.Uscc, x => new Licence(x.Kind, x.Number, DateOnly.ParseExact(x.ValidUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var contacts = (await c.QueryAsync<(string Uscc, string Name, string Phone)>(new CommandDefinition($"SELECT uscc, name, phone FROM enterprise_contacts WHERE {inUsccs} ORDER BY uscc, position", p, cancellationToken: ct))).ToLookup(x => x.Uscc, x => new Contact(x.Name, x.Phone));
        return rows.Select(r => new EnterpriseRecord(r.Uscc, r.Name, r.Region, r.CheckConfirmed != 0, [.. nodeTypes[r.Uscc]], [.. categories[r.Uscc]], [.. licences[r.Uscc]],
            [.. ids[r.Uscc]], [.. contacts[r.Uscc]], DateTimeOffset.FromUnixTimeMilliseconds(r.RegisteredAt), DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt),
            [.. lines[r.Uscc]])).ToList();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record EnterpriseRow(string Uscc, string Name, string Region, long CheckConfirmed, long RegisteredAt, long UpdatedAt);

    private sealed record CatalogueRow(long Id, string Category, string Department, string Listing, string Name, string? Gtin, string? ProductCode, long CreatedAt)
    {
        public CatalogueEntry ToEntry() => new(Id, Category, Department, Listing, Name, Gtin, ProductCode, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }
}
