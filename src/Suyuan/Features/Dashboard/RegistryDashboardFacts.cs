using Suyuan.Storage.Registry;

namespace Suyuan.Features.Dashboard;

/// <summary>The dashboard's facts from the registry: who is registered for what, and the activity view's last reports and daily counts.</summary>
internal sealed class RegistryDashboardFacts(RegistryStore registry) : IDashboardFacts
{
    private const int Page = 1_000;

    public async Task<IReadOnlyList<EnterpriseFacts>> EnterprisesAsync(CancellationToken ct)
    {
        var records = new List<EnterpriseRecord>();
        for (var offset = 0; ; offset += Page)
        {
            var page = await registry.SearchAsync(new EnterpriseFilter(Offset: offset, Limit: Page), ct);
            records.AddRange(page.Items);
            if (page.Items.Count < Page)
            {
                break;
            }
        }
        // "Reporting" is about sending data: the time events were recorded, not the time they say they happened.
        var reports = (await registry.LastReportedAsync(ct)).ToDictionary(r => r.Uscc, StringComparer.Ordinal);
        return records.Select(e =>
        {
            reports.TryGetValue(e.Uscc, out var report);
            return new EnterpriseFacts(e.Uscc, e.Name, e.Region, e.NodeTypes.ToHashSet(StringComparer.Ordinal), e.Categories.ToHashSet(StringComparer.Ordinal),
                (e.ProductLines ?? []).ToHashSet(StringComparer.Ordinal), report?.LastRecordTime, report?.Events ?? 0);
        }).ToList();
    }

    public async Task<IReadOnlyList<DailyVolume>> VolumesAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var byDay = (await registry.ActivityAsync(from, to, ct)).GroupBy(a => a.Day).ToDictionary(g => g.Key, g => g.Sum(a => a.Events));
        var days = new List<DailyVolume>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            days.Add(new DailyVolume(day, byDay.GetValueOrDefault(day)));
        }
        return days;
    }
}
