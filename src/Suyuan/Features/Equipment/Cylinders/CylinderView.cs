using Suyuan.Hosting;
using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Suyuan.Core.Domain;
using Suyuan.Core.Identifiers;
using Suyuan.Hosting.Projections;
using Suyuan.Storage.Alerts;

namespace Suyuan.Features.Equipment.Cylinders;

/// <summary>A gas cylinder by its permanent tag: identity, owner, next inspection, scrapping and its last filling.</summary>
internal sealed record CylinderState
{
    public required string Tag { get; init; }
    public string? CylinderNumber { get; init; }
    public string? Gas { get; init; }
    public string? Maker { get; init; }
    public string? OwnerParty { get; init; }
    public string? OwnerUnit { get; init; }
    public IReadOnlyList<string> EntrustedStations { get; init; } = [];
    public DateOnly? ManufactureDate { get; init; }
    public DateOnly? NextInspectionDate { get; init; }
    public DateTimeOffset? LastInspection { get; init; }
    public bool Scrapped { get; init; }
    public DateTimeOffset? ScrappedAt { get; init; }
    public DateTimeOffset? LastFilled { get; init; }
    public string? LastFilledAt { get; init; }
    public int Fillings { get; init; }
    public long Sequence { get; init; }
}

/// <summary>The answer a filling station's scale gets before it fills.</summary>
internal sealed record FillingCheck(bool Allowed, string Code, string Reason, string ReasonZh, string? Cylinder, DateOnly? NextInspectionDate);

/// <summary>
/// Follows the feed for gas cylinders (manufacture, pre-fill check, filling, post-fill check, periodic inspection, scrapping), keeps every
/// cylinder in memory so the filling check is a dictionary look-up, and raises cylinder-inspection-overdue and cylinder-scrapped.
/// </summary>
internal sealed class CylinderView(EquipmentTables tables, AlertStore alerts, Holders holders, EquipmentOptions options, TimeProvider clock, UnitHistoryEvents replay)
    : IEventProjection, IDeclaredEventState
{
    public const string Kind = "cylinder";
    private static readonly HashSet<string> ScrapSteps = ["destroying", "decommissioning", "scrapping"];
    private readonly ConcurrentDictionary<string, CylinderState> _units = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly LoadOnce _loaded = new();

    public string Name => "equipment-cylinders";

    public int Count => _units.Count;

    /// <summary>By tag (EPC URN as captured), its canonical Digital Link, or the cylinder number stamped on it.</summary>
    public async ValueTask<CylinderState?> FindAsync(string code, CancellationToken ct)
    {
        if (!_loaded.Done)
        {
            await EnsureLoadedAsync(ct);
        }
        return _units.TryGetValue(code, out var s) ? s
            : _aliases.TryGetValue(code, out var tag) && _units.TryGetValue(tag, out var byAlias) ? byAlias
            : _aliases.TryGetValue(IdentifierConverter.Canonicalise(code), out var canonical) && _units.TryGetValue(canonical, out var byCanonical) ? byCanonical : null;
    }

    public FillingCheck Check(CylinderState? s, string code, string? station)
    {
        if (s is null)
        {
            return new(false, "unknown-tag", "This tag is not registered on the platform", "标签未在平台登记，不得充装", null, null);
        }
        var now = clock.GetUtcNow();
        var today = EventFields.LocalDate(now);
        var name = s.CylinderNumber ?? s.Tag;
        if (s.Scrapped)
        {
            return new(false, "scrapped", $"Cylinder {name} was scrapped", $"气瓶 {name} 已报废，不得充装", s.Tag, s.NextInspectionDate);
        }
        if (s.NextInspectionDate is not { } due)
        {
            return new(false, "no-inspection-date", $"Cylinder {name} has no inspection date on record", $"气瓶 {name} 无检验日期记录，不得充装", s.Tag, null);
        }
        if (today > due)
        {
            return new(false, "inspection-overdue", $"Cylinder {name} was due for inspection on {due:yyyy-MM-dd}", $"气瓶 {name} 已超过检验期（{due:yyyy-MM-dd}），不得充装", s.Tag, due);
        }
        if (s.LastFilled is { } filled && now - filled < TimeSpan.FromHours(options.Cylinders.MinimumRefillHours))
        {
            return new(false, "filled-recently", $"Cylinder {name} was filled at {s.LastFilledAt} on {ChinaStandardTime.Of(filled):yyyy-MM-dd HH:mm}",
                $"气瓶 {name} 已于 {ChinaStandardTime.Of(filled):yyyy-MM-dd HH:mm} 在 {s.LastFilledAt} 充装，间隔过短", s.Tag, due);
        }
        if (station is { Length: > 0 } && !IsOwnOrEntrusted(s, station.Trim()))
        {
            return new(false, "not-own-cylinder", $"Cylinder {name} is neither owned by nor entrusted to {station}", $"气瓶 {name} 不是本站自有或托管气瓶，不得充装", s.Tag, due);
        }
        return new(true, "ok", $"Cylinder {name} may be filled", $"气瓶 {name} 检查通过，可以充装", s.Tag, due);
    }

    private static bool IsOwnOrEntrusted(CylinderState s, string station)
    {
        var company = Holders.CompanyOf(station);
        return new[] { s.OwnerParty, s.OwnerUnit }.Concat(s.EntrustedStations)
            .Any(x => x is not null && (x == station || Holders.CompanyOf(x) == company || IdentifierConverter.Canonicalise(x) == IdentifierConverter.Canonicalise(station)));
    }

    public Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct) =>
        _loaded.ApplyAsync(() => ApplyBatchAsync(events, ct), () => { _units.Clear(); _aliases.Clear(); });

    private async Task ApplyBatchAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        var changed = new Dictionary<string, CylinderState>(StringComparer.Ordinal);
        var history = new List<(string, HistoryEntry)>();
        foreach (var e in events)
        {
            if (replay.IsDeclared(e.EventId))
            {
                continue; // this view was behind when the event was declared erroneous
            }
            foreach (var tag in e.Strings("epcList"))
            {
                var before = _units.GetValueOrDefault(tag);
                if (before is not null && e.Sequence <= before.Sequence)
                {
                    continue;
                }
                if (await FoldAsync(before, tag, e, raise: true, ct) is not var (s, entry))
                {
                    continue;
                }
                _units[tag] = s;
                _aliases[IdentifierConverter.Canonicalise(tag)] = tag;
                if (s.CylinderNumber is { } n)
                {
                    _aliases[n] = tag;
                }
                changed[tag] = s;
                history.Add((tag, entry));
            }
        }
        await tables.SaveAsync(Kind, changed.Values.Select(s => (s.Tag, s.Sequence, s)).ToList(), history, ct);
    }

    /// <summary>
    /// One event's effect on one cylinder: its new state and history line, or null when the event registers nothing and
    /// names an unknown tag. <paramref name="raise"/> false works a state out again without alerting.
    /// </summary>
    private async Task<(CylinderState State, HistoryEntry Entry)?> FoldAsync(CylinderState? before, string tag, ProjectedEvent e, bool raise, CancellationToken ct)
    {
        var registering = before is null && (e.Text("cylinderNumber") is not null || e.Text("gas") is not null);
        if (before is null && !registering)
        {
            if (raise && (e.Field("filling") is not null || e.Step() == "filling"))
            {
                await RaiseScrappedOrUnknownAsync(null, tag, e, ct);
            }
            return null;
        }
        var s = (before ?? new CylinderState { Tag = tag }) with { Sequence = e.Sequence };
        var (step, facts) = await ApplyOneAsync(s, e, raise, ct);
        return (step.State, new HistoryEntry(e.EventId, e.EventTime, step.Name, facts));
    }

    /// <summary>
    /// A cylinder whose history names an event declared erroneous gets its state worked out again from the rest of its
    /// history (a scrapping, filling or inspection recorded in error no longer counts), without alerting anew.
    /// </summary>
    public async Task RetractAsync(IReadOnlyCollection<string> eventIds, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        var units = await tables.HistoriesNamingAsync(Kind, eventIds, connection, transaction, ct);
        if (units.Count == 0)
        {
            return;
        }
        var rebuilt = new List<(string Id, long Sequence, CylinderState? State)>();
        foreach (var (tag, history) in units)
        {
            CylinderState? s = null;
            foreach (var e in await replay.ReadAsync(history, eventIds, ct))
            {
                if (await FoldAsync(s, tag, e, raise: false, ct) is var (next, _))
                {
                    s = next;
                }
            }
            // The position stays the last event the view applied: a batch applied again is still skipped.
            var sequence = _units.TryGetValue(tag, out var old) ? old.Sequence : 0;
            rebuilt.Add((tag, sequence, s is null ? null : s with { Sequence = sequence }));
        }
        await tables.RetractAsync(Kind, eventIds, rebuilt, connection, transaction, ct);
        // A cylinder that is no longer scrapped once the declared events are left out was never scrapped: the alert on its use
        // goes, in this transaction. One scrapped by another event as well stays scrapped, and its alert stays.
        foreach (var (tag, _, s) in rebuilt)
        {
            if (_units.TryGetValue(tag, out var before) && before.Scrapped && s is not { Scrapped: true })
            {
                var (sql, values) = AlertStore.Withdrawal(AlertStore.KeyHash($"{AlertKinds.CylinderScrapped}:{tag}"), AlertStore.SystemActor,
                    "报废记录已被声明错误，气瓶未报废 (the scrapping was declared erroneous: the cylinder is not scrapped)");
                await connection.ExecuteAsync(new CommandDefinition(sql, values, transaction, cancellationToken: ct));
            }
        }
        foreach (var (tag, _, s) in rebuilt)
        {
            if (_units.TryRemove(tag, out var old) && old.CylinderNumber is { } number && s?.CylinderNumber != number)
            {
                _aliases.TryRemove(number, out _);
            }
            if (s is null)
            {
                _aliases.TryRemove(IdentifierConverter.Canonicalise(tag), out _);
                continue;
            }
            _units[tag] = s;
            if (s.CylinderNumber is { } n)
            {
                _aliases[n] = tag;
            }
        }
    }

    private async Task<((string Name, CylinderState State), Dictionary<string, string?>)> ApplyOneAsync(CylinderState s, ProjectedEvent e, bool raise, CancellationToken ct)
    {
        var facts = new Dictionary<string, string?>();
        var stepName = e.Step();
        s = s with
        {
            CylinderNumber = e.Text("cylinderNumber") ?? s.CylinderNumber,
            Gas = e.Text("gas") ?? s.Gas,
            Maker = e.Text("maker") ?? s.Maker,
            OwnerUnit = e.Text("ownerUnit") ?? s.OwnerUnit,
            OwnerParty = (e.Step() == "commissioning" ? e.Link("destinationList", "owning_party") : null) ?? s.OwnerParty,
            ManufactureDate = e.Field("manufactureDate").Date() ?? s.ManufactureDate,
            NextInspectionDate = (e.Step() == "commissioning" ? e.Field("nextInspectionDate").Date() : null) ?? s.NextInspectionDate,
        };
        if (e.Step() == "commissioning")
        {
            stepName = "manufacture";
            if (s.NextInspectionDate is null && s.ManufactureDate is { } made)
            {
                s = s with { NextInspectionDate = made.AddYearsClamped(options.Cylinders.YearsFor(s.Gas)) };
            }
        }
        var entrusted = e.Field("entrustment");
        if (entrusted is not null)
        {
            stepName = "entrustment";
            var stations = entrusted.Member("station").Strings().Concat(entrusted.Member("stations").Strings()).ToList();
            s = s with { EntrustedStations = s.EntrustedStations.Concat(stations).Distinct().ToList() };
            facts["stations"] = string.Join(", ", stations);
        }
        var pre = e.Field("preFillCheck");
        if (pre is not null)
        {
            stepName = "pre-fill check";
            facts["result"] = pre.Member("result").Text();
            facts["inspector"] = pre.Member("inspector").Text();
        }
        var post = e.Field("postFillCheck");
        if (post is not null)
        {
            stepName = "post-fill check";
            facts["result"] = post.Member("result").Text();
        }
        var periodic = e.Field("periodicInspection");
        if (periodic is not null)
        {
            stepName = "periodic inspection";
            var result = periodic.Member("result").Text() ?? periodic.Member("conclusion").Text();
            facts["result"] = result;
            facts["station"] = periodic.Member("station").Text();
            if (result is { } r && (r.Contains("报废", StringComparison.Ordinal) || r.Equals("scrap", StringComparison.OrdinalIgnoreCase)))
            {
                s = s with { Scrapped = true, ScrappedAt = e.EventTime };
            }
            else
            {
                var next = periodic.Member("nextInspectionDate").Date() ?? EventFields.LocalDate(e.EventTime).AddYearsClamped(options.Cylinders.YearsFor(s.Gas));
                s = s with { NextInspectionDate = next, LastInspection = e.EventTime };
                facts["nextInspectionDate"] = next.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            }
            return ((stepName, s), facts);
        }
        if (ScrapSteps.Contains(e.Step()) || e.Disposition() == "destroyed" || e.Field("scrapping") is not null)
        {
            if (raise && s.Scrapped)
            {
                await RaiseScrappedOrUnknownAsync(s, s.Tag, e, ct);
            }
            facts["reason"] = e.Field("scrapping").Member("reason").Text();
            return (("scrapping", s with { Scrapped = true, ScrappedAt = s.ScrappedAt ?? e.EventTime }), facts);
        }
        var filling = e.Field("filling");
        var isFilling = filling is not null || e.Step() == "filling";
        var inUse = isFilling || (e.Step() is not ("commissioning" or "inspecting" or "repairing") && entrusted is null);
        if (raise && inUse && s.Scrapped)
        {
            await RaiseScrappedOrUnknownAsync(s, s.Tag, e, ct);
        }
        else if (raise && inUse && s.NextInspectionDate is { } due && EventFields.LocalDate(e.EventTime) > due)
        {
            await alerts.RaiseAsync(new NewAlert($"{AlertKinds.CylinderInspectionOverdue}:{s.Tag}:{due:yyyy-MM-dd}", AlertKinds.CylinderInspectionOverdue,
                Categories.GasCylinder, Categories.LeadDepartment(Categories.GasCylinder), await holders.EnterpriseOfAsync(e.IdOf("bizLocation") ?? s.OwnerParty, ct),
                Subjects(s), [e.EventId],
                $"气瓶 {s.CylinderNumber ?? s.Tag} 检验期 {due:yyyy-MM-dd} 已过仍被{(isFilling ? "充装" : "使用")} (cylinder {(isFilling ? "filled" : "in use")} after its inspection date)",
                e.EventTime), ct: ct);
        }
        if (isFilling)
        {
            stepName = "filling";
            var at = e.IdOf("bizLocation");
            s = s with { LastFilled = s.LastFilled is { } last && last > e.EventTime ? last : e.EventTime, LastFilledAt = at ?? s.LastFilledAt, Fillings = s.Fillings + 1 };
            facts["gas"] = filling.Member("gas").Text();
            facts["amountKg"] = filling.Member("amountKg").Text();
            facts["scale"] = filling.Member("scale").Text();
            facts["station"] = at;
        }
        return ((stepName, s), facts);
    }

    private async Task RaiseScrappedOrUnknownAsync(CylinderState? s, string tag, ProjectedEvent e, CancellationToken ct)
    {
        if (s is null)
        {
            return; // an unregistered tag filled: the filling check refuses it; nothing is known to alert on
        }
        await alerts.RaiseAsync(new NewAlert($"{AlertKinds.CylinderScrapped}:{tag}", AlertKinds.CylinderScrapped,
            Categories.GasCylinder, Categories.LeadDepartment(Categories.GasCylinder), await holders.EnterpriseOfAsync(e.IdOf("bizLocation") ?? s.OwnerParty, ct),
            Subjects(s), [e.EventId], $"报废气瓶 {s.CylinderNumber ?? tag} 仍在使用 (scrapped cylinder {e.Step()})", e.EventTime), ct: ct);
    }

    private static List<string> Subjects(CylinderState s) => s.CylinderNumber is { } n ? [s.Tag, n] : [s.Tag];

    public Task EnsureLoadedAsync(CancellationToken ct) => _loaded.EnsureAsync(async ct =>
    {
        foreach (var s in await tables.LoadAsync<CylinderState>(Kind, ct))
        {
            _units[s.Tag] = s;
            _aliases[IdentifierConverter.Canonicalise(s.Tag)] = s.Tag;
            if (s.CylinderNumber is { } n)
            {
                _aliases[n] = s.Tag;
            }
        }
    }, ct);
}
