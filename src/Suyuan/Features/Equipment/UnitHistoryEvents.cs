using Suyuan.Hosting.Projections;
using Suyuan.Storage;
using Suyuan.Storage.Query;

namespace Suyuan.Features.Equipment;

/// <summary>
/// The events of a unit's history read back from the repository, in the order they were stored, less the events declared
/// erroneous: what a view folds again to work a unit's state out without them.
/// </summary>
internal sealed class UnitHistoryEvents(IEventStore store, DeclaredEvents? declared = null)
{
    /// <summary>Whether the event was declared erroneous by a declaration the views have reached: a view behind them passes it over.</summary>
    public bool IsDeclared(string eventId) => declared?.Contains(eventId) == true;

    public async Task<IReadOnlyList<ProjectedEvent>> ReadAsync(IReadOnlyList<string> history, IReadOnlyCollection<string> retracted, CancellationToken ct)
    {
        var leaving = retracted as ISet<string> ?? new HashSet<string>(retracted, StringComparer.Ordinal);
        var wanted = history.Where(id => !leaving.Contains(id) && declared?.Contains(id) != true).Distinct(StringComparer.Ordinal).ToList();
        var events = new List<ProjectedEvent>(wanted.Count);
        // Sequences of the read-back alone: they only order the fold.
        var sequence = 0L;
        await foreach (var stored in store.WithEventIdsAsync(wanted, ct))
        {
            var e = new ProjectedEvent(new FeedEvent(++sequence, stored));
            if (!e.Json.TryGetProperty("errorDeclaration", out _))
            {
                events.Add(e);
            }
        }
        return events;
    }
}
