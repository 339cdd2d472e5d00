using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Suyuan.Core.Domain;
using Suyuan.Hosting.Projections;
using Suyuan.Storage.Alerts;

namespace Suyuan.Features.Equipment.Chemicals;

/// <summary>One holder's account of one lot, in kilograms: in = out + on hand + used + disposed + unexplained.</summary>
internal sealed record HolderAccount
{
    public required string Holder { get; init; }
    public string? Name { get; init; }
    public decimal InKg { get; init; }
    public decimal OutKg { get; init; }
    public decimal UsedKg { get; init; }
    public decimal DisposedKg { get; init; }
    public decimal UnexplainedKg { get; init; }
    public decimal OnHandKg => InKg - OutKg - UsedKg - DisposedKg - UnexplainedKg;
}

/// <summary>A hazardous chemical lot (or container) and where its kilograms are.</summary>
internal sealed record ChemicalLot
{
    public required string Lot { get; init; }
    public string? Product { get; init; }
    public string? CasNumber { get; init; }
    public string? UnNumber { get; init; }
    public bool HighlyToxic { get; init; }
    public bool ExplosivePrecursor { get; init; }
    public string? FromLot { get; init; }
    public Dictionary<string, HolderAccount> Holders { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Shipped and not yet received, per "from → to".</summary>
    public Dictionary<string, decimal> InTransitKg { get; init; } = new(StringComparer.Ordinal);
    public long Sequence { get; init; }

    public bool NeedsPermit => HighlyToxic || ExplosivePrecursor;
}

/// <summary>
/// Follows every movement of hazardous chemical lots (production/import, storage, sale, transport, use, disposal) and keeps a kg balance per
/// lot and holder. A declared stock (a storing or counting event's quantity, sy:onHandKg, or a disposal that ends the lot there) that
/// differs from the books by more than the tolerance raises chemical-mass-imbalance; a sale of a highly toxic or explosive-precursor lot
/// without a valid purchase permit on the sale raises chemical-buyer-without-permit.
/// </summary>
internal sealed class ChemicalView(EquipmentTables tables, AlertStore alerts, Holders holders, EquipmentOptions options, UnitHistoryEvents replay)
    : IEventProjection, IDeclaredEventState
{
    public const string Kind = "chemical-lot";
    private static readonly string[] HazardMarks = ["hazardClass", "unNumber", "casNumber", "highlyToxic", "explosivePrecursor", "hazardousChemical"];
    private readonly ConcurrentDictionary<string, ChemicalLot> _lots = new(StringComparer.Ordinal);
    private readonly LoadOnce _loaded = new();

    public string Name => "equipment-chemicals";

    public async Task<IReadOnlyCollection<ChemicalLot>> AllAsync(CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        return _lots.Values.ToList();
    }

    public Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct) =>
        _loaded.ApplyAsync(() => ApplyBatchAsync(events, ct), () => _lots.Clear());

    private async Task ApplyBatchAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        var changed = new Dictionary<string, ChemicalLot>(StringComparer.Ordinal);
        var history = new List<(string, HistoryEntry)>();
        await FoldAsync(events, _lots, changed, history, raise: true, ct);
        await tables.SaveAsync(Kind, changed.Values.Select(l => (l.Lot, l.Sequence, l)).ToList(), history, ct);
    }

    /// <summary>
    /// A lot whose history names an event declared erroneous has its accounts worked out again from the rest of its history
    /// (a sale, receipt or use recorded in error no longer counts; a lot the declared event created goes), without alerting
    /// anew. The other lots those events name are left as they are.
    /// </summary>
    public async Task RetractAsync(IReadOnlyCollection<string> eventIds, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        var affected = await tables.HistoriesNamingAsync(Kind, eventIds, connection, transaction, ct);
        if (affected.Count == 0)
        {
            return;
        }
        // The affected lots start from nothing; every other lot is there as it stands, to be read for what the events say of
        // it (a transformation's inputs, an output's origin). What the replay does to those is dropped.
        var scratch = new Dictionary<string, ChemicalLot>(StringComparer.Ordinal);
        foreach (var (id, lot) in _lots)
        {
            if (!affected.ContainsKey(id))
            {
                scratch[id] = lot;
            }
        }
        var events = await replay.ReadAsync([.. affected.Values.SelectMany(h => h)], eventIds, ct);
        await FoldAsync(events, scratch, new Dictionary<string, ChemicalLot>(StringComparer.Ordinal), [], raise: false, ct);
        var rebuilt = new List<(string Id, long Sequence, ChemicalLot? State)>();
        foreach (var id in affected.Keys)
        {
            var sequence = _lots.TryGetValue(id, out var old) ? old.Sequence : 0;
            rebuilt.Add((id, sequence, scratch.TryGetValue(id, out var lot) ? lot with { Sequence = sequence } : null));
        }
        await tables.RetractAsync(Kind, eventIds, rebuilt, connection, transaction, ct);
        // A holder's books that balance without the declared events no longer stand unexplained: its imbalance alert goes.
        foreach (var (id, _, lot) in rebuilt)
        {
            if (!_lots.TryGetValue(id, out var before))
            {
                continue;
            }
            foreach (var holder in before.Holders.Keys)
            {
                if (lot?.Holders.GetValueOrDefault(holder) is { } account && Math.Abs(account.UnexplainedKg) > options.Chemicals.ToleranceFor(account.InKg))
                {
                    continue;
                }
                var (sql, values) = AlertStore.Withdrawal(AlertStore.KeyHash($"{AlertKinds.ChemicalMassImbalance}:{id}:{holder}"), AlertStore.SystemActor,
                    "账目在更正后平衡：错误声明的事件已不计入 (the books balance once the events declared erroneous no longer count)");
                await connection.ExecuteAsync(new CommandDefinition(sql, values, transaction, cancellationToken: ct));
            }
        }
        foreach (var (id, _, lot) in rebuilt)
        {
            if (lot is null)
            {
                _lots.TryRemove(id, out _);
            }
            else
            {
                _lots[id] = lot;
            }
        }
    }

    /// <summary>The events' effect on <paramref name="lots"/>. <paramref name="raise"/> false works accounts out again without alerting.</summary>
    private async Task FoldAsync(IReadOnlyList<ProjectedEvent> events, IDictionary<string, ChemicalLot> lots, Dictionary<string, ChemicalLot> changed,
        List<(string, HistoryEntry)> history, bool raise, CancellationToken ct)
    {
        foreach (var e in events)
        {
            if (replay.IsDeclared(e.EventId))
            {
                continue; // this view was behind when the event was declared erroneous
            }
            if (e.Type == "TransformationEvent")
            {
                await TransformAsync(e, lots, changed, history, raise, ct);
                continue;
            }
            var quantities = e.Kilograms("quantityList");
            if (quantities.Count == 0)
            {
                continue;
            }
            foreach (var (lotId, kg) in quantities)
            {
                var lot = lots.TryGetValue(lotId, out var known) ? known : null;
                if (lot is null)
                {
                    if (e.Step() != "commissioning" && e.String("action") != "ADD" || !HazardMarks.Any(m => e.Field(m) is not null))
                    {
                        continue; // not a hazardous chemical lot
                    }
                    lot = NewLot(lotId, e);
                }
                else if (e.Sequence <= lot.Sequence)
                {
                    continue;
                }
                lot = await MoveAsync(lot with { Sequence = e.Sequence }, e, kg, raise, ct);
                lots[lotId] = lot;
                changed[lotId] = lot;
                history.Add((lotId, Entry(e, kg)));
            }
        }
    }

    private static ChemicalLot NewLot(string lotId, ProjectedEvent e) => new()
    {
        Lot = lotId,
        Product = e.Text("productName"),
        CasNumber = e.Text("casNumber"),
        UnNumber = e.Text("unNumber"),
        HighlyToxic = e.Field("highlyToxic").IsTrue(),
        ExplosivePrecursor = e.Field("explosivePrecursor").IsTrue(),
        FromLot = e.Text("fromLot"),
    };

    private async Task<ChemicalLot> MoveAsync(ChemicalLot lot, ProjectedEvent e, decimal kg, bool raise, CancellationToken ct)
    {
        var step = e.Step();
        var accounts = new Dictionary<string, HolderAccount>(lot.Holders, StringComparer.Ordinal);
        var transit = new Dictionary<string, decimal>(lot.InTransitKg, StringComparer.Ordinal);
        var here = await HolderAtAsync(e, step == "receiving" ? "destinationList" : "sourceList", ct);
        HolderAccount Account(string holder) => accounts.GetValueOrDefault(holder) ?? new HolderAccount { Holder = holder };
        var account = Account(here);
        decimal? declared = e.Field("onHandKg").Number() ?? e.Field("stockCount").Number();
        if (step == "shipping")
        {
            account = account with { OutKg = account.OutKg + kg };
            var to = await DestinationAsync(e, ct);
            if (to is not null)
            {
                transit[here + " → " + to] = transit.GetValueOrDefault(here + " → " + to) + kg;
                var sale = e.Field("sale");
                if (sale.Member("buyer").Text() is { } buyer)
                {
                    accounts[to] = Account(to) with { Name = buyer };
                }
                if (raise && lot.NeedsPermit && to != here)
                {
                    await CheckPermitAsync(lot, e, sale, to, ct);
                }
            }
        }
        else if (step == "receiving")
        {
            account = account with { InKg = account.InKg + kg };
            var from = await SourceAsync(e, ct);
            var key = transit.Keys.FirstOrDefault(k => k.EndsWith(" → " + here, StringComparison.Ordinal) && (from is null || k.StartsWith(from + " → ", StringComparison.Ordinal)));
            if (key is not null)
            {
                var left = transit[key] - kg;
                if (left <= 0)
                {
                    transit.Remove(key);
                }
                else
                {
                    transit[key] = left;
                }
            }
        }
        else if (step == "commissioning" || (e.String("action") == "ADD" && lot.Holders.Count == 0))
        {
            account = account with { InKg = account.InKg + kg };
        }
        else if (step is "destroying" or "disposing" || e.Disposition() == "destroyed" || e.String("action") == "DELETE" || e.Field("disposal") is not null)
        {
            account = account with { DisposedKg = account.DisposedKg + kg };
            declared ??= 0m; // a disposal without a stated remainder ends the lot at this holder
        }
        else if (step is "consuming" or "using" || e.Field("use") is not null || e.Field("consumption") is not null)
        {
            account = account with { UsedKg = account.UsedKg + kg };
        }
        else if (step is "storing" or "cycle_counting" or "stock_taking")
        {
            declared ??= kg; // the quantity stored or counted is what the holder has
        }
        accounts[here] = account;
        lot = lot with { Holders = accounts, InTransitKg = transit };
        return declared is { } d ? await ReconcileAsync(lot, here, d, e, raise, ct) : lot;
    }

    private async Task TransformAsync(ProjectedEvent e, IDictionary<string, ChemicalLot> lots, Dictionary<string, ChemicalLot> changed, List<(string, HistoryEntry)> history,
        bool raise, CancellationToken ct)
    {
        var inputs = e.Kilograms("inputQuantityList").Where(q => lots.ContainsKey(q.Lot)).ToList();
        var outputs = e.Kilograms("outputQuantityList");
        var marked = HazardMarks.Any(m => e.Field(m) is not null);
        if (inputs.Count == 0 && !marked)
        {
            return;
        }
        var here = await HolderAtAsync(e, "sourceList", ct);
        var onHand = e.Field("consumption").Member("onHandKg").Number() ?? e.Field("onHandKg").Number();
        foreach (var (lotId, kg) in inputs)
        {
            var lot = lots[lotId];
            if (e.Sequence <= lot.Sequence)
            {
                continue;
            }
            var account = lot.Holders.GetValueOrDefault(here) ?? new HolderAccount { Holder = here };
            var accounts = new Dictionary<string, HolderAccount>(lot.Holders, StringComparer.Ordinal) { [here] = account with { UsedKg = account.UsedKg + kg } };
            lot = lot with { Holders = accounts, Sequence = e.Sequence };
            if (onHand is { } d && inputs.Count == 1)
            {
                lot = await ReconcileAsync(lot, here, d, e, raise, ct);
            }
            lots[lotId] = lot;
            changed[lotId] = lot;
            history.Add((lotId, Entry(e, kg, "use")));
        }
        foreach (var (lotId, kg) in outputs)
        {
            var lot = (lots.TryGetValue(lotId, out var existing) ? existing : null) ?? NewLot(lotId, e) with { FromLot = e.Text("fromLot") ?? inputs.FirstOrDefault().Lot };
            if (e.Sequence <= lot.Sequence)
            {
                continue;
            }
            var account = lot.Holders.GetValueOrDefault(here) ?? new HolderAccount { Holder = here };
            lot = lot with
            {
                Sequence = e.Sequence,
                Holders = new Dictionary<string, HolderAccount>(lot.Holders, StringComparer.Ordinal) { [here] = account with { InKg = account.InKg + kg } },
            };
            lots[lotId] = lot;
            changed[lotId] = lot;
            history.Add((lotId, Entry(e, kg, "output")));
        }
    }

    /// <summary>Books the difference between the holder's book stock and what it declares; beyond the tolerance it is an imbalance.</summary>
    private async Task<ChemicalLot> ReconcileAsync(ChemicalLot lot, string holder, decimal declared, ProjectedEvent e, bool raise, CancellationToken ct)
    {
        var account = lot.Holders[holder];
        var difference = account.OnHandKg - declared;
        if (difference == 0)
        {
            return lot;
        }
        account = account with { UnexplainedKg = account.UnexplainedKg + difference };
        var tolerance = options.Chemicals.ToleranceFor(account.InKg);
        if (raise && Math.Abs(account.UnexplainedKg) > tolerance)
        {
            await alerts.RaiseAsync(new NewAlert($"{AlertKinds.ChemicalMassImbalance}:{lot.Lot}:{holder}", AlertKinds.ChemicalMassImbalance,
                Categories.HazardousChemical, Categories.LeadDepartment(Categories.HazardousChemical), await holders.EnterpriseOfAsync(holder, ct),
                [lot.Lot, holder], [e.EventId],
                $"{lot.Product ?? lot.Lot}：持有单位 {account.Name ?? holder} 收入 {account.InKg:0.###} kg，发出 {account.OutKg:0.###} kg，使用 {account.UsedKg:0.###} kg，处置 {account.DisposedKg:0.###} kg，" +
                $"库存 {declared:0.###} kg，不明差额 {account.UnexplainedKg:0.###} kg（允差 {tolerance:0.###} kg） (unexplained {account.UnexplainedKg:0.###} kg)",
                e.EventTime), ct: ct);
        }
        return lot with { Holders = new Dictionary<string, HolderAccount>(lot.Holders, StringComparer.Ordinal) { [holder] = account } };
    }

    private async Task CheckPermitAsync(ChemicalLot lot, ProjectedEvent e, System.Text.Json.JsonElement? sale, string buyer, CancellationToken ct)
    {
        var permit = sale.Member("purchasePermit").Text() ?? sale.Member("permit").Text() ?? e.Text("purchasePermit");
        var validUntil = sale.Member("permitValidUntil").Date() ?? e.Field("permitValidUntil").Date();
        var date = EventFields.LocalDate(e.EventTime);
        var problem = string.IsNullOrWhiteSpace(permit) ? "无购买许可证 (no purchase permit on the sale)"
            : validUntil is { } until && until < date ? $"购买许可证 {permit} 已于 {until:yyyy-MM-dd} 过期 (permit expired)"
            : null;
        if (problem is null)
        {
            return;
        }
        await alerts.RaiseAsync(new NewAlert($"{AlertKinds.ChemicalBuyerWithoutPermit}:{e.EventId}:{lot.Lot}", AlertKinds.ChemicalBuyerWithoutPermit,
            Categories.HazardousChemical, Categories.LeadDepartment(Categories.HazardousChemical), await holders.EnterpriseOfAsync(buyer, ct),
            [lot.Lot, buyer], [e.EventId],
            $"{lot.Product ?? lot.Lot}{(lot.HighlyToxic ? "（剧毒）" : "（易制爆）")} 售予 {sale.Member("buyer").Text() ?? buyer}：{problem}", e.EventTime), ct: ct);
    }

    private async ValueTask<string> HolderAtAsync(ProjectedEvent e, string list, CancellationToken ct) =>
        await holders.OfAsync(e.Link(list, "owning_party") ?? e.Link(list, "possessing_party") ?? e.Link(list, "location") ?? e.IdOf("bizLocation") ?? e.IdOf("readPoint") ?? "unknown", ct);

    private async ValueTask<string?> DestinationAsync(ProjectedEvent e, CancellationToken ct) =>
        (e.Link("destinationList", "owning_party") ?? e.Link("destinationList", "possessing_party") ?? e.Link("destinationList", "location")) is { } d ? await holders.OfAsync(d, ct) : null;

    private async ValueTask<string?> SourceAsync(ProjectedEvent e, CancellationToken ct) =>
        (e.Link("sourceList", "owning_party") ?? e.Link("sourceList", "possessing_party") ?? e.Link("sourceList", "location")) is { } d ? await holders.OfAsync(d, ct) : null;

    private static HistoryEntry Entry(ProjectedEvent e, decimal kg, string? step = null) => new(e.EventId, e.EventTime, step ?? e.Step(), new Dictionary<string, string?>
    {
        ["kg"] = kg.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        ["location"] = e.IdOf("bizLocation"),
        ["waybill"] = e.Field("transport").Member("electronicWaybill").Text(),
        ["vehicle"] = e.Field("transport").Member("vehiclePlate").Text(),
        ["buyer"] = e.Field("sale").Member("buyer").Text(),
        ["permit"] = e.Field("sale").Member("purchasePermit").Text(),
    });

    private Task EnsureLoadedAsync(CancellationToken ct) => _loaded.EnsureAsync(async ct =>
    {
        foreach (var lot in await tables.LoadAsync<ChemicalLot>(Kind, ct))
        {
            _lots[lot.Lot] = lot;
        }
    }, ct);
}
