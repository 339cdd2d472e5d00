using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Suyuan.Core.Domain;
using Suyuan.Core.Identifiers;
using Suyuan.Core.Profiles;
using Suyuan.Hosting.Directory;
using Suyuan.Hosting.Projections;
using Suyuan.Storage;
using Suyuan.Storage.Alerts;

namespace Suyuan.Features.Rules;

/// <summary>
/// A stored event as the food, drug and farm-input rules read it: its step, goods, parties and platform fields, identifiers canonical.
/// One view serves every rule of a batch (<see cref="Of"/>); what it derives is derived on first use.
/// </summary>
internal sealed class RuleEvent
{
    private string? _bizStep;
    private bool _bizStepRead;
    private PlatformFields? _fields;
    private string? _location;
    private bool _locationRead;
    private IReadOnlyList<string>? _goods;
    private IReadOnlyList<string>? _outputs;

    private RuleEvent(ProjectedEvent e) => Source = e;

    /// <summary>The rules' view of a stored event, made once per event however many rules read it.</summary>
    public static RuleEvent Of(ProjectedEvent e) => e.Derived(static e => new RuleEvent(e));

    public ProjectedEvent Source { get; }

    public string EventId => Source.EventId;

    public string Type => Source.Type;

    public string? Action => Source.String("action");

    public string? BizStep
    {
        get
        {
            if (!_bizStepRead)
            {
                _bizStep = ProfileCheck.BizStepOf(Source.Json);
                _bizStepRead = true;
            }
            return _bizStep;
        }
    }

    public PlatformFields Fields => _fields ??= new(Source.Json, Source.Context);

    public string? Category => Fields.Text(SuyuanVocabulary.CategoryField);

    public DateTimeOffset Time => Source.EventTime;

    /// <summary>The day as the event's own clock shows it (a Chinese business day for +08:00 events).</summary>
    public DateOnly Day => DateOnly.FromDateTime(Source.EventTime.DateTime);

    public string? Location
    {
        get
        {
            if (!_locationRead)
            {
                _location = Source.IdOf("bizLocation") is { } id ? Canonical(id) : null;
                _locationRead = true;
            }
            return _location;
        }
    }

    public string? Disposition => Source.String("disposition") is { } d ? d[(d.LastIndexOfAny(['-', ':']) + 1)..] : null;

    /// <summary>The goods an object event is about: its EPCs and the classes of its quantities.</summary>
    public IReadOnlyList<string> Goods => _goods ??= [.. Ids("epcList"), .. Classes("quantityList")];

    public IReadOnlyList<string> Outputs => _outputs ??= [.. Ids("outputEPCList"), .. Classes("outputQuantityList")];

    public IReadOnlyList<string> Ids(string member) => [.. Source.Strings(member).Select(Canonical).Distinct(StringComparer.Ordinal)];

    public IReadOnlyList<string> Classes(string member) => Source.Json.TryGetProperty(member, out var list) && list.ValueKind == JsonValueKind.Array
        ? [.. list.EnumerateArray().Where(q => q.ValueKind == JsonValueKind.Object && q.TryGetProperty("epcClass", out var c) && c.ValueKind == JsonValueKind.String)
            .Select(q => Canonical(q.GetProperty("epcClass").GetString()!)).Distinct(StringComparer.Ordinal)]
        : [];

    /// <summary>The ids of a source or destination list (parties and locations).</summary>
    public IReadOnlyList<string> Links(string member, string? type = null) => Source.Json.TryGetProperty(member, out var list) && list.ValueKind == JsonValueKind.Array
        ? [.. list.EnumerateArray()
            .Where(l => l.ValueKind == JsonValueKind.Object && (type is null || (l.TryGetProperty("type", out var t) && t.GetString() is { } tt && tt.EndsWith(type, StringComparison.Ordinal))))
            .Select(l => l.TryGetProperty(member == "sourceList" ? "source" : "destination", out var id) && id.ValueKind == JsonValueKind.String ? Canonical(id.GetString()!) : null)
            .OfType<string>().Distinct(StringComparer.Ordinal)]
        : [];

    public static string Canonical(string id)
    {
        try
        {
            return IdentifierConverter.Canonicalise(id);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return id;
        }
    }

    public static DateOnly? ParseDay(string? text) =>
        text is not null && DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}

/// <summary>One batch of a rule: its connection and transaction (the rule's state and the alerts it raises are written together).</summary>
internal sealed class RuleScope(DbConnection connection, DbTransaction transaction, StoreProvider provider, CancellationToken ct) : IAsyncDisposable
{
    /// <summary>On SQLite, the batch's statements prepared once (see <see cref="RuleStatements"/>).</summary>
    private readonly RuleStatements? _statements = connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
        ? new RuleStatements(sqlite, (Microsoft.Data.Sqlite.SqliteTransaction)transaction)
        : null;

    /// <summary>On PostgreSQL, the writes held until the next read (see <see cref="RulePendingStatements"/>).</summary>
    private readonly RulePendingStatements? _pending = connection is Npgsql.NpgsqlConnection postgres
        ? new RulePendingStatements(postgres, (Npgsql.NpgsqlTransaction)transaction)
        : null;

    public StoreProvider Provider => provider;

    public CancellationToken Ct => ct;

    /// <summary>"column IN @name" for a list parameter (<see cref="FeatureDatabase.In(StoreProvider, string, string)"/>).</summary>
    public string In(string column, string name) => FeatureDatabase.In(Provider, column, name);

    /// <summary>
    /// Runs a statement whose outcome the rule does not read. On PostgreSQL it is held and sent with the next read or at
    /// <see cref="FlushAsync"/>, in order; either way it is part of the batch's transaction.
    /// </summary>
    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        if (_pending is not null)
        {
            await _pending.AddAsync(sql, parameters, Ct);
            return;
        }
        if (_statements?.Bind(sql, parameters) is { } command)
        {
            await command.ExecuteNonQueryAsync(Ct);
            return;
        }
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: Ct));
    }

    /// <summary>What the rule read for the whole batch in <see cref="FoodRule.PrepareAsync"/>, if anything.</summary>
    public object? State { get; set; }

    /// <summary>
    /// A query over many values, named <c>@values</c> in the SQL (<c>scope.In("column", "values")</c>), run in chunks of at
    /// most 500 distinct values; the rows of every chunk together. <paramref name="parameters"/> makes a chunk's parameters
    /// when the query has others (<c>chunk => new { values = chunk, rule }</c>).
    /// </summary>
    public async Task<List<T>> QueryListAsync<T>(string sql, IEnumerable<string> values, Func<string[], object>? parameters = null)
    {
        var rows = new List<T>();
        foreach (var chunk in values.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            rows.AddRange(await QueryAsync<T>(sql, parameters?.Invoke(chunk) ?? new { values = chunk }));
        }
        return rows;
    }

    /// <summary>Sends the statements held on PostgreSQL: before the connection is used directly, and before the batch commits.</summary>
    public Task FlushAsync() => _pending?.FlushAsync(Ct) ?? Task.CompletedTask;

    public async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        if (_pending is not null)
        {
            if (RuleRow<T>.Read is { } readRow)
            {
                return await _pending.QueryAsync(sql, parameters, readRow, Ct);
            }
            await FlushAsync();
        }
        if (RuleRow<T>.Read is { } read && _statements?.Bind(sql, parameters) is { } command)
        {
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                rows.Add(read(reader));
            }
            return rows;
        }
        return await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: Ct));
    }

    public ValueTask DisposeAsync() => _statements?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>Raises the rules' alerts: the department is the category's lead, the enterprise the owner of where it happened when the directory knows it.</summary>
internal sealed class RuleAlerts(AlertStore alerts, IServiceProvider services)
{
    // Resolved lazily and optionally: the enterprise directory is a separate feature and may not be registered.
    private readonly Lazy<IEnterpriseDirectory?> _directory = new(services.GetService<IEnterpriseDirectory>);

    private readonly Lazy<DeclaredEvents?> _declared = new(services.GetService<DeclaredEvents>);

    public FeatureDatabase Database => alerts.Database;

    /// <summary>
    /// Stores the alert unless the same fault (kind, events, first subject) is stored, as one of the batch's writes.
    /// </summary>
    /// <returns>What finds the alert in its table, the same for the same fault seen again: <c>alerts.dedupe</c> (<see cref="AlertStore.KeyHash"/>).</returns>
    public async Task<byte[]> RaiseAsync(RuleScope scope, string kind, RuleEvent at, IReadOnlyList<string> subjects, IReadOnlyList<string> eventIds, string message, string? category = null)
    {
        category ??= AlertKinds.Find(kind)?.Category ?? Categories.Food;
        var key = $"{kind}:{string.Join(",", eventIds)}:{(subjects.Count > 0 ? subjects[0] : "")}";
        // An alert resting on an event its sender has declared erroneous, by a declaration the views have reached, is no fault
        // (a declaration not reached yet acknowledges the alert when it is).
        if (_declared.Value is { } declared && eventIds.Any(declared.Contains))
        {
            return AlertStore.KeyHash(key);
        }
        var enterprise = await EnterpriseOfAsync(at, scope.Ct);
        var (sql, values) = AlertStore.Insertion(new NewAlert(key, kind, category, Categories.LeadDepartment(category), enterprise, subjects, eventIds, message, at.Time));
        await scope.ExecuteAsync(sql, values);
        return AlertStore.KeyHash(key);
    }

    /// <summary>Acknowledges the still-open alert as resolved by the platform (<see cref="ResolvedBy"/>), in the rule's transaction.</summary>
    public Task ResolveAsync(RuleScope scope, byte[] alert, string note)
    {
        var (sql, values) = AlertStore.Resolution(alert, ResolvedBy, note);
        return scope.ExecuteAsync(sql, values);
    }

    /// <summary>Who acknowledges an alert the platform resolved itself.</summary>
    public const string ResolvedBy = AlertStore.SystemActor;

    private async Task<string?> EnterpriseOfAsync(RuleEvent at, CancellationToken ct)
    {
        if (_directory.Value is not { } directory)
        {
            return null;
        }
        foreach (var id in (IEnumerable<string?>)[at.Location, .. at.Links("destinationList", "owning_party"), .. at.Links("sourceList", "owning_party")])
        {
            if (id is not null && await directory.OwnerOfAsync(id, ct) is { } uscc)
            {
                return uscc;
            }
        }
        return null;
    }
}

/// <summary>A rule following the event feed: each batch in one transaction of the platform's database, idempotent on replay.</summary>
internal abstract class FoodRule(RuleAlerts alerts) : IEventProjection
{
    protected RuleAlerts Alerts { get; } = alerts;

    public abstract string Name { get; }

    /// <summary>Each batch saves the rule's position with its rows (see <see cref="ApplyAsync(IReadOnlyList{ProjectedEvent}, CancellationToken)"/>).</summary>
    public bool SavesPosition => true;

    public Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct) =>
        Alerts.Database.InTransactionAsync(async (connection, transaction) =>
        {
            await using var scope = new RuleScope(connection, transaction, Alerts.Database.Provider, ct);
            var batch = events.Select(RuleEvent.Of).ToList();
            await PrepareAsync(batch, scope);
            foreach (var e in batch)
            {
                await ApplyAsync(e, scope);
            }
            // The position with the rows it stands for: a crash cannot leave the batch applied and the position behind, which
            // would apply it again (the aggregation rule would then find the batch's own packings in its way).
            await scope.ExecuteAsync(ProjectionRunner.SavePositionSql, new { name = Name, position = events[^1].Sequence });
            await scope.FlushAsync();
            return 0;
        }, ct);

    /// <summary>
    /// Before the batch's events, in its transaction: a rule may read at once the state every event of the batch needs
    /// (keeping it in <see cref="RuleScope.State"/> and up to date with its own writes), instead of one read per event.
    /// </summary>
    protected virtual Task PrepareAsync(IReadOnlyList<RuleEvent> events, RuleScope scope) => Task.CompletedTask;

    protected abstract Task ApplyAsync(RuleEvent e, RuleScope scope);
}

/// <summary>
/// The open alerts of one rule that wait for records of goods (<c>food_alert_waits</c>): read for a batch, kept up to date
/// with the batch's own writes. An alert is named by its dedupe hash (<see cref="RuleAlerts.RaiseAsync"/>).
/// </summary>
internal sealed class AlertWaits(string rule)
{
    private readonly WaitingAlerts<string> _alerts = new();

    /// <summary>Reads every waiting good of each alert that waits for one of these goods.</summary>
    public async Task LoadAsync(RuleScope scope, IEnumerable<string> goods)
    {
        var list = goods.ToList();
        if (list.Count == 0)
        {
            return;
        }
        foreach (var (subject, alert) in await scope.QueryListAsync<(string, byte[])>(
            "SELECT w.subject, a.dedupe FROM food_alert_waits w JOIN alerts a ON a.id = w.alert_id " +
            $"WHERE w.rule = @rule AND w.alert_id IN (SELECT alert_id FROM food_alert_waits WHERE rule = @rule AND {scope.In("subject", "values")})",
            list, chunk => new { values = chunk, rule }))
        {
            _alerts.Of(alert).Add(subject);
        }
    }

    /// <summary>Records that the alert waits for these goods.</summary>
    public async Task WaitAsync(RuleScope scope, byte[] alert, IEnumerable<string> goods)
    {
        var waiting = _alerts.Of(alert);
        foreach (var subject in goods)
        {
            await scope.ExecuteAsync("INSERT INTO food_alert_waits (rule, subject, alert_id) SELECT @rule, @subject, id FROM alerts WHERE dedupe = @alert ON CONFLICT DO NOTHING",
                new { rule, subject, alert });
            waiting.Add(subject);
        }
    }

    /// <summary>The record of a good arrived: it no longer holds any alert back. The alerts it was the last wait of.</summary>
    public async Task<List<byte[]>> ArrivedAsync(RuleScope scope, string subject)
    {
        var done = new List<byte[]>();
        foreach (var (alert, goods) in _alerts.All)
        {
            if (!goods.Remove(subject))
            {
                continue;
            }
            await scope.ExecuteAsync("DELETE FROM food_alert_waits WHERE rule = @rule AND subject = @subject AND alert_id = (SELECT id FROM alerts WHERE dedupe = @alert)",
                new { rule, subject, alert });
            if (goods.Count == 0)
            {
                done.Add(alert);
            }
        }
        return done;
    }

    /// <summary>
    /// The record of a good arrived that settles every alert waiting for it whole, whatever else it waits for (one of its
    /// goods having what was missing is enough). The alerts it settles.
    /// </summary>
    public async Task<List<byte[]>> SettledAsync(RuleScope scope, string subject)
    {
        var done = new List<byte[]>();
        foreach (var (alert, goods) in _alerts.All)
        {
            if (!goods.Contains(subject))
            {
                continue;
            }
            await scope.ExecuteAsync("DELETE FROM food_alert_waits WHERE rule = @rule AND alert_id = (SELECT id FROM alerts WHERE dedupe = @alert)", new { rule, alert });
            goods.Clear();
            done.Add(alert);
        }
        return done;
    }
}

/// <summary>Open alerts by their dedupe hash (<see cref="RuleAlerts.RaiseAsync"/>), each with what it still waits for.</summary>
internal sealed class WaitingAlerts<T>
{
    private readonly Dictionary<string, (byte[] Alert, HashSet<T> Waiting)> _alerts = new(StringComparer.Ordinal);

    public IEnumerable<(byte[] Alert, HashSet<T> Waiting)> All => _alerts.Values;

    /// <summary>What the alert waits for (empty for one not seen yet).</summary>
    public HashSet<T> Of(byte[] alert)
    {
        var key = Convert.ToHexString(alert);
        if (!_alerts.TryGetValue(key, out var entry))
        {
            entry = (alert, []);
            _alerts[key] = entry;
        }
        return entry.Waiting;
    }
}
