using Dapper;
using Suyuan.Storage;

namespace Suyuan.Hosting.Projections;

/// <summary>
/// Feeds stored events to the registered views, in order, remembering each view's position. It runs after every capture
/// and at start; readers of a view call <see cref="CatchUpAsync"/> first, so what was acknowledged is what they see.
/// </summary>
public sealed class ProjectionRunner(IEventStore store, IEnumerable<IEventProjection> projections, IEnumerable<IDeclaredEventState> declaredState, ILogger<ProjectionRunner> log,
    DeclaredEvents? declaredEvents = null)
{
    private const int BatchSize = 1_000;
    private readonly IReadOnlyList<IEventProjection> _projections = projections.OrderBy(p => p.SeesErrorDeclarations).ToList();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly FeatureDatabase _database = FeatureDatabase.Of(store);
    private readonly SemaphoreSlim _signal = new(0, 1);
    private Dictionary<string, long>? _positions;

    /// <summary>Tells the worker that events were stored; cheap and never blocks the capture path.</summary>
    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    internal Task<bool> WaitForNewEventsAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    /// <summary>
    /// Applies every event stored when it was called to every view. Concurrent callers wait for the one running. Events
    /// stored meanwhile (a capture going on) are left to the next call: a reader waits for what was stored when it asked,
    /// not for a capture that goes on after it.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken ct = default)
    {
        if (_projections.Count == 0)
        {
            return;
        }
        var target = await store.LastFeedSequenceAsync(ct);
        await _gate.WaitAsync(ct);
        try
        {
            _positions ??= await LoadPositionsAsync(ct);
            if (declaredEvents is not null)
            {
                await declaredEvents.LoadAsync(ct);
            }
            // A view that fails on a batch is set aside for the rest of this call, at the position it had: the others go on (one
            // event a view cannot apply must not stop every view, nor the pages that read them), and it is retried on the next call.
            var failed = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var running = _projections.Where(p => !failed.Contains(p.Name)).ToList();
                if (running.Count == 0)
                {
                    return;
                }
                var from = running.Min(p => _positions.GetValueOrDefault(p.Name));
                if (from >= target)
                {
                    return;
                }
                var feed = await store.ReadFeedAsync(from, BatchSize, ct);
                if (feed.Count == 0)
                {
                    return;
                }
                // An event with an error declaration declares a captured event erroneous (EPCIS 2.0): it is no occurrence of
                // its own, so the views do not apply it (an error declaration of an event stored here is a second row of its
                // eventID), nor the event it declares when both are in this batch. Only views that follow declarations see them.
                var all = feed.Select(f => new ProjectedEvent(f)).ToList();
                var declared = all.Where(IsDeclaration).Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
                var events = declared.Count == 0 ? all : all.Where(e => !declared.Contains(e.EventId)).ToList();
                if (declared.Count > 0)
                {
                    declaredEvents?.Add(declared);
                    // What the views kept of the declared events goes before they apply the batch: an event after the declaration
                    // is judged without them, whichever batch the declaration shares. Deleting again on a replay changes nothing.
                    // If that fails, no view applies the batch now (each keeps its position), and the readers are not failed.
                    try
                    {
                        await RetractAsync(declared, ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        log.LogError(e, "What the views kept of events declared erroneous could not be taken back; the views wait for the next catch-up");
                        return;
                    }
                }
                var last = feed[^1].Sequence;
                foreach (var projection in running)
                {
                    var position = _positions.GetValueOrDefault(projection.Name);
                    if (position >= last)
                    {
                        continue;
                    }
                    var unseen = (projection.SeesErrorDeclarations ? all : events).Where(e => e.Sequence > position).ToList();
                    if (unseen.Count > 0)
                    {
                        // A batch is a stretch of synchronous work on SQLite: queued requests get the thread in between.
                        await Task.Yield();
                        try
                        {
                            await projection.ApplyAsync(unseen, ct);
                        }
                        catch (Exception e) when (IsAboutTheEvents(e))
                        {
                            // Values the view cannot hold fail the same way at every retry, and would stop it for good: the
                            // batch is applied again event by event, and the events that fail alone are passed over.
                            if (!await ApplyOneByOneAsync(projection, unseen, e, ct))
                            {
                                failed.Add(projection.Name);
                                continue;
                            }
                        }
                        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                        {
                            log.LogError(e, "The derived view {View} failed on the events after {Position}; the other views go on, and it is retried on the next catch-up", projection.Name, position);
                            failed.Add(projection.Name);
                            continue;
                        }
                    }
                    // A view that saves its own position saved the last event it applied; the events it skipped after that count too.
                    if (!projection.SavesPosition || unseen.Count == 0 || unseen[^1].Sequence < last)
                    {
                        await SavePositionAsync(projection.Name, last, ct);
                    }
                    _positions[projection.Name] = last;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Failures that come from an event's own values and would come again on every retry: a value past a database's
    /// limits (PostgreSQL's data exceptions and program limits, such as an index row of more than 2,704 bytes; SQLite's
    /// string or blob too big) or a date past what .NET holds (an instant late in year 9999 moved a year on).
    /// </summary>
    internal static bool IsAboutTheEvents(Exception e) => e switch
    {
        System.Data.Common.DbException { SqlState: { } state } when state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("54", StringComparison.Ordinal) => true,
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 18 } => true,
        ArgumentOutOfRangeException or OverflowException or FormatException => true,
        _ => false,
    };

    /// <summary>
    /// Applies <paramref name="events"/> one at a time after the batch failed with <paramref name="batchFailure"/>; an event
    /// that fails alone for its own values is logged with its eventID and passed over, and the view's position moves past
    /// it. False when another kind of failure stops the view (it keeps the position of the last event it applied).
    /// </summary>
    private async Task<bool> ApplyOneByOneAsync(IEventProjection projection, IReadOnlyList<ProjectedEvent> events, Exception batchFailure, CancellationToken ct)
    {
        log.LogWarning("The derived view {View} failed on a batch of {Count} events ({Message}); applying them one at a time", projection.Name, events.Count, batchFailure.Message);
        foreach (var one in events)
        {
            try
            {
                await projection.ApplyAsync([one], ct);
            }
            catch (Exception e) when (IsAboutTheEvents(e))
            {
                log.LogError(e, "The derived view {View} passes over event {EventId} (feed position {Sequence}): its values do not fit the view", projection.Name, one.EventId, one.Sequence);
                await SavePositionAsync(projection.Name, one.Sequence, ct);
                _positions![projection.Name] = one.Sequence;
                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.LogError(e, "The derived view {View} failed on event {EventId}; the other views go on, and it is retried on the next catch-up", projection.Name, one.EventId);
                return false;
            }
            if (!projection.SavesPosition)
            {
                await SavePositionAsync(projection.Name, one.Sequence, ct);
            }
            _positions![projection.Name] = one.Sequence;
        }
        return true;
    }

    /// <summary>Catches up, logging instead of throwing: a view that fails is retried after the next capture, and capture goes on.</summary>
    public async Task TryCatchUpAsync(CancellationToken ct)
    {
        try
        {
            await CatchUpAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "A derived view failed to follow the event feed; it will be retried");
        }
    }

    private static bool IsDeclaration(ProjectedEvent e) => e.Json.TryGetProperty("errorDeclaration", out _);

    private readonly IReadOnlyList<IDeclaredEventState> _declaredState = declaredState.ToList();

    private async Task RetractAsync(IReadOnlyCollection<string> eventIds, CancellationToken ct)
    {
        if (_declaredState.Count == 0)
        {
            return;
        }
        await _database.InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var state in _declaredState)
            {
                await state.RetractAsync(eventIds, connection, transaction, ct);
            }
            return 0;
        }, ct);
    }

    private async Task<Dictionary<string, long>> LoadPositionsAsync(CancellationToken ct)
    {
        await using var connection = await _database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string Name, long Position)>(new CommandDefinition("SELECT name, position FROM projection_cursors", cancellationToken: ct));
        return rows.ToDictionary(r => r.Name, r => r.Position);
    }

    /// <summary>
    /// Saves a view's position (parameters <c>@name</c>, <c>@position</c>). A view whose state is in this database may run it
    /// in its own batch's transaction, so that a crash never leaves its rows applied and its position behind (a batch applied
    /// twice); it says so by <see cref="IEventProjection.SavesPosition"/>.
    /// </summary>
    internal const string SavePositionSql =
        "INSERT INTO projection_cursors (name, position) VALUES (@name, @position) ON CONFLICT (name) DO UPDATE SET position = excluded.position";

    private async Task SavePositionAsync(string name, long position, CancellationToken ct) =>
        await _database.ExecuteAsync(SavePositionSql, new { name, position }, ct);
}
