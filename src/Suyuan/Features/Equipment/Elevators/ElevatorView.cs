using System.Collections.Concurrent;
using System.Data.Common;
using Suyuan.Core.Domain;
using Suyuan.Hosting.Projections;
using Suyuan.Storage.Alerts;

namespace Suyuan.Features.Equipment.Elevators;

/// <summary>An elevator as the platform knows it: identity from its registration, the last maintenance and inspection.</summary>
internal sealed record ElevatorState
{
    public required string RegistrationCode { get; init; }
    public string? Epc { get; init; }
    public string? UseCertificateNumber { get; init; }
    public string? FactoryNumber { get; init; }
    public string? Variety { get; init; }
    public string? Maker { get; init; }
    public string? Installer { get; init; }
    public string? Maintainer { get; init; }
    public string? MaintainerPhone { get; init; }
    public string? User { get; init; }
    public string? Location { get; init; }
    public DateOnly? InstallationDate { get; init; }
    public DateTimeOffset FirstSeen { get; init; }
    public DateTimeOffset? LastMaintenance { get; init; }
    public string? LastMaintenanceKind { get; init; }
    public IReadOnlyList<string> LastMaintenanceItems { get; init; } = [];
    public string? LastMaintenanceEventId { get; init; }
    public DateTimeOffset? LastInspection { get; init; }
    public string? InspectionConclusion { get; init; }
    public DateOnly? NextInspectionDate { get; init; }
    public string? LastInspectionEventId { get; init; }
    public long Sequence { get; init; }
}

/// <summary>
/// Follows the feed for elevators (registration, maintenance 维保, periodic inspection 定期检验) and raises the overdue alerts:
/// when a late visit is recorded, and on a sweep against the clock (timer and reads).
/// </summary>
internal sealed class ElevatorView(EquipmentTables tables, AlertStore alerts, Holders holders, EquipmentOptions options, TimeProvider clock, UnitHistoryEvents replay)
    : IEventProjection, IDeclaredEventState
{
    public const string Kind = "elevator";
    private readonly ConcurrentDictionary<string, ElevatorState> _units = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _byEpc = new(StringComparer.Ordinal);
    // Dedupe keys raised since start: a sweep over a city's elevators on every read then costs no writes for faults already stored.
    private readonly ConcurrentDictionary<string, byte> _raised = new(StringComparer.Ordinal);
    private readonly LoadOnce _loaded = new();

    public string Name => "equipment-elevators";

    public async Task<IReadOnlyCollection<ElevatorState>> AllAsync(CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        return _units.Values.ToList();
    }

    public async Task<ElevatorState?> FindAsync(string code, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        return _units.TryGetValue(code, out var s) ? s : _byEpc.TryGetValue(code, out var c) && _units.TryGetValue(c, out var byEpc) ? byEpc : null;
    }

    public Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct) =>
        _loaded.ApplyAsync(() => ApplyBatchAsync(events, ct), () => { _units.Clear(); _byEpc.Clear(); });

    private async Task ApplyBatchAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        var changed = new Dictionary<string, ElevatorState>(StringComparer.Ordinal);
        var history = new List<(string, HistoryEntry)>();
        foreach (var e in events)
        {
            if (replay.IsDeclared(e.EventId))
            {
                continue; // this view was behind when the event was declared erroneous
            }
            var code = e.Text("registrationCode") ?? e.Strings("epcList").Select(x => _byEpc.GetValueOrDefault(x)).FirstOrDefault(x => x is not null);
            if (code is null)
            {
                continue;
            }
            var before = _units.GetValueOrDefault(code);
            if (before is not null && e.Sequence <= before.Sequence)
            {
                continue; // a batch applied again after a crash
            }
            var (s, entry) = await FoldAsync(before, code, e, raise: true, ct);
            if (s.Epc is { } epc)
            {
                _byEpc[epc] = code;
            }
            _units[code] = s;
            changed[code] = s;
            history.Add((code, entry));
        }
        await tables.SaveAsync(Kind, changed.Values.Select(s => (s.RegistrationCode, s.Sequence, s)).ToList(), history, ct);
    }

    /// <summary>
    /// An elevator whose history names an event declared erroneous gets its state worked out again from the rest of its
    /// history (a maintenance or inspection recorded in error no longer counts as its last), without alerting anew.
    /// </summary>
    public async Task RetractAsync(IReadOnlyCollection<string> eventIds, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        var units = await tables.HistoriesNamingAsync(Kind, eventIds, connection, transaction, ct);
        if (units.Count == 0)
        {
            return;
        }
        var rebuilt = new List<(string Id, long Sequence, ElevatorState? State)>();
        foreach (var (code, history) in units)
        {
            ElevatorState? s = null;
            foreach (var e in await replay.ReadAsync(history, eventIds, ct))
            {
                s = (await FoldAsync(s, code, e, raise: false, ct)).State;
            }
            // The position stays the last event the view applied: a batch applied again is still skipped.
            var sequence = _units.TryGetValue(code, out var old) ? old.Sequence : 0;
            rebuilt.Add((code, sequence, s is null ? null : s with { Sequence = sequence }));
        }
        await tables.RetractAsync(Kind, eventIds, rebuilt, connection, transaction, ct);
        foreach (var (code, _, s) in rebuilt)
        {
            if (_units.TryRemove(code, out var old) && old.Epc is { } epc)
            {
                _byEpc.TryRemove(epc, out _);
            }
            if (s is not null)
            {
                _units[code] = s;
                if (s.Epc is { } now)
                {
                    _byEpc[now] = code;
                }
            }
        }
    }

    /// <summary>One event's effect on an elevator: its new state and history line. <paramref name="raise"/> false works a state out again without alerting.</summary>
    private async Task<(ElevatorState State, HistoryEntry Entry)> FoldAsync(ElevatorState? before, string code, ProjectedEvent e, bool raise, CancellationToken ct)
    {
        var s = (before ?? new ElevatorState { RegistrationCode = code, FirstSeen = e.EventTime }) with { Sequence = e.Sequence };
        s = s with
        {
            Epc = s.Epc ?? e.Strings("epcList").FirstOrDefault(),
            UseCertificateNumber = e.Text("useCertificateNumber") ?? s.UseCertificateNumber,
            FactoryNumber = e.Text("factoryNumber") ?? s.FactoryNumber,
            Variety = e.Text("variety") ?? s.Variety,
            Maker = e.Text("maker") ?? s.Maker,
            Installer = e.Text("installer") ?? s.Installer,
            Maintainer = e.Text("maintainer") ?? s.Maintainer,
            MaintainerPhone = e.Text("maintainerPhone") ?? s.MaintainerPhone,
            User = e.Text("user") ?? e.Text("useUnit") ?? (e.Step() == "commissioning" ? e.Link("destinationList", "owning_party") : null) ?? s.User,
            Location = (e.Step() == "commissioning" ? e.IdOf("bizLocation") : null) ?? s.Location,
            InstallationDate = e.Field("installationDate").Date() ?? s.InstallationDate,
        };
        var facts = new Dictionary<string, string?>();
        var step = e.Step() == "commissioning" ? "registration" : e.Step();
        var maintenance = e.Field("maintenance");
        if (maintenance is not null)
        {
            step = "maintenance";
            if (raise && s.LastMaintenance is { } previous && DaysBetween(previous, e.EventTime) > options.Elevators.MaintenanceDays)
            {
                await RaiseMaintenanceOverdueAsync(s, previous, [s.LastMaintenanceEventId ?? e.EventId, e.EventId], ct);
            }
            if (s.LastMaintenance is null || e.EventTime > s.LastMaintenance)
            {
                s = s with
                {
                    LastMaintenance = e.EventTime,
                    LastMaintenanceKind = maintenance.Member("kind").Text(),
                    LastMaintenanceItems = maintenance.Member("items").Strings(),
                    LastMaintenanceEventId = e.EventId,
                    Maintainer = maintenance.Member("maintainer").Text() ?? s.Maintainer,
                    MaintainerPhone = maintenance.Member("maintainerPhone").Text() ?? s.MaintainerPhone,
                };
            }
            facts["kind"] = maintenance.Member("kind").Text();
            facts["items"] = string.Join("；", maintenance.Member("items").Strings());
            facts["maintainer"] = maintenance.Member("maintainer").Text();
            facts["signedBy"] = maintenance.Member("signedBy").Text();
        }
        var inspection = e.Field("inspection");
        if (inspection is not null)
        {
            step = "inspection";
            if (raise && s.NextInspectionDate is { } due && EventFields.LocalDate(e.EventTime) > due)
            {
                await RaiseInspectionOverdueAsync(s, due, [s.LastInspectionEventId ?? e.EventId, e.EventId], ct);
            }
            if (s.LastInspection is null || e.EventTime > s.LastInspection)
            {
                s = s with
                {
                    LastInspection = e.EventTime,
                    InspectionConclusion = inspection.Member("conclusion").Text(),
                    NextInspectionDate = inspection.Member("nextInspectionDate").Date() ?? s.NextInspectionDate,
                    LastInspectionEventId = e.EventId,
                };
            }
            facts["conclusion"] = inspection.Member("conclusion").Text();
            facts["reportNumber"] = inspection.Member("reportNumber").Text();
            facts["nextInspectionDate"] = inspection.Member("nextInspectionDate").Text();
        }
        return (s, new HistoryEntry(e.EventId, e.EventTime, step, facts));
    }

    /// <summary>Raises the overdue alerts the clock shows now: no maintenance within the period, or the inspection date passed. Dedupe keys make it repeatable.</summary>
    public async Task SweepAsync(IEnumerable<ElevatorState> units, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var s in units)
        {
            var since = s.LastMaintenance ?? s.FirstSeen;
            if (DaysBetween(since, now) > options.Elevators.MaintenanceDays)
            {
                await RaiseMaintenanceOverdueAsync(s, since, s.LastMaintenanceEventId is { } id ? [id] : [], ct);
            }
            if (s.NextInspectionDate is { } due && EventFields.LocalDate(now) > due)
            {
                await RaiseInspectionOverdueAsync(s, due, s.LastInspectionEventId is { } id ? [id] : [], ct);
            }
        }
    }

    private async Task RaiseOnceAsync(NewAlert alert, CancellationToken ct)
    {
        if (_raised.ContainsKey(alert.DedupeKey))
        {
            return;
        }
        await alerts.RaiseAsync(alert, ct: ct);
        _raised.TryAdd(alert.DedupeKey, 0);
    }

    private async Task RaiseMaintenanceOverdueAsync(ElevatorState s, DateTimeOffset since, IReadOnlyList<string> eventIds, CancellationToken ct) =>
        await RaiseOnceAsync(new NewAlert(
            $"{AlertKinds.ElevatorMaintenanceOverdue}:{s.RegistrationCode}:{EventFields.LocalDate(since):yyyy-MM-dd}", AlertKinds.ElevatorMaintenanceOverdue,
            Categories.Elevator, Categories.LeadDepartment(Categories.Elevator), await holders.EnterpriseOfAsync(s.User ?? s.Location, ct),
            Subjects(s), eventIds.Distinct().ToList(),
            $"电梯 {s.RegistrationCode} 自 {EventFields.LocalDate(since):yyyy-MM-dd} 起超过 {options.Elevators.MaintenanceDays} 天未维保 (maintenance overdue)",
            since.AddDays(options.Elevators.MaintenanceDays)), ct);

    private async Task RaiseInspectionOverdueAsync(ElevatorState s, DateOnly due, IReadOnlyList<string> eventIds, CancellationToken ct) =>
        await RaiseOnceAsync(new NewAlert(
            $"{AlertKinds.ElevatorInspectionOverdue}:{s.RegistrationCode}:{due:yyyy-MM-dd}", AlertKinds.ElevatorInspectionOverdue,
            Categories.Elevator, Categories.LeadDepartment(Categories.Elevator), await holders.EnterpriseOfAsync(s.User ?? s.Location, ct),
            Subjects(s), eventIds.Distinct().ToList(),
            $"电梯 {s.RegistrationCode} 下次检验日期 {due:yyyy-MM-dd} 已过 (periodic inspection overdue)",
            new DateTimeOffset(due.AddDays(1).ToDateTime(TimeOnly.MinValue), EventFields.China)), ct);

    /// <summary>Whole calendar days in Nantong: a visit at 09:40 fifteen days after one at 09:10 is on time.</summary>
    public static int DaysBetween(DateTimeOffset from, DateTimeOffset to) => EventFields.LocalDate(to).DayNumber - EventFields.LocalDate(from).DayNumber;

    private static List<string> Subjects(ElevatorState s) => s.Epc is { } epc ? [s.RegistrationCode, epc] : [s.RegistrationCode];

    private Task EnsureLoadedAsync(CancellationToken ct) => _loaded.EnsureAsync(async ct =>
    {
        foreach (var s in await tables.LoadAsync<ElevatorState>(Kind, ct))
        {
            _units[s.RegistrationCode] = s;
            if (s.Epc is { } epc)
            {
                _byEpc[epc] = s.RegistrationCode;
            }
        }
    }, ct);
}
