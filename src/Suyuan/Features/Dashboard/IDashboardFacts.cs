namespace Suyuan.Features.Dashboard;

/// <summary>Where the dashboard's figures come from: the registry (who must trace) and the activity it keeps (who reports, how much).</summary>
internal interface IDashboardFacts
{
    Task<IReadOnlyList<EnterpriseFacts>> EnterprisesAsync(CancellationToken ct);

    /// <summary>Events stored per day, oldest first, every day of the range present (zero when none).</summary>
    Task<IReadOnlyList<DailyVolume>> VolumesAsync(DateOnly from, DateOnly to, CancellationToken ct);
}
