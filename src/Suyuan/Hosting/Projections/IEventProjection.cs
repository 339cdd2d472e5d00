namespace Suyuan.Hosting.Projections;

/// <summary>
/// A view derived from the event feed (alert rules, equipment state, chemical balances). It sees every stored event once,
/// in commit order, in batches; after a crash a batch may come again, so applying must be idempotent (upserts, dedupe keys).
/// </summary>
public interface IEventProjection
{
    /// <summary>Stable name: the key of this view's cursor.</summary>
    string Name { get; }

    Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct);

    /// <summary>
    /// True when <see cref="ApplyAsync"/> saves the view's position itself, in the transaction of the rows it wrote
    /// (<see cref="ProjectionRunner.SavePositionSql"/>); the runner then does not save it again.
    /// </summary>
    bool SavesPosition => false;

    /// <summary>
    /// True for a view that follows error declarations (events carrying <c>errorDeclaration</c>), which the others never
    /// see; such views run after the others on each batch, so they find what the others derived from it.
    /// </summary>
    bool SeesErrorDeclarations => false;
}

/// <summary>
/// State a feature derived from events that must not outlive an event's declaration as erroneous (EPCIS 2.0): the rows a
/// rule keeps of the event are taken back before the views apply the batch holding the declaration. Deleting must be
/// idempotent: a batch may be read again.
/// </summary>
public interface IDeclaredEventState
{
    Task RetractAsync(IReadOnlyCollection<string> eventIds, System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, CancellationToken ct);
}
