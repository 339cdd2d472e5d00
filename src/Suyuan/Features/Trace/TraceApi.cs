using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Features.Recall;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Hosting.Directory;
using Suyuan.Storage;
using Suyuan.Storage.Lineage;

namespace Suyuan.Features.Trace;

/// <summary>Trace by identifier over the lineage kept at capture: backward (upstream), forward (downstream), one step, current holders.</summary>
internal static class TraceApi
{
    public static IEndpointRouteBuilder MapTraceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/trace").WithTags("Trace");
        group.MapGet("/backward", Backward).WithSummary("Everything upstream of an identifier back to the origins: lots, items, containers, parties, locations, events, path");
        group.MapGet("/forward", Forward).WithSummary("Everything downstream of an identifier: what was made from it, and every party and location that received any of it");
        group.MapGet("/step", Step).WithSummary("The immediate neighbours only: direction=up (一步向上) or down (一步向下)");
        group.MapGet("/holders", Holders).WithSummary("Current holders of a lot or item: where it is on hand or in transit now");
        return app;
    }

    internal static async Task<(string? Canonical, ProblemHttpResult? Problem)> ResolveAsync(string? id, LineageStore lineage, CancellationToken ct)
    {
        if (!TraceIds.TryCanonicalise(id, out var canonical, out var error))
        {
            return (null, Problems.BadRequest(error, "/id"));
        }
        if (!await lineage.IsKnownAsync(canonical, ct))
        {
            return (null, Problems.NotFound($"no captured event names '{canonical}'", "/id"));
        }
        return (canonical, null);
    }

    private static Task<Results<Ok<TraceView>, ProblemHttpResult>> Backward(string? id, HttpContext http, IEventStore store, IEnterpriseDirectory directory, CancellationToken ct) =>
        TraceAsync(id, TraceDirection.Backward, http, store, Custody(directory), ct);

    private static Task<Results<Ok<TraceView>, ProblemHttpResult>> Forward(string? id, HttpContext http, IEventStore store, CancellationToken ct) =>
        TraceAsync(id, TraceDirection.Forward, http, store, TraceOptions.Default, ct);

    /// <summary>Backward custody counts a market and its stalls, or a maker's sites, as one enterprise's place where the registry says so.</summary>
    private static TraceOptions Custody(IEnterpriseDirectory directory, TraceOptions? options = null) =>
        (options ?? TraceOptions.Default) with { PlaceOwner = directory.OwnerOfAsync };

    private static async Task<Results<Ok<TraceView>, ProblemHttpResult>> TraceAsync(string? id, TraceDirection direction, HttpContext http, IEventStore store, TraceOptions options, CancellationToken ct)
    {
        var lineage = LineageStore.Of(store);
        var (canonical, problem) = await ResolveAsync(id, lineage, ct);
        if (problem is not null)
        {
            return problem;
        }
        var result = await lineage.TraceAsync([(canonical!, null)], direction, options, ct);
        if (await RegulatorScope.CheckAsync(http, result.Parties.Concat(result.Locations), ct) is { } refused)
        {
            return refused;
        }
        return TypedResults.Ok(TraceView.From(canonical!, result));
    }

    private static async Task<Results<Ok<StepView>, ProblemHttpResult>> Step(string? id, string? direction, HttpContext http, IEventStore store, IEnterpriseDirectory directory, CancellationToken ct)
    {
        TraceDirection? dir = direction?.Trim().ToLowerInvariant() switch
        {
            "up" or "backward" or "upstream" => TraceDirection.Backward,
            "down" or "forward" or "downstream" => TraceDirection.Forward,
            _ => null,
        };
        if (dir is null)
        {
            return Problems.BadRequest("direction must be 'up' (一步向上) or 'down' (一步向下)", "/direction");
        }
        var lineage = LineageStore.Of(store);
        var (canonical, problem) = await ResolveAsync(id, lineage, ct);
        if (problem is not null)
        {
            return problem;
        }
        var result = await lineage.TraceAsync([(canonical!, null)], dir.Value, Custody(directory, new TraceOptions(MaxDepth: 1)), ct);
        if (await RegulatorScope.CheckAsync(http, result.Parties.Concat(result.Locations), ct) is { } refused)
        {
            return refused;
        }
        var neighbours = result.Lots.Concat(result.Containers).Where(n => n.Id != canonical).Select(n => new IdView(n.Id, n.Kind)).ToList();
        var edgeEvents = result.Path.Select(p => p.EventId).ToHashSet(StringComparer.Ordinal);
        var events = result.Events.Where(e => edgeEvents.Contains(e.Event.EventId)).Select(EventView.From).ToList();
        return TypedResults.Ok(new StepView(canonical!, dir == TraceDirection.Backward ? "up" : "down", neighbours, result.Path, events));
    }

    private static async Task<Results<Ok<HoldersView>, ProblemHttpResult>> Holders(string? id, HttpContext http, IEventStore store, CancellationToken ct)
    {
        var lineage = LineageStore.Of(store);
        var (canonical, problem) = await ResolveAsync(id, lineage, ct);
        if (problem is not null)
        {
            return problem;
        }
        // The same goods only: its items and containers, not what was made from it.
        var result = await lineage.TraceAsync([(canonical!, null)], TraceDirection.Forward, new TraceOptions(FollowTransformations: false), ct);
        if (await RegulatorScope.CheckAsync(http, result.Parties.Concat(result.Locations), ct) is { } refused)
        {
            return refused;
        }
        return TypedResults.Ok(new HoldersView(canonical!, StockLedger.Holders(result)));
    }
}
