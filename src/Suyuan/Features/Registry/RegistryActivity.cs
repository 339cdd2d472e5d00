using Suyuan.Core.Identifiers;
using Suyuan.Hosting.Projections;
using Suyuan.Storage.Registry;

namespace Suyuan.Features.Registry;

/// <summary>Counts events per location (bizLocation and readPoint, canonical) and day: who reports, how much and when last.</summary>
internal sealed class RegistryActivity(RegistryStore registry) : IEventProjection
{
    public string Name => "registry-activity";

    public async Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }
        var hits = new List<ActivityHit>();
        foreach (var e in events)
        {
            var bizLocation = e.IdOf("bizLocation") is { } b ? IdentifierConverter.Canonicalise(b) : null;
            var readPoint = e.IdOf("readPoint") is { } r ? IdentifierConverter.Canonicalise(r) : null;
            if (bizLocation is not null)
            {
                hits.Add(new ActivityHit(e.Sequence, bizLocation, e.EventTime, e.RecordTime));
            }
            // An event read at a point of the same site counts once for it.
            if (readPoint is not null && readPoint != bizLocation)
            {
                hits.Add(new ActivityHit(e.Sequence, readPoint, e.EventTime, e.RecordTime));
            }
        }
        await registry.RecordActivityAsync(Name, events[^1].Sequence, hits, ct);
    }
}
