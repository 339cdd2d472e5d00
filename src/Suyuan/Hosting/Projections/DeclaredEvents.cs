using Suyuan.Storage;
using Suyuan.Storage.Query;

namespace Suyuan.Hosting.Projections;

/// <summary>
/// The eventIDs declared erroneous (EPCIS 2.0 error declarations) that the views have reached: read from the repository once,
/// then kept up to date with each batch the runner reads, before any view applies it. Declarations are rare, so the set is
/// small. A view behind the others (one that failed and recovers, one added later and replaying) uses it so as not to raise
/// what rests on an event already declared erroneous, which the view that acknowledges such alerts has gone past.
/// </summary>
public sealed class DeclaredEvents(IEventStore store)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private volatile bool _loaded;

    public bool Contains(string eventId)
    {
        lock (_lock)
        {
            return _ids.Contains(eventId);
        }
    }

    internal void Add(IEnumerable<string> eventIds)
    {
        lock (_lock)
        {
            _ids.UnionWith(eventIds);
        }
    }

    /// <summary>Reads every declaration stored so far, the first time it is called.</summary>
    internal async Task LoadAsync(CancellationToken ct)
    {
        if (_loaded)
        {
            return;
        }
        var found = new List<string>();
        await foreach (var e in store.AllAsync([new("EXISTS_errorDeclaration", "true")], ct))
        {
            found.Add(e.EventId);
        }
        Add(found);
        _loaded = true;
    }
}
