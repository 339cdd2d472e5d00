using Suyuan.Core.Domain;

namespace Suyuan.Features.Dashboard;

/// <summary>What the dashboard knows of one registered enterprise.</summary>
internal sealed record EnterpriseFacts(string Uscc, string Name, string Region, IReadOnlySet<string> NodeTypes, IReadOnlySet<string> Categories,
    IReadOnlySet<string> ProductLines, DateTimeOffset? LastReportedAt, long Events);

/// <summary>One target measured: registered and reporting enterprises in its group, and whether it is met.</summary>
internal sealed record CoverageRow(CoverageTarget Target, int Registered, int Reporting)
{
    public double Percent => Registered == 0 ? 0 : 100.0 * Reporting / Registered;

    public bool Met => Target.Percent is { } p ? Registered > 0 && Percent >= p : Reporting >= (Target.Count ?? 0);

    /// <summary>How far along, 0–100, for the bar: share of the percentage or of the count.</summary>
    public double Progress => Target.Percent is { } p ? Math.Min(100, Percent / p * 100) : Math.Min(100, 100.0 * Reporting / Math.Max(1, Target.Count ?? 1));
}

internal sealed record DailyVolume(DateOnly Day, long Events);

/// <summary>The regulators' overview, computed from the registry's facts for the departments the viewer serves.</summary>
internal sealed record DashboardModel(
    IReadOnlyList<CoverageRow> Coverage,
    IReadOnlyList<EnterpriseFacts> StoppedReporting,
    IReadOnlyList<EnterpriseFacts> NeverReported,
    IReadOnlyList<DailyVolume> Volumes,
    IReadOnlyDictionary<string, long> OpenAlerts,
    int Enterprises,
    int Reporting,
    DateTimeOffset Now)
{
    /// <summary>An enterprise reports when it sent an event within this window.</summary>
    public static readonly TimeSpan ReportingWindow = TimeSpan.FromDays(30);

    /// <summary>A reporting enterprise is flagged as stopped when silent this long.</summary>
    public static readonly TimeSpan StoppedAfter = TimeSpan.FromDays(7);

    public static DashboardModel Build(IReadOnlyList<EnterpriseFacts> enterprises, IReadOnlyList<DailyVolume> volumes, IReadOnlyDictionary<string, long> openAlerts,
        IReadOnlySet<string>? categories, DateTimeOffset now)
    {
        var visible = categories is null ? enterprises : enterprises.Where(e => e.Categories.Overlaps(categories)).ToList();
        bool Reports(EnterpriseFacts e) => e.LastReportedAt is { } last && now - last <= ReportingWindow;
        var coverage = CoverageTargets.Plan
            .Where(t => categories is null || categories.Contains(t.Group.Category))
            .Select(t =>
            {
                var group = visible.Where(t.Group.Contains).ToList();
                return new CoverageRow(t, group.Count, group.Count(Reports));
            })
            .ToList();
        var stopped = visible.Where(e => e.LastReportedAt is { } last && now - last > StoppedAfter)
            .OrderBy(e => e.LastReportedAt).ToList();
        var never = visible.Where(e => e.LastReportedAt is null).OrderBy(e => e.Region, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        return new DashboardModel(coverage, stopped, never, volumes, openAlerts, visible.Count, visible.Count(Reports), now);
    }

    /// <summary>The categories a department regulates (null = every category, for admins).</summary>
    public static IReadOnlySet<string>? CategoriesOf(string? department) => department is null
        ? null
        : Categories.All.Where(c => c.Departments.Contains(department)).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
}
